package io.gan4j.sdk.recipes;

import io.gan4j.sdk.train.OptimizerType;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * WGAN (Arjovsky et al. 2017): a critic without sigmoid under the Wasserstein loss, its weights
 * clipped to [−0.01, 0.01] after every update, RMSProp 5e-5 for both players, 5 critic steps per G
 * step. Networks: {@link WassersteinNets} (the {@link Dcgan} pair for images, 3×256 MLPs for points).
 * The paper's 100 critic steps during the first 25 G steps and every 500th are not modelled (n_dis is
 * constant).
 *
 * <p>Usage: {@code Recipes.WGAN.config("ring8", List.of(2)).build()}
 */
final class Wgan implements Recipe {

  @Override
  public String id() {
    return "wgan";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    return WassersteinNets.of(id(), data, shape)
        .loss("wasserstein").optimizer(OptimizerType.RMSPROP).lrG(5e-5f).lrD(5e-5f).clipD(0.01f).nDis(5);
  }
}
