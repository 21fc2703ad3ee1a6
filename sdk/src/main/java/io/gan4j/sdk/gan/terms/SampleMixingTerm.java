package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.mix.Mixing;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.DiscriminatorPass;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;

/**
 * Sample mixing for D (Mixup, CutMix, SRMix): on the D steps its {@link MixingConfig} selects, D
 * also judges {@code x̃ = M ⊙ x_real + (1 − M) ⊙ G(z)} (per-sample masks M, λ = mean(M)) and adds
 * {@code mean(λ·ℓ_real(D(x̃)) + (1 − λ)·ℓ_fake(D(x̃)))}, logged as {@code loss/d_mixed}. G never sees
 * mixed samples. Needs image data, an unconditional model and an unpacked D.
 *
 * <p>Usage: {@code new SampleMixingTerm(new MixingConfig("cutmix", 1f, 0f, 0.5f, 1000))}
 */
public record SampleMixingTerm(MixingConfig mixing) implements Term {

  public SampleMixingTerm {
    checkArgument(mixing != null && mixing.enabled(), "SampleMixingTerm needs a mixing method, got %s", mixing);
  }

  @Override
  public void check(GeneratorNetwork generator, DiscriminatorNetwork discriminator) {
    MixingConfig.checkFits(generator, discriminator);
  }

  @Override
  public Bound bind(GanModel model) {
    return new MixedPairs(model, mixing) {
      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        return TermLoss.logged("loss/d_mixed", Mixing.loss(model.tf(), model.loss(), pass.extra().get(0).logits(), mask.lambda()));
      }
    };
  }
}
