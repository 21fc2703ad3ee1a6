package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.loss.UNetLoss;
import io.gan4j.sdk.gan.DiscriminatorPass;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.GeneratorPass;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;

/**
 * U-Net GAN's decoder as a second adversary (Schönfeld et al. 2020): the model's loss applied per
 * pixel to D's per-pixel logits, averaged over samples and pixels. D adds
 * {@code mean_px(ℓ_real(D_dec(x))) + mean_px(ℓ_fake(D_dec(G(z))))}, G adds {@code mean_px(ℓ_G(D_dec(G(z))))}.
 *
 * <p>Usage: {@code List<Term> terms = List.of(new UNetPixelLoss(), new UNetCutMix(mixing));}
 */
public record UNetPixelLoss() implements Term {

  /**
   * The terms a {@code config.json} written before objectives had terms implied by its discriminator:
   * a U-Net D meant this per-pixel loss.
   */
  public static java.util.List<Term> impliedBy(io.gan4j.sdk.gan.DiscriminatorNetwork discriminator) {
    return discriminator instanceof io.gan4j.sdk.DiscriminatorSpec d && d.architecture() == io.gan4j.sdk.DiscriminatorSpec.Architecture.UNET
        ? java.util.List.of(new UNetPixelLoss())
        : java.util.List.of();
  }

  @Override
  public Bound bind(GanModel model) {
    return new Bound() {
      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        return new TermLoss(UNetLoss.pixelDiscriminator(model.tf(), model.loss(), pixels(pass.real()), pixels(pass.generated())),
            java.util.Map.of());
      }

      @Override
      public TermLoss generator(GeneratorPass pass) {
        return new TermLoss(UNetLoss.pixelGenerator(model.tf(), model.loss(), pixels(pass.generatedHeads())), java.util.Map.of());
      }
    };
  }

  private static org.tensorflow.Operand<org.tensorflow.types.TFloat32> pixels(Heads heads) {
    checkArgument(heads.pixelLogits() != null, "UNetPixelLoss needs a discriminator with per-pixel logits (a U-Net)");
    return heads.pixelLogits();
  }
}
