package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class SelfAttentionTest {

  static final int N = 2;
  static final int H = 4;
  static final int W = 6;
  static final int C = 16;

  private static float[] input(long seed) {
    Random r = new Random(seed);
    float[] x = new float[N * H * W * C];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) r.nextGaussian();
    }
    return x;
  }

  /** The block on a fed x with γ set, plus what the test needs from its graph. */
  private record Built(Graph graph, Session session, Placeholder<TFloat32> x, SelfAttention.Output out, VariableStore store,
      ForwardPass pass) implements AutoCloseable {
    @Override
    public void close() {
      session.close();
      graph.close();
    }

    double[] fetch(Operand<?> op, float[] xValue) {
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(N, H, W, C), DataBuffers.of(xValue, true, false));
          org.tensorflow.Result r = session.runner().feed(x, t).fetch(op).run()) {
        return GraphRun.flatten(r.get(0));
      }
    }
  }

  private static Built build(float gamma, boolean sn) {
    Graph g = new Graph();
    Ops tf = Ops.create(g);
    VariableStore store = new VariableStore(tf, 3);
    Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, W, C)));
    ForwardPass pass = ForwardPass.of(Mode.INFER);
    SelfAttention.Output out = SelfAttention.create().spectralNorm(sn).apply(NetScope.root(store, pass, "A"), x);
    Session s = new Session(g);
    s.runner().addTarget(tf.assign(store.get("A_gamma").variable(), tf.constant(gamma))).run().close();
    return new Built(g, s, x, out, store, pass);
  }

  @Test
  void matchesAFloat64ComputationOfTheFormula() {
    float[] x = input(1);
    try (Built b = build(0.7f, false)) {
      double[] got = b.fetch(b.out().output(), x);
      double[] map = b.fetch(b.out().attention(), x);
      double[] theta = b.fetch(b.store().get("A_theta_w").variable(), x);
      double[] phi = b.fetch(b.store().get("A_phi_w").variable(), x);
      double[] gw = b.fetch(b.store().get("A_g_w").variable(), x);
      double[] ow = b.fetch(b.store().get("A_o_w").variable(), x);
      int hw = H * W;
      int keys = hw / 4;
      double maxErr = 0;
      double maxMapErr = 0;
      for (int n = 0; n < N; n++) {
        double[][] th = conv(x, n, theta, C / 8);
        double[][] ph = pool(conv(x, n, phi, C / 8));
        double[][] gg = pool(conv(x, n, gw, C / 2));
        for (int q = 0; q < hw; q++) {
          double[] logits = new double[keys];
          double max = Double.NEGATIVE_INFINITY;
          for (int k = 0; k < keys; k++) {
            for (int c = 0; c < C / 8; c++) {
              logits[k] += th[q][c] * ph[k][c];
            }
            max = Math.max(max, logits[k]);
          }
          double sum = 0;
          for (int k = 0; k < keys; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
          }
          double[] att = new double[C / 2];
          for (int k = 0; k < keys; k++) {
            double beta = logits[k] / sum;
            maxMapErr = Math.max(maxMapErr, Math.abs(beta - map[(n * hw + q) * keys + k]));
            for (int c = 0; c < C / 2; c++) {
              att[c] += beta * gg[k][c];
            }
          }
          for (int co = 0; co < C; co++) {
            double o = 0;
            for (int ci = 0; ci < C / 2; ci++) {
              o += att[ci] * ow[ci * C + co];
            }
            int idx = (n * hw + q) * C + co;
            maxErr = Math.max(maxErr, Math.abs(0.7 * o + x[idx] - got[idx]));
          }
        }
      }
      assertThat(maxMapErr).isLessThanOrEqualTo(1e-5);
      assertThat(maxErr).isLessThanOrEqualTo(1e-5);
      assertThat(map).hasSize(N * hw * keys);
    }
  }

  /** 1×1 conv of sample n: [H·W][out]. */
  private static double[][] conv(float[] x, int n, double[] kernel, int out) {
    double[][] y = new double[H * W][out];
    for (int p = 0; p < H * W; p++) {
      for (int co = 0; co < out; co++) {
        for (int ci = 0; ci < C; ci++) {
          y[p][co] += x[(n * H * W + p) * C + ci] * kernel[ci * out + co];
        }
      }
    }
    return y;
  }

  /** 2×2 max-pool of [H·W][c] (row-major positions) to [H·W/4][c]. */
  private static double[][] pool(double[][] y) {
    int c = y[0].length;
    double[][] out = new double[H * W / 4][c];
    for (int i = 0; i < H / 2; i++) {
      for (int j = 0; j < W / 2; j++) {
        for (int k = 0; k < c; k++) {
          double m = Double.NEGATIVE_INFINITY;
          for (int di = 0; di < 2; di++) {
            for (int dj = 0; dj < 2; dj++) {
              m = Math.max(m, y[(2 * i + di) * W + 2 * j + dj][k]);
            }
          }
          out[i * (W / 2) + j][k] = m;
        }
      }
    }
    return out;
  }

  @Test
  void withGammaZeroTheBlockIsTheIdentity() {
    float[] x = input(2);
    try (Built b = build(0f, true)) {
      double[] y = b.fetch(b.out().output(), x);
      for (int i = 0; i < x.length; i++) {
        assertThat(y[i]).isEqualTo(x[i]);
      }
    }
  }

  @Test
  void gradientsReachThetaPhiGOAndGammaAndMatchFiniteDifferences() {
    float[] x = input(3);
    try (Built b = build(0.5f, true)) {
      Ops tf = Ops.create(b.graph());
      Operand<TFloat32> weights = tf.constant(Shape.of(N, H, W, C), DataBuffers.of(input(4), true, false));
      Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(b.out().output(), weights), tf.constant(new int[] {0, 1, 2, 3}));
      List<String> names = List.of("A_theta_w", "A_phi_w", "A_g_w", "A_o_w", "A_gamma");
      List<Operand<TFloat32>> reads = new ArrayList<>();
      names.forEach(n -> reads.add(b.pass().reads().get(n)));
      List<Operand<TFloat32>> grads = AutoDiff.gradients(tf, loss, reads);
      for (int i = 0; i < names.size(); i++) {
        double[] grad = b.fetch(grads.get(i), x);
        assertThat(java.util.Arrays.stream(grad).map(Math::abs).max().orElseThrow()).as(names.get(i)).isGreaterThan(1e-4);
      }
      // γ's gradient is Σ c·o: check it against a central difference of the loss in γ.
      double analytic = b.fetch(grads.get(4), x)[0];
      double h = 1e-2;
      double plus = lossAtGamma(b, tf, loss, x, 0.5f + (float) h);
      double minus = lossAtGamma(b, tf, loss, x, 0.5f - (float) h);
      assertThat(analytic).isCloseTo((plus - minus) / (2 * h), within(1e-3 * Math.max(1, Math.abs(analytic))));
    }
  }

  private static double lossAtGamma(Built b, Ops tf, Operand<TFloat32> loss, float[] x, float gamma) {
    b.session().runner().addTarget(tf.assign(b.store().get("A_gamma").variable(), tf.constant(gamma))).run().close();
    return b.fetch(loss, x)[0];
  }
}
