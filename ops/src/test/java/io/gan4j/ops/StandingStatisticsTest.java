package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class StandingStatisticsTest {

  @Test
  void aStandingPassLeavesTheMeanOfTheBatchesStatisticsAndNormalisesWithTheBatchs() {
    // Two batches of 2 samples × 2 channels. Batch 1: channel 0 {1, 3}, channel 1 {0, 4};
    // batch 2: channel 0 {5, 7}, channel 1 {2, 2}. Means 2, 2 and 6, 2; variances 1, 4 and 1, 0.
    // After zeroing and two runs of weight 1/2: mean (4, 2), variance (1, 2).
    float[][][] batches = {{{1, 0}, {3, 4}}, {{5, 2}, {7, 2}}};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(2, 2)));
      ForwardPass pass = ForwardPass.standing(2);
      Operand<TFloat32> y = BatchNorm.withoutAffine().apply(NetScope.root(store, pass, "G"), x);
      for (String v : new String[] {"G_moving_mean", "G_moving_var"}) {
        s.runner().addTarget(tf.assign(store.get(v).variable(), tf.zerosLike(store.get(v).variable()))).run().close();
      }
      for (float[][] b : batches) {
        try (TFloat32 t = TFloat32.tensorOf(StdArrays.ndCopyOf(b))) {
          Session.Runner r = s.runner().feed(x, t).fetch(y);
          pass.updates().forEach(r::addTarget);
          try (var out = r.run()) {
            // Normalised with the batch's own statistics: (1 - 2)/sqrt(1 + eps) = -1 (to 1e-3).
            assertThat(((TFloat32) out.get(0)).getFloat(0, 0)).isCloseTo(-1f, within(1e-3f));
          }
        }
      }
      double[] mean = GraphRun.fetch(s, tf.identity(store.get("G_moving_mean").variable()));
      double[] var = GraphRun.fetch(s, tf.identity(store.get("G_moving_var").variable()));
      assertThat(mean).containsExactly(new double[] {4, 2}, within(1e-6));
      assertThat(var).containsExactly(new double[] {1, 2}, within(1e-6));
    }
    assertThatThrownBy(() -> ForwardPass.standing(0)).hasMessage("standing statistics need at least 1 batch, got 0");
    assertThatThrownBy(() -> ForwardPass.of(Mode.STANDING))
        .hasMessage("a STANDING pass needs its batch count: use ForwardPass.standing(batches)");
  }
}
