package io.gan4j.ops.mix;

import io.gan4j.ops.loss.GanLoss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Mixing real and fake samples for D: {@code x̃ = M ⊙ x_real + (1 − M) ⊙ x_fake} and the mixed loss
 * {@code mean(λ·ℓ_real(D(x̃)) + (1 − λ)·ℓ_fake(D(x̃)))}, which works for every {@link GanLoss}
 * (including minimax, hinge and Wasserstein, which have no label to soften); for the BCE losses it
 * equals binary cross-entropy with soft target λ.
 *
 * <p>Usage: {@code Operand<TFloat32> l = Mixing.loss(tf, loss, D(Mixing.mix(tf, m, real, fake)), m.lambda());}
 */
public final class Mixing {

  private Mixing() {}

  /** {@code real}, {@code fake}: {@code [N, H, W, C]}; the mask broadcasts over channels. */
  public static Operand<TFloat32> mix(Ops tf, Mask mask, Operand<TFloat32> real, Operand<TFloat32> fake) {
    Operand<TFloat32> m = mask.values();
    return tf.math.add(tf.math.mul(m, real), tf.math.mul(tf.math.sub(tf.constant(1f), m), fake));
  }

  public static Operand<TFloat32> loss(Ops tf, GanLoss loss, Operand<TFloat32> logits, Operand<TFloat32> lambda) {
    Operand<TFloat32> perSample = tf.math.add(tf.math.mul(lambda, loss.realTerm(tf, logits)),
        tf.math.mul(tf.math.sub(tf.constant(1f), lambda), loss.fakeTerm(tf, logits)));
    return GanLoss.mean(tf, perSample);
  }
}
