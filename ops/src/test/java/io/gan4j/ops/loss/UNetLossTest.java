package io.gan4j.ops.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.GraphRun;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class UNetLossTest {

  /** Two samples of 2×2 pixels; the mask takes the left column from the real image. */
  private static final float[][][] MASK = {{{1, 0}, {1, 0}}, {{1, 0}, {1, 0}}};

  private static float[][][] constant(float v) {
    return new float[][][] {{{v, v}, {v, v}}, {{v, v}, {v, v}}};
  }

  @Test
  void consistencyIsZeroExactlyWhenTheDecoderCommutesWithMixing() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> real = tf.constant(constant(2f));
      Operand<TFloat32> fake = tf.constant(constant(-1f));
      Operand<TFloat32> m = tf.constant(MASK);
      // Target M·2 + (1 − M)·(−1): 2 in the left column, −1 in the right.
      Operand<TFloat32> commuting = tf.constant(new float[][][] {{{2, -1}, {2, -1}}, {{2, -1}, {2, -1}}});
      Operand<TFloat32> off = tf.constant(new float[][][] {{{2.5f, -1}, {2, -0.5f}}, {{2, -1}, {3, -1}}});
      assertThat(GraphRun.fetch(s, UNetLoss.consistency(tf, commuting, real, fake, m))[0]).isZero();
      // Squared errors 0.25, 0.25 and 1 over 8 pixels.
      assertThat(GraphRun.fetch(s, UNetLoss.consistency(tf, off, real, fake, m))[0]).isCloseTo(1.5 / 8, within(1e-7));
    }
  }

  @Test
  void mixedTermsAndGeneratorTermMatchHandDerivedHingeValues() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      GanLoss hinge = GanLoss.named("hinge");
      Operand<TFloat32> m = tf.constant(MASK);
      Operand<TFloat32> dec = tf.constant(new float[][][] {{{0.5f, 0.5f}, {0.5f, 0.5f}}, {{-2f, -2f}, {-2f, -2f}}});
      Operand<TFloat32> enc = tf.constant(new float[] {0.5f, -2f});
      // Encoder: the mixed images are fake: relu(1 + l) = 1.5 and 0 → mean 0.75.
      // Decoder, real pixels (left): relu(1 − l) = 0.5 and 3; fake pixels (right): relu(1 + l) = 1.5 and 0.
      // Mean over 8 pixels = (2·0.5 + 2·3 + 2·1.5 + 2·0) / 8 = 1.25.
      assertThat(GraphRun.fetch(s, UNetLoss.mixed(tf, hinge, enc, dec, m))[0]).isCloseTo(0.75 + 1.25, within(1e-6));
      // G's hinge term on the decoder is −l per pixel: −(4·0.5 − 4·2)/8 = 0.75.
      assertThat(GraphRun.fetch(s, UNetLoss.pixelGenerator(tf, hinge, dec))[0]).isCloseTo(0.75, within(1e-6));
      // D's decoder terms on clean images: real pixels all 0.5 → relu(1 − 0.5) = 0.5; fake pixels all −0.5 → relu(1 − 0.5) = 0.5.
      Operand<TFloat32> d = UNetLoss.pixelDiscriminator(tf, hinge,
          tf.constant(new float[][][] {{{0.5f, 0.5f}, {0.5f, 0.5f}}}), tf.constant(new float[][][] {{{-0.5f, -0.5f}, {-0.5f, -0.5f}}}));
      assertThat(GraphRun.fetch(s, d)[0]).isCloseTo(0.5 + 0.5, within(1e-6));
    }
  }
}
