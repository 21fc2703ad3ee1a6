package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * The fixed benchmark step of {@code gan4j bench}: G z 128, widths 512…64; D 3×3 stem 64, (4×4/2,
 * 3×3) pairs at 128…512, LeakyReLU 0.1; hinge, Adam 2e-4, β = (0, 0.9), batch 64.
 *
 * <p>Usage: {@code Recipes.DCGAN32.config("shapes", List.of(32, 32, 3)).build()}
 */
final class Dcgan32 implements Recipe {

  @Override
  public String id() {
    return "dcgan32";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    Widths.checkImages(id(), shape);
    int stages = Widths.stages(shape);
    return TrainConfig.builder().model(id()).data(data)
        .generator(GeneratorSpec.builder().zDim(128).outputShape(shape).widths(halving(512, stages + 1)).build())
        .discriminator(DiscriminatorSpec.builder().inputShape(shape).stemWidth(64).widths(doubling(128, stages))
            .leakySlope(0.1f).build())
        .loss("hinge").lrG(2e-4f).lrD(2e-4f).beta1(0f).beta2(0.9f).batch(64).steps(3000);
  }
}
