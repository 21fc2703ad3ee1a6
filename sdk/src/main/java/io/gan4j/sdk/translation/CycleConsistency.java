package io.gan4j.sdk.translation;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.gan.TermLoss;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * CycleGAN's cycle-consistency loss (Zhu et al. 2017, eq. 2, as pytorch-CycleGAN computes it):
 * {@code λ·mean|G_BA(G_AB(R_A)) − R_A| + λ·mean|G_AB(G_BA(R_B)) − R_B|}, each mean over every pixel
 * and channel of the batch, λ = 10 for both directions (pytorch-CycleGAN's {@code lambda_A} and
 * {@code lambda_B}, which CSGAN keeps). Gradients reach both generators through both cycles. Logs
 * {@code loss/cycle_a} and {@code loss/cycle_b} (weighted).
 *
 * <p>Usage: {@code new CycleConsistency(CycleConsistency.LAMBDA)}
 */
public record CycleConsistency(float lambda) implements TranslationTerm {

  /** pytorch-CycleGAN's default weight of each cycle. */
  public static final float LAMBDA = 10f;

  public CycleConsistency {
    checkArgument(lambda >= 0 && Float.isFinite(lambda), "CycleConsistency: lambda must be >= 0, got %s", lambda);
  }

  @Override
  public TermLoss generator(TranslationModel m) {
    Ops tf = m.tf();
    Operand<TFloat32> a = tf.math.mul(tf.constant(lambda), TranslationModel.l1(tf, m.recA(), m.realA()));
    Operand<TFloat32> b = tf.math.mul(tf.constant(lambda), TranslationModel.l1(tf, m.recB(), m.realB()));
    return new TermLoss(tf.math.add(a, b), Map.of("loss/cycle_a", a, "loss/cycle_b", b));
  }
}
