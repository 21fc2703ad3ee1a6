package io.gan4j.sdk.train;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;

/**
 * Sample mixing for D: {@code method} none, mixup, cutmix or srmix; λ ~ Beta(α, α); SRMix edge
 * smoothing σ (relative to the box side); the probability that a D step adds the mixed loss
 * {@code λ·ℓ_real + (1 − λ)·ℓ_fake} on mixed real/fake pairs to its ordinary loss; and the D step
 * before which it never does (warm-up). G never sees mixed samples.
 *
 * <p>Usage: {@code TrainConfig c = preset.config(data, shape).mixing(new MixingConfig("srmix", 1f, 0.25f, 1f, 0)).build();}
 */
public record MixingConfig(String method, float alpha, float sigma, float probability, long warmup) {

  public static final List<String> METHODS = List.of("none", "mixup", "cutmix", "srmix");
  public static final MixingConfig NONE = new MixingConfig("none", 1f, 0.25f, 1f, 0);

  public MixingConfig {
    checkArgument(METHODS.contains(method), "mixing must be one of %s, got '%s'", METHODS, method);
    checkArgument(alpha > 0, "mix-alpha must be > 0, got %s", alpha);
    checkArgument(sigma >= 0, "mix-sigma must be >= 0, got %s", sigma);
    checkArgument(probability >= 0 && probability <= 1, "mix-prob must be in [0, 1], got %s", probability);
    checkArgument(warmup >= 0, "mix-warmup must be >= 0, got %s", warmup);
  }

  public boolean enabled() {
    return !method.equals("none") && probability > 0;
  }
}
