package io.gan4j.sdk.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.AutoDiff;
import io.gan4j.ops.Dense;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.loss.GanLoss;
import io.gan4j.sdk.gan.terms.R1Penalty;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class R1PenaltyTest {

  /** A user-written critic: D(x) = tanh(x·w + b) summed with x·w, so ∇_x D = (1 + 1 − tanh²(x·w + b))·w is known. */
  record TanhCritic(List<Integer> inputShape) implements DiscriminatorNetwork {
    @Override
    public int classes() {
      return 0;
    }

    @Override
    public Heads judge(NetScope scope, Operand<TFloat32> x, Operand<TInt32> labels) {
      Ops tf = scope.tf();
      Operand<TFloat32> a = Dense.of(1).apply(scope.child("out"), x);
      return Heads.of(tf.reshape(tf.math.add(tf.math.tanh(a), a), tf.constant(new int[] {-1})));
    }
  }

  @Test
  void penaltyIsHalfGammaTimesTheMeanSquaredInputGradientAndReachesDsWeights() {
    float[][] x = {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}};
    float gamma = 10f;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 4);
      Operand<TFloat32> real = tf.constant(x);
      GanModel model = new GanModel(tf, store, 4, 2, null, new TanhCritic(List.of(3)), GanLoss.named("hinge"),
          tf.constant(0L), tf.constant(0L), real, null, null, null, null, null);
      ForwardPass pass = ForwardPass.of(Mode.TRAIN);
      TermLoss r1 = new R1Penalty(gamma).bind(model).discriminator(new DiscriminatorPass(model, pass, null, null, List.of()));
      Operand<TFloat32> w = pass.reads().get("D_out_w");
      Operand<TFloat32> b = pass.reads().get("D_out_b");
      Operand<TFloat32> dw = AutoDiff.gradients(tf, r1.value(), List.of(w)).get(0);
      s.initialize();
      float[] wv = new float[3];
      float bv;
      float penalty;
      float[] grad = new float[3];
      try (Result r = s.runner().fetch(w).fetch(b).fetch(r1.value()).fetch(dw).run()) {
        ((TFloat32) r.get(0)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(wv, false, false));
        bv = ((TFloat32) r.get(1)).getFloat(0);
        penalty = ((TFloat32) r.get(2)).getFloat();
        ((TFloat32) r.get(3)).copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(grad, false, false));
      }
      assertThat(r1.scalars()).containsOnlyKeys("loss/r1");
      // Float64 by hand: ∇_x D(x_i) = (2 − tanh²(a_i))·w with a_i = x_i·w + b, so
      // R1 = γ/2 · mean_i (2 − tanh²(a_i))²·‖w‖².
      double expected = 0;
      double[] dExpected = new double[3];
      for (float[] xi : x) {
        double a = bv;
        for (int j = 0; j < 3; j++) {
          a += xi[j] * wv[j];
        }
        double c = 2 - Math.tanh(a) * Math.tanh(a);
        expected += gamma / 2.0 * c * c * norm2(wv) / x.length;
      }
      assertThat((double) penalty).isCloseTo(expected, within(1e-5 * expected));
      // Second order reaches w: compare with central finite differences of the float64 formula.
      for (int j = 0; j < 3; j++) {
        double h = 1e-4;
        dExpected[j] = (r1Of(x, wv, bv, j, h, gamma) - r1Of(x, wv, bv, j, -h, gamma)) / (2 * h);
        assertThat((double) grad[j]).as("dR1/dw[%s]", j).isCloseTo(dExpected[j], within(1e-3 * Math.abs(dExpected[j]) + 1e-4));
      }
    }
  }

  @Test
  void gammaMustBePositive() {
    assertThatThrownBy(() -> new R1Penalty(0f)).hasMessage("R1Penalty.gamma must be > 0, got 0.0");
  }

  private static double r1Of(float[][] x, float[] w, float b, int j, double h, float gamma) {
    double[] wd = new double[w.length];
    for (int k = 0; k < w.length; k++) {
      wd[k] = w[k] + (k == j ? h : 0);
    }
    double n2 = 0;
    for (double v : wd) {
      n2 += v * v;
    }
    double sum = 0;
    for (float[] xi : x) {
      double a = b;
      for (int k = 0; k < wd.length; k++) {
        a += xi[k] * wd[k];
      }
      double c = 2 - Math.tanh(a) * Math.tanh(a);
      sum += c * c * n2;
    }
    return gamma / 2.0 * sum / x.length;
  }

  private static double norm2(float[] w) {
    double n = 0;
    for (float v : w) {
      n += (double) v * v;
    }
    return n;
  }
}
