package io.gan4j.ops.mix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.AutoDiff;
import io.gan4j.ops.Dense;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.GraphRun;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.loss.GanLoss;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class MixingTest {

  static final int N = 64;
  static final int H = 16;
  static final int W = 12;

  private interface Check {
    void run(Ops tf, Session s, Operand<TInt64> key);
  }

  private static void withGraph(Check c) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      c.run(tf, s, tf.constant(new long[] {7, 11}));
    }
  }

  @Test
  void lambdaIsTheMeanOfEveryMaskAndMasksArePerSampleInZeroOne() {
    withGraph((tf, s, key) -> {
      for (SampleMixing m : List.of(new Mixup(1f), new CutMix(1f), new SRMix(1f, 0.25f))) {
        Mask mask = m.sample(tf, key, N, H, W);
        assertThat(mask.values().shape().asArray()).containsExactly(N, H, W, 1);
        double[] v = GraphRun.fetch(s, mask.values());
        double[] lambda = GraphRun.fetch(s, mask.lambda());
        for (int i = 0; i < N; i++) {
          double sum = 0;
          for (int p = 0; p < H * W; p++) {
            double x = v[i * H * W + p];
            assertThat(x).as(m.name()).isBetween(0.0, 1.0);
            sum += x;
          }
          assertThat(lambda[i]).as(m.name()).isCloseTo(sum / (H * W), within(1e-6));
        }
        assertThat(java.util.Arrays.stream(lambda).distinct().count()).as(m.name() + ": per-sample masks").isGreaterThan(N / 2);
      }
    });
  }

  @Test
  void cutMixCutsOneRectangleWhoseAreaIsOneMinusLambda() {
    withGraph((tf, s, key) -> {
      Mask mask = new CutMix(1f).sample(tf, key, N, H, W);
      double[] v = GraphRun.fetch(s, mask.values());
      double[] lambda = GraphRun.fetch(s, mask.lambda());
      for (int i = 0; i < N; i++) {
        int zeros = 0;
        int minY = H, maxY = -1, minX = W, maxX = -1;
        for (int y = 0; y < H; y++) {
          for (int x = 0; x < W; x++) {
            double m = v[(i * H + y) * W + x];
            assertThat(m == 0.0 || m == 1.0).isTrue();
            if (m == 0.0) {
              zeros++;
              minY = Math.min(minY, y);
              maxY = Math.max(maxY, y);
              minX = Math.min(minX, x);
              maxX = Math.max(maxX, x);
            }
          }
        }
        assertThat(1 - zeros / (double) (H * W)).isCloseTo(lambda[i], within(1e-6));
        if (zeros > 0) { // the fake pixels fill their bounding box exactly: one rectangle
          assertThat(zeros).isEqualTo((maxY - minY + 1) * (maxX - minX + 1));
        }
      }
    });
  }

  @Test
  void srMixWithVanishingSigmaIsCutMixAndSmoothsOtherwise() {
    withGraph((tf, s, key) -> {
      double[] cut = GraphRun.fetch(s, new CutMix(1f).sample(tf, key, N, H, W).values());
      double[] sharp = GraphRun.fetch(s, new SRMix(1f, 1e-4f).sample(tf, key, N, H, W).values());
      double[] zero = GraphRun.fetch(s, new SRMix(1f, 0f).sample(tf, key, N, H, W).values());
      double[] smooth = GraphRun.fetch(s, new SRMix(1f, 0.3f).sample(tf, key, N, H, W).values());
      long fractional = 0;
      for (int i = 0; i < cut.length; i++) {
        assertThat(sharp[i]).isCloseTo(cut[i], within(1e-6));
        assertThat(zero[i]).isEqualTo(cut[i]);
        fractional += smooth[i] > 1e-3 && smooth[i] < 1 - 1e-3 ? 1 : 0;
      }
      assertThat(fractional).as("smoothed edges").isGreaterThan(cut.length / 10);
    });
    assertThatThrownBy(() -> new SRMix(1f, -1f)).hasMessage("SRMix sigma must be >= 0, got -1.0");
  }

  @Test
  void mixupLambdaFollowsBeta() {
    withGraph((tf, s, key) -> {
      // Beta(1, 1) is uniform: mean 1/2, variance 1/12; Beta(0.2, 0.2) puts most mass near 0 and 1.
      double[] u = GraphRun.fetch(s, new Mixup(1f).sample(tf, key, 8192, 1, 1).lambda());
      double mean = java.util.Arrays.stream(u).average().orElseThrow();
      double var = java.util.Arrays.stream(u).map(x -> (x - mean) * (x - mean)).sum() / (u.length - 1);
      assertThat(mean).isCloseTo(0.5, within(0.02));
      assertThat(var).isCloseTo(1 / 12.0, within(0.005));
      double[] b = GraphRun.fetch(s, new Mixup(0.2f).sample(tf, key, 8192, 1, 1).lambda());
      double var2 = java.util.Arrays.stream(b).map(x -> (x - 0.5) * (x - 0.5)).sum() / (b.length - 1);
      assertThat(var2).isCloseTo(0.25 / 1.4, within(0.01)); // α²/((2α)²(2α+1)) = 1/(4(2α+1))
    });
  }

  @Test
  void mixedBceLossIsSoftLabelBceAndGradientsReachD() {
    withGraph((tf, s, key) -> {
      VariableStore store = new VariableStore(tf, 3);
      ForwardPass pass = ForwardPass.of(Mode.TRAIN);
      Operand<TFloat32> real = tf.random.statelessRandomNormal(tf.constant(new int[] {N, H, W, 1}), tf.constant(new long[] {1, 1}));
      Operand<TFloat32> fake = tf.random.statelessRandomNormal(tf.constant(new int[] {N, H, W, 1}), tf.constant(new long[] {2, 2}));
      Mask mask = new SRMix(1f, 0.2f).sample(tf, key, N, H, W);
      Operand<TFloat32> mixed = Mixing.mix(tf, mask, real, fake);
      Operand<TFloat32> logits = tf.reshape(
          Dense.of(1).apply(NetScope.root(store, pass, "D"), tf.reshape(mixed, tf.constant(new int[] {N, H * W}))),
          tf.constant(new int[] {N}));
      for (String name : List.of("non-saturating", "minimax")) {
        Operand<TFloat32> ours = Mixing.loss(tf, GanLoss.named(name), logits, mask.lambda());
        // −[λ·log σ(l) + (1 − λ)·log(1 − σ(l))], written from the probabilities, not from softplus.
        Operand<TFloat32> p = tf.math.sigmoid(logits);
        Operand<TFloat32> lambda = mask.lambda();
        Operand<TFloat32> soft = tf.math.neg(tf.math.mean(tf.math.add(tf.math.mul(lambda, tf.math.log(p)),
            tf.math.mul(tf.math.sub(tf.constant(1f), lambda), tf.math.log(tf.math.sub(tf.constant(1f), p)))), tf.constant(0)));
        assertThat(GraphRun.fetch(s, ours)[0]).as(name).isCloseTo(GraphRun.fetch(s, soft)[0], within(1e-5));
      }
      // x̃ = M·real + (1 − M)·fake, checked at every pixel.
      double[] m = GraphRun.fetch(s, mask.values());
      double[] r = GraphRun.fetch(s, real);
      double[] f = GraphRun.fetch(s, fake);
      double[] x = GraphRun.fetch(s, mixed);
      for (int i = 0; i < x.length; i++) {
        assertThat(x[i]).isCloseTo(m[i] * r[i] + (1 - m[i]) * f[i], within(1e-5));
      }
      Operand<TFloat32> hinge = Mixing.loss(tf, GanLoss.named("hinge"), logits, mask.lambda());
      List<Operand<TFloat32>> grads = AutoDiff.gradients(tf, hinge, List.of(pass.reads().get("D_w"), pass.reads().get("D_b")));
      assertThat(java.util.Arrays.stream(GraphRun.fetch(s, grads.get(0))).map(Math::abs).max().orElseThrow()).isPositive();
    });
  }
}
