package io.gan4j.ops.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.GraphRun;
import io.gan4j.ops.Initializer;
import io.gan4j.ops.VariableStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/** One RMSProp step, then the clip to [−c, c], against the update rule by hand. */
class ClippedOptimizerTest {

  @Test
  void updatesWithTheInnerRuleThenClipsEveryVariable() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      VariableStore.Entry w = store.getOrCreate("w", Shape.of(3), Initializer.constant(0.005f), VariableStore.Role.TRAINABLE);
      // RMSProp (ρ 0.9, ε 1e-10) from ms = 0: ms = 0.1·g², step lr·g/√ms = lr·sign(g)/√0.1 = ±0.0316 for lr 0.01.
      Op step = new ClippedOptimizer(Optimizer.rmsProp(0.01f), 0.01f)
          .apply(store, "critic", List.of(w), List.of(tf.constant(new float[] {1f, -3f, 0f})));
      s.initialize();
      s.run(step);
      double[] got = GraphRun.fetch(s, tf.identity(w.variable()));
      assertThat(got[0]).isCloseTo(-0.01, within(1e-7));  // 0.005 − 0.0316 = −0.0266 → clipped
      assertThat(got[1]).isCloseTo(0.01, within(1e-7));   // 0.005 + 0.0316 = 0.0366 → clipped
      assertThat(got[2]).isCloseTo(0.005, within(1e-7));  // no gradient: inside the box, untouched
    }
  }

  @Test
  void clipMustBePositive() {
    assertThatThrownBy(() -> new ClippedOptimizer(Optimizer.rmsProp(1e-4f), 0f)).hasMessage("clip must be > 0, got 0.0");
  }
}
