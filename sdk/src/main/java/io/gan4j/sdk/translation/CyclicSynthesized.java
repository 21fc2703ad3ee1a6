package io.gan4j.sdk.translation;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.gan.TermLoss;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * CSGAN's cyclic-synthesized loss (Kancharagunta & Dubey, "CSGAN: Cyclic-Synthesized Generative
 * Adversarial Networks for Image-to-Image Transformation", 2019): the synthesized image of a domain
 * should equal the cycled image of that domain,
 * {@code λ_CS·mean|Syn_A − sg(Cyc_A)| + λ_CS·mean|Syn_B − sg(Cyc_B)|} with Syn_A = G_BA(R_B),
 * Cyc_A = G_BA(G_AB(R_A)), Syn_B = G_AB(R_A), Cyc_B = G_AB(G_BA(R_B)), means over every element and
 * λ_CS = 30 per direction. {@code sg} stops the gradient: the reference
 * (KishanKancharagunta/CSGAN {@code csgan.py}, {@code backward_G}) computes
 * {@code criterionCS(self.fake_A, self.rec_A.detach()) * k} with {@code k = 30}, so only the
 * synthesized image is pulled towards the cycled one. λ_CS = 0 is CycleGAN. Logs {@code loss/cs_a}
 * and {@code loss/cs_b} (weighted).
 *
 * <p>Usage: {@code new CyclicSynthesized(CyclicSynthesized.LAMBDA)}
 */
public record CyclicSynthesized(float lambda) implements TranslationTerm {

  /** {@code k} of the reference's {@code backward_G}. */
  public static final float LAMBDA = 30f;

  public CyclicSynthesized {
    checkArgument(lambda >= 0 && Float.isFinite(lambda), "CyclicSynthesized: lambda must be >= 0, got %s", lambda);
  }

  @Override
  public TermLoss generator(TranslationModel m) {
    Ops tf = m.tf();
    Operand<TFloat32> a = tf.math.mul(tf.constant(lambda), TranslationModel.l1(tf, m.fakeA(), tf.stopGradient(m.recA())));
    Operand<TFloat32> b = tf.math.mul(tf.constant(lambda), TranslationModel.l1(tf, m.fakeB(), tf.stopGradient(m.recB())));
    return new TermLoss(tf.math.add(a, b), Map.of("loss/cs_a", a, "loss/cs_b", b));
  }
}
