package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.nets.BigGanDeepDiscriminator;
import io.gan4j.sdk.nets.BigGanDeepGenerator;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * BigGAN-deep at CPU size: {@link BigGanDeepGenerator} (z 128 with the shared 128-d embedding into
 * every conditional BN, two bottleneck blocks per resolution, widths 128…16, attention at half the
 * image side) and {@link BigGanDeepDiscriminator} (widths 32…, two bottleneck blocks per stage,
 * projection), SN throughout, 10 classes; hinge loss and the settings of BigGAN-PyTorch's
 * {@code launch_BigGAN_deep.sh}: one D step per G step, Adam G 1e-4, D 4e-4, β = (0, 0.999), no
 * orthogonal regularisation ({@code --G_ortho 0.0}); batch 64, 5,000 steps, moving average 0.999 from
 * step 1,000.
 *
 * <p>Usage: {@code Recipes.BIGGAN_DEEP.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class BigGanDeep implements Recipe {

  @Override
  public String id() {
    return "biggan-deep";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    Widths.checkImages(id(), shape);
    int stages = Widths.stages(shape);
    int attention = shape.get(0) / 2;
    return TrainConfig.builder().model(id()).data(data)
        .generator(new BigGanDeepGenerator(128, Sagan.CLASSES, 128, halving(128, stages + 1), List.of(attention), shape))
        .discriminator(new BigGanDeepDiscriminator(Sagan.CLASSES, doubling(32, stages), List.of(attention), shape))
        .loss("hinge").lrG(1e-4f).lrD(4e-4f).beta1(0f).beta2(0.999f).nDis(1).batch(64).steps(5000)
        .emaDecay(0.999f).emaStart(1000);
  }
}
