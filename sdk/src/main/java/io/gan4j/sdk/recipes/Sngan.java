package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * SN-GAN (Miyato et al. 2018): G with widths 256…32 (z 128, batch norm), the "standard CNN" D
 * (3×3 stem 32, 4×4/2 + 3×3 pairs at 64…256, LeakyReLU 0.1) with spectral norm; hinge loss,
 * Adam 2e-4, β = (0.5, 0.999), batch 64, 3,000 steps.
 *
 * <p>Usage: {@code Recipes.SNGAN.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class Sngan implements Recipe {

  @Override
  public String id() {
    return "sngan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    Widths.checkImages(id(), shape);
    int stages = Widths.stages(shape);
    return TrainConfig.builder().model(id()).data(data)
        .generator(GeneratorSpec.builder().zDim(128).outputShape(shape).widths(halving(256, stages + 1)).build())
        .discriminator(DiscriminatorSpec.builder().inputShape(shape).stemWidth(32).widths(doubling(64, stages))
            .leakySlope(0.1f).spectralNorm(true).build())
        .loss("hinge").lrG(2e-4f).lrD(2e-4f).beta1(0.5f).beta2(0.999f).batch(64).steps(3000);
  }
}
