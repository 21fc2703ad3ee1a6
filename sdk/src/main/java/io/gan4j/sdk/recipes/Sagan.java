package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * SAGAN (Zhang et al. 2019) at CPU size: ResNet G (z 128, widths 128…16, class-conditional batch
 * norm on a shared 128-d class embedding) and ResNet D (widths 16…, projection head), spectral norm
 * in both, self-attention at half the image side in both, 10 classes; hinge loss, TTUR (Adam G 1e-4,
 * D 4e-4, β = (0, 0.9)), one D step per G step, batch 64, 10,000 steps, samples from a 0.999 moving
 * average of G from step 1,000.
 *
 * <p>Usage: {@code Recipes.SAGAN.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class Sagan implements Recipe {

  /** Classes of the conditional recipe (Fashion-MNIST's 10). */
  static final int CLASSES = 10;

  @Override
  public String id() {
    return "sagan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    return config(id(), data, shape, 128, 16);
  }

  /** SAGAN with G widths from {@code gTop} down and D widths from {@code dFirst} up. */
  static TrainConfig.Builder config(String id, String data, List<Integer> shape, int gTop, int dFirst) {
    Widths.checkImages(id, shape);
    int stages = Widths.stages(shape);
    int attention = shape.get(0) / 2;
    return TrainConfig.builder().model(id).data(data)
        .generator(GeneratorSpec.builder().architecture(GeneratorSpec.Architecture.RESNET).zDim(128).outputShape(shape)
            .widths(halving(gTop, stages + 1)).spectralNorm(true).classes(CLASSES).attention(attention).build())
        .discriminator(DiscriminatorSpec.builder().architecture(DiscriminatorSpec.Architecture.RESNET).inputShape(shape)
            .stemWidth(0).widths(doubling(dFirst, stages)).spectralNorm(true).classes(CLASSES).attention(attention).build())
        .loss("hinge").lrG(1e-4f).lrD(4e-4f).beta1(0f).beta2(0.9f).nDis(1).batch(64).steps(10000)
        .emaDecay(0.999f).emaStart(1000);
  }
}
