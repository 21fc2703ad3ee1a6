package io.gan4j.sdk.recipes;

import io.gan4j.sdk.gan.terms.GradientPenalty;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * WGAN-GP (Gulrajani et al. 2017, Algorithm 1's defaults): the Wasserstein loss plus the
 * {@link GradientPenalty} with λ = 10 on a critic without batch norm, Adam 1e-4 with β = (0, 0.9)
 * for both players, 5 critic steps per G step. Networks: {@link WassersteinNets}.
 *
 * <p>Usage: {@code Recipes.WGAN_GP.config("fashion-mnist", List.of(32, 32, 1)).build()}
 */
final class WganGp implements Recipe {

  @Override
  public String id() {
    return "wgan-gp";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    return WassersteinNets.of(id(), data, shape)
        .loss("wasserstein").terms(List.of(new GradientPenalty(10f)))
        .lrG(1e-4f).lrD(1e-4f).beta1(0f).beta2(0.9f).nDis(5);
  }
}
