package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * The networks of the Wasserstein recipes, sized for a 2-core CPU. Images: the {@link Dcgan} G and a
 * critic of the same shape (3×3 stem 16, 4×4/2 convs 32…128, LeakyReLU 0.2, no batch norm, no sigmoid),
 * batch 64, 3,000 steps. Points ({@code [d]}): 3×256 ReLU G (z 16) and 3×256 LeakyReLU 0.2 critic
 * judging single samples (a per-sample penalty needs them unpacked), batch 256, 10,000 steps.
 */
final class WassersteinNets {

  private WassersteinNets() {}

  static TrainConfig.Builder of(String id, String data, List<Integer> shape) {
    TrainConfig.Builder b = TrainConfig.builder().model(id).data(data);
    if (shape.size() == 1) {
      return b.generator(GeneratorSpec.builder().architecture(GeneratorSpec.Architecture.MLP).zDim(16).outputShape(shape)
              .widths(256, 256, 256).batchNorm(false).build())
          .discriminator(DiscriminatorSpec.builder().architecture(DiscriminatorSpec.Architecture.MLP).inputShape(shape)
              .widths(256, 256, 256).leakySlope(0.2f).build())
          .batch(256).steps(10000).checkpointEvery(5000);
    }
    Widths.checkImages(id, shape);
    int stages = Widths.stages(shape);
    return b.generator(GeneratorSpec.builder().zDim(100).outputShape(shape).widths(halving(128, stages + 1)).build())
        .discriminator(DiscriminatorSpec.builder().inputShape(shape).stemWidth(16).widths(doubling(32, stages))
            .refine(false).leakySlope(0.2f).build())
        .batch(64).steps(3000);
  }
}
