package io.gan4j.sdk.recipes;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.gan.InstanceFeatures;
import io.gan4j.sdk.nets.BigGanGenerator;
import io.gan4j.sdk.nets.IcGanDiscriminator;
import io.gan4j.sdk.nets.IcGanGenerator;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * IC-GAN (Casanova et al. 2021) on the {@code biggan} recipe: every setting of {@link BigGan} (hinge
 * loss, rates, two D steps, orthogonal regularisation, moving average, widths, attention, hierarchical
 * z) with the class conditioning replaced by instance conditioning: {@link IcGanGenerator} (instance
 * features through an SN linear layer to 128, concatenated with each z chunk into the conditional batch
 * norms; ic_gan uses 512 for 2048-d ResNet features, here the shipped network's features are 128-d)
 * and {@link IcGanDiscriminator} (BigGAN's D without classes plus the projection
 * {@code Σ linear_feat(h) ⊙ φ(x)}). Features from the shipped Fashion-MNIST network, k = 50 neighbours
 * (ic_gan's ImageNet and COCO setting); {@code gan4j train} computes both beside the run.
 *
 * <p>Usage: {@code Recipes.ICGAN.config("fashion-mnist", List.of(32, 32, 1)).build()} (then prepare the instances)
 */
final class IcGan implements Recipe {

  /** Width of G's learned projection of the instance features. */
  static final int FEATURE_EMBED = 128;

  @Override
  public String id() {
    return "icgan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    TrainConfig biggan = Recipes.BIGGAN.config(data, shape).build();
    BigGanGenerator g = (BigGanGenerator) biggan.generator();
    DiscriminatorSpec d = ((DiscriminatorSpec) biggan.discriminator()).newBuilder().classes(0).build();
    InstanceFeatures instances = InstanceFeatures.unresolved(InstanceFeatures.DEFAULT_NETWORK, io.gan4j.sdk.data.Neighbourhoods.DEFAULT_K);
    return biggan.newBuilder().model(id())
        .generator(new IcGanGenerator(g.zDim(), FEATURE_EMBED, g.widths(), g.attention(), g.outputShape(), instances))
        .discriminator(new IcGanDiscriminator(d, instances));
  }
}
