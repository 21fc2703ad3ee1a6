package io.gan4j.ops.loss;

import java.util.List;
import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A GAN objective as per-sample terms on discriminator logits: D minimises
 * {@code mean(ℓ_real(D(x))) + mean(ℓ_fake(D(G(z))))}, G minimises {@code mean(ℓ_G(D(G(z))))}.
 * Keeping the terms separate is what lets sample mixing weight them per sample
 * ({@code λ·ℓ_real + (1 − λ)·ℓ_fake}).
 *
 * <p>Usage: {@code GanLoss loss = GanLoss.named("hinge"); Operand<TFloat32> d = loss.discriminatorLoss(tf, real, fake);}
 */
public interface GanLoss {

  /** Names accepted by {@link #named}. */
  List<String> NAMES = List.of("minimax", "non-saturating", "hinge", "wasserstein", "least-squares");

  String name();

  /** ℓ_real per sample, for logits {@code [N]} of real data. */
  Operand<TFloat32> realTerm(Ops tf, Operand<TFloat32> logits);

  /** ℓ_fake per sample, for logits {@code [N]} of generated data. */
  Operand<TFloat32> fakeTerm(Ops tf, Operand<TFloat32> logits);

  /** ℓ_G per sample, for logits {@code [N]} of generated data. */
  Operand<TFloat32> generatorTerm(Ops tf, Operand<TFloat32> logits);

  default Operand<TFloat32> discriminatorLoss(Ops tf, Operand<TFloat32> realLogits, Operand<TFloat32> fakeLogits) {
    return tf.math.add(mean(tf, realTerm(tf, realLogits)), mean(tf, fakeTerm(tf, fakeLogits)));
  }

  default Operand<TFloat32> generatorLoss(Ops tf, Operand<TFloat32> fakeLogits) {
    return mean(tf, generatorTerm(tf, fakeLogits));
  }

  static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> perSample) {
    return tf.math.mean(perSample, tf.constant(0));
  }

  /** The loss called {@code name} (see {@link #NAMES}; "saturating" means minimax, "ls" least squares). */
  static GanLoss named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "minimax", "saturating" -> new MinimaxLoss();
      case "non-saturating", "nonsaturating", "ns" -> new NonSaturatingLoss();
      case "hinge" -> new HingeLoss();
      case "wasserstein", "wgan" -> new WassersteinLoss();
      case "least-squares", "lsgan", "ls" -> new LeastSquaresLoss();
      default -> throw new IllegalArgumentException(
          "unknown loss '" + name + "'; expected one of " + String.join(", ", NAMES));
    };
  }
}
