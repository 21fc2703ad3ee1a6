package io.gan4j.sdk.recipes;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * The 2-D mode-coverage model: 3×256 ReLU G (z 16) and 3×256 LeakyReLU 0.2 D judging packs of 2
 * samples (PacGAN); non-saturating loss, Adam 1e-3, β = (0, 0.9), batch 256, 25,000 steps, samples
 * from a 0.999 moving average of G. Measured on grid25 (seeds 1–3): without packing G collapses onto
 * one mode; β1 = 0 and lr 1e-3 cover more modes than β1 = 0.5 or lr 1e-4; the average lifts the
 * high-quality fraction from ~71 % to ~89 % at 15k steps without dropping modes, which a linear lr
 * decay did (20 of 25 modes).
 *
 * <p>Usage: {@code Recipes.MLP.config("ring8", List.of(2)).build()}
 */
final class Mlp implements Recipe {

  @Override
  public String id() {
    return "mlp";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    checkArgument(shape.size() == 1, "model 'mlp' is for point data ([d]); this data has elements of shape %s", shape);
    return TrainConfig.builder().model(id()).data(data)
        .generator(GeneratorSpec.builder().architecture(GeneratorSpec.Architecture.MLP).zDim(16).outputShape(shape)
            .widths(256, 256, 256).batchNorm(false).build())
        .discriminator(DiscriminatorSpec.builder().architecture(DiscriminatorSpec.Architecture.MLP).inputShape(shape)
            .widths(256, 256, 256).leakySlope(0.2f).pack(2).build())
        .loss("non-saturating").lrG(1e-3f).lrD(1e-3f).beta1(0f).beta2(0.9f).emaDecay(0.999f)
        .batch(256).steps(25000).checkpointEvery(5000);
  }
}
