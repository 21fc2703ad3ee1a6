package io.gan4j.sdk.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.AutoDiff;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.loss.GanLoss;
import io.gan4j.sdk.gan.terms.GradientPenalty;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class GradientPenaltyTest {

  /**
   * With real = generated, every interpolate is x itself whatever ε is, so for the critic
   * D(x) = tanh(a) + a, a = x·w + b: ∇D = (2 − tanh²(a))·w and
   * GP = λ·mean_i(√((2 − tanh²(a_i))²·‖w‖² + 1e-10) − 1)², by hand in float64.
   */
  @Test
  void penaltyMatchesTheFormulaAndItsGradientReachesTheCritic() {
    float[][] x = {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}, {1f, 1f, 1f}};
    float lambda = 10f;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 4);
      Operand<TFloat32> real = tf.constant(x);
      GanModel model = new GanModel(tf, store, 4, 3, null, new R1PenaltyTest.TanhCritic(List.of(3)), GanLoss.named("wasserstein"),
          tf.constant(0L), tf.constant(0L), real, null, real, null, null, null);
      ForwardPass pass = ForwardPass.of(Mode.TRAIN);
      TermLoss gp = new GradientPenalty(lambda).bind(model).discriminator(new DiscriminatorPass(model, pass, null, null, List.of()));
      Operand<TFloat32> w = pass.reads().get("D_out_w");
      Operand<TFloat32> b = pass.reads().get("D_out_b");
      Operand<TFloat32> dw = AutoDiff.gradients(tf, gp.value(), List.of(w)).get(0);
      s.initialize();
      float[] wv = new float[3];
      float[] grad = new float[3];
      float bv;
      float penalty;
      try (Result r = s.runner().fetch(w).fetch(b).fetch(gp.value()).fetch(dw).run()) {
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(wv, false, false));
        bv = ((TFloat32) r.get(1)).getFloat(0);
        penalty = ((TFloat32) r.get(2)).getFloat();
        ((TFloat32) r.get(3)).copyTo(DataBuffers.of(grad, false, false));
      }
      assertThat(gp.scalars()).containsOnlyKeys("loss/gp");
      double expected = gpOf(x, wv, bv, -1, 0, lambda);
      assertThat((double) penalty).isCloseTo(expected, within(1e-5 * expected));
      for (int j = 0; j < 3; j++) {
        double h = 1e-4;
        double fd = (gpOf(x, wv, bv, j, h, lambda) - gpOf(x, wv, bv, j, -h, lambda)) / (2 * h);
        assertThat((double) grad[j]).as("dGP/dw[%s]", j).isCloseTo(fd, within(1e-3 * Math.abs(fd) + 1e-4));
      }
    }
  }

  @Test
  void lambdaMustBePositive() {
    assertThatThrownBy(() -> new GradientPenalty(-1f)).hasMessage("GradientPenalty.lambda must be > 0, got -1.0");
  }

  private static double gpOf(float[][] x, float[] w, float b, int j, double h, float lambda) {
    double[] wd = new double[w.length];
    double n2 = 0;
    for (int k = 0; k < w.length; k++) {
      wd[k] = w[k] + (k == j ? h : 0);
      n2 += wd[k] * wd[k];
    }
    double sum = 0;
    for (float[] xi : x) {
      double a = b;
      for (int k = 0; k < wd.length; k++) {
        a += xi[k] * wd[k];
      }
      double c = 2 - Math.tanh(a) * Math.tanh(a);
      double norm = Math.sqrt(c * c * n2 + GradientPenalty.EPSILON);
      sum += (norm - 1) * (norm - 1);
    }
    return lambda * sum / x.length;
  }
}
