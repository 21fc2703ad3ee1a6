package io.gan4j.ops.mix;

import java.util.Locale;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * A way to draw mixing masks for real/fake sample pairs: {@link Mixup}, {@link CutMix} or
 * {@link SRMix}. Masks are a pure function of an int64 {@code [2]} key, so training stays
 * reproducible and resumable.
 *
 * <p>Usage: {@code SampleMixing m = SampleMixing.named("srmix", 1f, 0.25f);}
 */
public interface SampleMixing {

  String name();

  /** Masks for {@code n} samples of {@code h × w}. */
  Mask sample(Ops tf, Operand<TInt64> key, int n, int h, int w);

  /** {@code mixup}, {@code cutmix} or {@code srmix} with Beta(α, α) and (for SRMix) smoothing σ. */
  static SampleMixing named(String name, float alpha, float sigma) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "mixup" -> new Mixup(alpha);
      case "cutmix" -> new CutMix(alpha);
      case "srmix" -> new SRMix(alpha, sigma);
      default -> throw new IllegalArgumentException("unknown mixing '" + name + "'; expected none, mixup, cutmix or srmix");
    };
  }
}
