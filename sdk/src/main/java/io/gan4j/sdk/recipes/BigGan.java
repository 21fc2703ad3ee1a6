package io.gan4j.sdk.recipes;

import static io.gan4j.sdk.recipes.Widths.doubling;
import static io.gan4j.sdk.recipes.Widths.halving;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.gan.terms.OrthogonalRegularization;
import io.gan4j.sdk.nets.BigGanGenerator;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * BigGAN (Brock et al. 2019) at CPU size: {@link BigGanGenerator} (hierarchical z in chunks of 32, one
 * per block and one for the stem: 128 at 32×32, shared 128-d class embedding, widths 128…16, SN, self-attention at half the image side) and
 * the SAGAN projection D (SN ResNet, widths 16…), 10 classes; hinge loss, two D steps per G step,
 * Adam G 5e-5, D 2e-4, β = (0, 0.999) (BigGAN's rates), orthogonal regularisation β = 1e-4 on G,
 * batch 64, 5,000 steps, samples from a 0.999 moving average of G from step 1,000 (BigGAN: 0.9999
 * from 20k, scaled down with the run).
 *
 * <p>Usage: {@code Recipes.BIGGAN.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class BigGan implements Recipe {

  /** Latent width per block (BigGAN-PyTorch's CIFAR setting: z 128 in 4 chunks): z is 32 per block plus 32 for the stem. */
  static final int Z_CHUNK = 32;

  @Override
  public String id() {
    return "biggan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    Widths.checkImages(id(), shape);
    int stages = Widths.stages(shape);
    int attention = shape.get(0) / 2;
    return TrainConfig.builder().model(id()).data(data)
        .generator(new BigGanGenerator(Z_CHUNK * (stages + 1), Sagan.CLASSES, 128, halving(128, stages + 1), List.of(attention), shape))
        .discriminator(DiscriminatorSpec.builder().architecture(DiscriminatorSpec.Architecture.RESNET).inputShape(shape)
            .stemWidth(0).widths(doubling(16, stages)).spectralNorm(true).classes(Sagan.CLASSES).attention(attention).build())
        .terms(List.of(new OrthogonalRegularization(1e-4f)))
        .loss("hinge").lrG(5e-5f).lrD(2e-4f).beta1(0f).beta2(0.999f).nDis(2).batch(64).steps(5000)
        .emaDecay(0.999f).emaStart(1000);
  }
}
