package io.gan4j.sdk.translation;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.gan.TermLoss;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * CycleGAN's identity loss (Zhu et al. 2017, section 5.2; Taigman et al. 2017): a generator fed an
 * image of its target domain should return it,
 * {@code w·mean|G_AB(R_B) − R_B| + w·mean|G_BA(R_A) − R_A|}. pytorch-CycleGAN weighs it
 * {@code lambda_identity · lambda_A} = 0.5·10, so {@link #CYCLEGAN_WEIGHT} w = 5 when used; the
 * {@code csgan} and {@code cyclegan} recipes leave it off (edges and garments are different kinds of
 * image: a G_AB that copies a garment is not a useful edge detector). Needs as many channels in A as in B.
 * Logs {@code loss/identity_a} (G_BA on A) and {@code loss/identity_b}.
 *
 * <p>Usage: {@code new IdentityLoss(IdentityLoss.CYCLEGAN_WEIGHT)}
 */
public record IdentityLoss(float weight) implements TranslationTerm {

  /** pytorch-CycleGAN's {@code lambda_identity} 0.5 times the cycle weight 10. */
  public static final float CYCLEGAN_WEIGHT = 5f;

  public IdentityLoss {
    checkArgument(weight >= 0 && Float.isFinite(weight), "IdentityLoss: weight must be >= 0, got %s", weight);
  }

  @Override
  public boolean needsIdentity() {
    return true;
  }

  @Override
  public TermLoss generator(TranslationModel m) {
    if (m.identityA() == null || m.identityB() == null) {
      throw new IllegalStateException("IdentityLoss needs G_BA(R_A) and G_AB(R_B) in the translation model");
    }
    Ops tf = m.tf();
    Operand<TFloat32> a = tf.math.mul(tf.constant(weight), TranslationModel.l1(tf, m.identityA(), m.realA()));
    Operand<TFloat32> b = tf.math.mul(tf.constant(weight), TranslationModel.l1(tf, m.identityB(), m.realB()));
    return new TermLoss(tf.math.add(a, b), Map.of("loss/identity_a", a, "loss/identity_b", b));
  }
}
