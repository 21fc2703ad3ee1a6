package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.gan.terms.MixingConfig;
import io.gan4j.sdk.gan.terms.UNetCutMix;
import io.gan4j.sdk.gan.terms.UNetPixelLoss;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * U-Net GAN (Schönfeld et al. 2020) at CPU size: the {@link Sagan} G without classes or attention, a
 * U-Net D (residual encoder 16, 32, 64 with a global logit, decoder with skips to per-pixel logits),
 * SN in both; hinge loss on both heads ({@link UNetPixelLoss}), CutMix with the decoder consistency
 * loss on half the D steps from D step 1,000 ({@link UNetCutMix}); TTUR as {@link Sagan}.
 *
 * <p>Usage: {@code Recipes.UNETGAN.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class UNetGan implements Recipe {

  @Override
  public String id() {
    return "unetgan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    Widths.checkImages(id(), shape);
    int stages = Widths.stages(shape);
    return TrainConfig.builder().model(id()).data(data)
        .generator(GeneratorSpec.builder().architecture(GeneratorSpec.Architecture.RESNET).zDim(128).outputShape(shape)
            .widths(halving(128, stages + 1)).spectralNorm(true).build())
        .discriminator(DiscriminatorSpec.builder().architecture(DiscriminatorSpec.Architecture.UNET).inputShape(shape)
            .stemWidth(0).widths(doubling(16, stages)).spectralNorm(true).build())
        .terms(List.of(new UNetPixelLoss(), new UNetCutMix(new MixingConfig("cutmix", 1f, 0f, 0.5f, 1000))))
        .loss("hinge").lrG(1e-4f).lrD(4e-4f).beta1(0f).beta2(0.9f).nDis(1).batch(64).steps(10000)
        .emaDecay(0.999f).emaStart(1000);
  }
}
