package io.gan4j.sdk.translation;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The least-squares adversarial loss exactly as pytorch-CycleGAN (and so CSGAN) computes it on
 * PatchGAN maps: D minimises {@code ½·(mean (D(real) − 1)² + mean D(fake)²)} and G minimises
 * {@code mean (D(G(x)) − 1)²}, every mean over all patches of the batch ({@code MSELoss} against a
 * target map of ones or zeros; {@code backward_D_basic}'s {@code * 0.5}). The general
 * {@link io.gan4j.ops.loss.LeastSquaresLoss} differs by the factor ½ on G's term (Mao et al.'s form)
 * and averages per sample, so the translation objective uses this one to keep the reference's
 * balance between the adversarial term and the λ-weighted L1 terms.
 *
 * <p>Usage: {@code Operand<TFloat32> d = LeastSquaresAdversarial.discriminator(tf, onReal, onFake);}
 */
public final class LeastSquaresAdversarial {

  private LeastSquaresAdversarial() {}

  /** D's loss for patch maps of real and generated (pooled) images. */
  public static Operand<TFloat32> discriminator(Ops tf, Operand<TFloat32> onReal, Operand<TFloat32> onFake) {
    Operand<TFloat32> real = meanAll(tf, tf.math.square(tf.math.sub(onReal, tf.constant(1f))));
    Operand<TFloat32> fake = meanAll(tf, tf.math.square(onFake));
    return tf.math.mul(tf.constant(0.5f), tf.math.add(real, fake));
  }

  /** G's loss for D's patch map of generated images. */
  public static Operand<TFloat32> generator(Ops tf, Operand<TFloat32> onFake) {
    return meanAll(tf, tf.math.square(tf.math.sub(onFake, tf.constant(1f))));
  }

  private static Operand<TFloat32> meanAll(Ops tf, Operand<TFloat32> x) {
    return tf.math.mean(tf.reshape(x, tf.constant(new int[] {-1})), tf.constant(0));
  }
}
