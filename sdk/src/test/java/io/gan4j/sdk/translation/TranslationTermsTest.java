package io.gan4j.sdk.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.AutoDiff;
import io.gan4j.sdk.gan.TermLoss;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Each translation objective term on a constructed 2-image, 2×2×1 case against its value by hand. */
class TranslationTermsTest {

  // Batches [2, 2, 2, 1]: two images of four pixels.
  static final float[][][][] REAL_A = img(new float[] {0, 0.5f, -0.5f, 1}, new float[] {1, 1, -1, -1});
  static final float[][][][] REC_A = img(new float[] {0.25f, 0.5f, 0, 0.5f}, new float[] {1, 0, -1, 0});
  static final float[][][][] REAL_B = img(new float[] {-1, -1, -1, -1}, new float[] {0, 0, 0, 0});
  static final float[][][][] REC_B = img(new float[] {-1, -0.5f, -1, -1}, new float[] {0, 0, 0.75f, 0});
  static final float[][][][] FAKE_A = img(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, new float[] {1, 0, -1, -0.25f});
  static final float[][][][] FAKE_B = img(new float[] {-1, 0, -1, 0}, new float[] {0, 0, 0.75f, 1});

  static float[][][][] img(float[] first, float[] second) {
    float[][][][] out = new float[2][2][2][1];
    for (int p = 0; p < 4; p++) {
      out[0][p / 2][p % 2][0] = first[p];
      out[1][p / 2][p % 2][0] = second[p];
    }
    return out;
  }

  record Built(Ops tf, TranslationModel model) {}

  static Built model(Graph g) {
    Ops tf = Ops.create(g);
    Operand<TFloat32> fakeA = tf.constant(FAKE_A);
    Operand<TFloat32> recA = tf.constant(REC_A);
    // Identities: G_BA(R_A) := rec_A, G_AB(R_B) := rec_B, so the identity loss has a known value too.
    return new Built(tf, new TranslationModel(tf, tf.constant(REAL_A), tf.constant(REAL_B), tf.constant(FAKE_B), recA, fakeA,
        tf.constant(REC_B), recA, tf.constant(REC_B)));
  }

  static float value(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  @Test
  void cycleConsistencyIsLambdaTimesTheMeanAbsoluteCycleErrorOfEachDirection() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Built b = model(g);
      TermLoss t = new CycleConsistency(10f).generator(b.model());
      // |rec_A − real_A| = .25 0 .5 .5 | 0 1 0 1 → mean 3.25/8; |rec_B − real_B| = 0 .5 0 0 | 0 0 .75 0 → 1.25/8.
      assertThat(value(s, t.scalars().get("loss/cycle_a"))).isCloseTo(10 * 3.25f / 8, within(1e-6f));
      assertThat(value(s, t.scalars().get("loss/cycle_b"))).isCloseTo(10 * 1.25f / 8, within(1e-6f));
      assertThat(value(s, t.value())).isCloseTo(10 * 4.5f / 8, within(1e-6f));
    }
  }

  @Test
  void cyclicSynthesizedPullsTheSynthesizedImageTowardsTheDetachedCycledOne() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Built b = model(g);
      TermLoss t = new CyclicSynthesized(30f).generator(b.model());
      // |fake_A − rec_A| = .25 0 .5 0 | 0 0 0 .25 → 1/8; |fake_B − rec_B| = 0 .5 0 1 | 0 0 0 1 → 2.5/8.
      assertThat(value(s, t.scalars().get("loss/cs_a"))).isCloseTo(30 * 1f / 8, within(1e-6f));
      assertThat(value(s, t.scalars().get("loss/cs_b"))).isCloseTo(30 * 2.5f / 8, within(1e-6f));
      assertThat(value(s, t.value())).isCloseTo(30 * 3.5f / 8, within(1e-5f));
    }
  }

  @Test
  void cyclicSynthesizedSendsNoGradientToTheCycledImage() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // Syn_A = FAKE_A + u, Cyc_A = REC_A + v (u = v = 0), so d/du and d/dv are the gradients reaching each image.
      Operand<TFloat32> u = tf.zeros(tf.constant(new int[] {2, 2, 2, 1}), TFloat32.class);
      Operand<TFloat32> v = tf.zeros(tf.constant(new int[] {2, 2, 2, 1}), TFloat32.class);
      Operand<TFloat32> fakeA = tf.math.add(tf.constant(FAKE_A), u);
      // 0·v on Syn_A keeps v connected to the loss, so its gradient is a defined zero rather than no path at all.
      fakeA = tf.math.add(fakeA, tf.math.mul(tf.constant(0f), v));
      Operand<TFloat32> recA = tf.math.add(tf.constant(REC_A), v);
      TranslationModel m = new TranslationModel(tf, tf.constant(REAL_A), tf.constant(REAL_B), tf.constant(FAKE_B), recA, fakeA,
          tf.constant(REC_B), null, null);
      Operand<TFloat32> csA = new CyclicSynthesized(30f).generator(m).scalars().get("loss/cs_a");
      List<Operand<TFloat32>> grads = AutoDiff.gradients(tf, csA, List.of(u, v));
      // The reference detaches rec_A: Syn_A gets 30·sign(fake_A − rec_A)/8 per pixel, Cyc_A nothing.
      float[] expected = {30f / 8, 0, 30f / 8, 0, 0, 0, 0, -30f / 8};
      float[] toSyn = fetch(s, grads.get(0));
      for (int i = 0; i < 8; i++) {
        assertThat(toSyn[i]).isCloseTo(expected[i], within(1e-6f));
      }
      for (float gv : fetch(s, grads.get(1))) {
        assertThat(Math.abs(gv)).isEqualTo(0f); // ±0 from the 0·v path: nothing through Cyc_A
      }
    }
  }

  @Test
  void identityLossIsTheWeightedMeanAbsoluteErrorOfEachGeneratorOnItsTargetDomain() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Built b = model(g);
      TermLoss t = new IdentityLoss(5f).generator(b.model());
      // identity_A := rec_A (3.25/8 from real_A), identity_B := rec_B (1.25/8 from real_B).
      assertThat(value(s, t.value())).isCloseTo(5 * 4.5f / 8, within(1e-6f));
    }
  }

  @Test
  void leastSquaresAdversarialAveragesOverEveryPatchAndHalvesDsLoss() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // Patch maps [2, 1, 2]: D(real) = 1, 0 | 2, 1; D(fake) = 0, 1 | −1, 0.5.
      Operand<TFloat32> real = tf.constant(new float[][][] {{{1, 0}}, {{2, 1}}});
      Operand<TFloat32> fake = tf.constant(new float[][][] {{{0, 1}}, {{-1, 0.5f}}});
      // D: ½·(mean(0 1 1 0) + mean(0 1 1 .25)) = ½·(0.5 + 0.5625); G: mean((f − 1)²) = (1 + 0 + 4 + .25)/4.
      assertThat(value(s, LeastSquaresAdversarial.discriminator(tf, real, fake))).isCloseTo(0.5f * (0.5f + 0.5625f), within(1e-6f));
      assertThat(value(s, LeastSquaresAdversarial.generator(tf, fake))).isCloseTo(5.25f / 4, within(1e-6f));
    }
  }

  static float[] fetch(Session s, Operand<TFloat32> x) {
    try (Result r = s.runner().fetch(x).run()) {
      TFloat32 t = (TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
      return out;
    }
  }
}
