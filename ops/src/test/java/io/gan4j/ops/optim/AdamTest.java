package io.gan4j.ops.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.GraphRun;
import io.gan4j.ops.Initializer;
import io.gan4j.ops.VariableStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Three Adam steps on w with constant gradient g, against the update rule evaluated by hand. */
class AdamTest {

  @Test
  void threeStepsMatchTheUpdateRule() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      VariableStore.Entry w = store.getOrCreate("w", Shape.of(2), Initializer.constant(1f), VariableStore.Role.TRAINABLE);
      Operand<TFloat32> grad = tf.constant(new float[] {0.5f, -2f});
      float lr = 0.1f, b1 = 0.5f, b2 = 0.9f, eps = 1e-8f;
      Op step = new Adam(lr, b1, b2, eps).apply(store, "opt", List.of(w), List.of(grad));
      s.initialize();
      double[] expected = {1, 1};
      double[] gv = {0.5, -2};
      double[] m = new double[2];
      double[] v = new double[2];
      for (int t = 1; t <= 3; t++) {
        s.run(step);
        double lrT = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
        for (int i = 0; i < 2; i++) {
          m[i] = b1 * m[i] + (1 - b1) * gv[i];
          v[i] = b2 * v[i] + (1 - b2) * gv[i] * gv[i];
          expected[i] -= lrT * m[i] / (Math.sqrt(v[i]) + eps);
        }
      }
      double[] got = GraphRun.fetch(s, tf.identity(w.variable()));
      assertThat(got[0]).isCloseTo(expected[0], within(1e-6));
      assertThat(got[1]).isCloseTo(expected[1], within(1e-6));
    }
  }
}
