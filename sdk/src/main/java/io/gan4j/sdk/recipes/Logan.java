package io.gan4j.sdk.recipes;

import io.gan4j.sdk.gan.LatentOptimisation;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * LOGAN (Wu et al. 2019) on the {@code biggan} recipe: every setting of {@link BigGan} (networks,
 * hinge loss, rates, two D steps, orthogonal regularisation, moving average), plus
 * {@link LatentOptimisation#defaults()} (natural gradient, α 0.9, β 0.1, 80 % of the samples, as
 * StudioGAN's {@code LOGAN.yaml}) on G's latents for both the batch D judges and the batch G learns on.
 *
 * <p>Usage: {@code Recipes.LOGAN.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class Logan implements Recipe {

  @Override
  public String id() {
    return "logan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    return Recipes.BIGGAN.config(data, shape).model(id()).latentStep(LatentOptimisation.defaults());
  }
}
