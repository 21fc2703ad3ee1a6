package io.gan4j.sdk.recipes;

import io.gan4j.sdk.gan.terms.GradientPenalty;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * WGAN-GP (Gulrajani et al. 2017, Algorithm 1's defaults): the Wasserstein loss plus the
 * {@link GradientPenalty} with λ = 10 on a critic without batch norm, Adam 1e-4 with β = (0, 0.9)
 * for both players, 5 critic steps per G step. Networks: {@link WassersteinNets}.
 *
 * <p>Points ({@code [d]}) take the toy settings of the authors' {@code gan_toy.py} instead — smaller
 * λ (1 here; theirs 0.1), β = (0.5, 0.9) — plus a 0.999 moving average of G and 75,000 steps.
 * Measured on grid25, seed 1: Algorithm 1's settings cover 0/25 modes at 10,000 steps (a PyTorch
 * copy of the same step: 1.1 % high-quality samples), λ 0.1 / 1 / 10 with these β and the average
 * 1 / 5 / 1 modes at 10,000, λ = 1 24/25 modes with 62.5 % high-quality samples at 25,000 and
 * 25/25 with 92.0 % at 50,000; seeds 1–3 at 50,000: 25/25 each, 92.0 / 88.2 / 90.7 % (seed 2 short of
 * 90 %), at 75,000: 25/25 each, 93.8 / 93.0 / 94.6 %.
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
    TrainConfig.Builder b = WassersteinNets.of(id(), data, shape).loss("wasserstein").lrG(1e-4f).lrD(1e-4f).beta2(0.9f).nDis(5);
    if (shape.size() == 1) {
      return b.terms(List.of(new GradientPenalty(1f))).beta1(0.5f).emaDecay(0.999f).steps(75000);
    }
    return b.terms(List.of(new GradientPenalty(10f))).beta1(0f);
  }
}
