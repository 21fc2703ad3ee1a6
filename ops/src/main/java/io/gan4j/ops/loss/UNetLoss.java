package io.gan4j.ops.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The U-Net GAN objective (Schönfeld et al. 2020) on top of any {@link GanLoss}: the encoder's global
 * logits and the decoder's per-pixel logits both judge real vs fake; a CutMix image (mask M, 1 = real
 * pixel) is fake for the encoder and has per-pixel target M for the decoder; the consistency
 * regulariser asks the decoder to commute with mixing:
 * {@code mean((D_dec(mix(x, G(z), M)) − (M ⊙ D_dec(x) + (1 − M) ⊙ D_dec(G(z))))²)}.
 * Per-pixel terms are averaged over samples and pixels; the encoder's global terms are the
 * ordinary {@link GanLoss} on its logits.
 *
 * <p>Usage: {@code Operand<TFloat32> d = UNetLoss.pixelDiscriminator(tf, hinge, decReal, decFake);}
 */
public final class UNetLoss {

  private UNetLoss() {}

  /** D's per-pixel terms on clean images: {@code mean(ℓ_real(D_dec(x))) + mean(ℓ_fake(D_dec(G(z))))} over samples and pixels. */
  public static Operand<TFloat32> pixelDiscriminator(Ops tf, GanLoss loss, Operand<TFloat32> decReal, Operand<TFloat32> decFake) {
    return tf.math.add(meanAll(tf, loss.realTerm(tf, decReal)), meanAll(tf, loss.fakeTerm(tf, decFake)));
  }

  /** The CutMix terms: the encoder calls mixed images fake, the decoder's target is the mask {@code [N, H, W]}. */
  public static Operand<TFloat32> mixed(Ops tf, GanLoss loss, Operand<TFloat32> encMixed, Operand<TFloat32> decMixed,
      Operand<TFloat32> mask) {
    Operand<TFloat32> perPixel = tf.math.add(tf.math.mul(mask, loss.realTerm(tf, decMixed)),
        tf.math.mul(tf.math.sub(tf.constant(1f), mask), loss.fakeTerm(tf, decMixed)));
    return tf.math.add(GanLoss.mean(tf, loss.fakeTerm(tf, encMixed)), meanAll(tf, perPixel));
  }

  public static Operand<TFloat32> consistency(Ops tf, Operand<TFloat32> decMixed, Operand<TFloat32> decReal,
      Operand<TFloat32> decFake, Operand<TFloat32> mask) {
    Operand<TFloat32> target = tf.math.add(tf.math.mul(mask, decReal), tf.math.mul(tf.math.sub(tf.constant(1f), mask), decFake));
    return meanAll(tf, tf.math.squaredDifference(decMixed, target));
  }

  /** G's per-pixel term: {@code mean(ℓ_G(D_dec(G(z))))} over samples and pixels. */
  public static Operand<TFloat32> pixelGenerator(Ops tf, GanLoss loss, Operand<TFloat32> decFake) {
    return meanAll(tf, loss.generatorTerm(tf, decFake));
  }

  static Operand<TFloat32> meanAll(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }
}
