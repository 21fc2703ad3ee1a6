package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * DCGAN (Radford et al. 2016) sized for a 2-core CPU, the demo model: transposed-conv G (z 100,
 * widths 128…16, batch norm, ReLU, tanh), strided-conv D (3×3 stem 16, 4×4/2 convs 32…128, LeakyReLU
 * 0.2), both from N(0, 0.02); non-saturating loss, Adam 2e-4, β = (0.5, 0.999), batch 64, 3,000
 * steps; samples from a 0.999 moving average of G from step 1,000 (a copy before).
 *
 * <p>Usage: {@code Recipes.DCGAN.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class Dcgan implements Recipe {

  @Override
  public String id() {
    return "dcgan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    Widths.checkImages(id(), shape);
    int stages = Widths.stages(shape);
    return TrainConfig.builder().model(id()).data(data)
        .generator(GeneratorSpec.builder().zDim(100).outputShape(shape).widths(halving(128, stages + 1)).build())
        .discriminator(DiscriminatorSpec.builder().inputShape(shape).stemWidth(16).widths(doubling(32, stages))
            .refine(false).leakySlope(0.2f).build())
        .loss("non-saturating").lrG(2e-4f).lrD(2e-4f).beta1(0.5f).beta2(0.999f).batch(64).steps(3000)
        .emaDecay(0.999f).emaStart(1000);
  }
}
