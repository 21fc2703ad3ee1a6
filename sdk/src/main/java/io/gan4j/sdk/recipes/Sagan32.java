package io.gan4j.sdk.recipes;

import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * The SAGAN benchmark step of {@code gan4j bench --suite}: {@link Sagan} with G widths 256…32 and D
 * widths 32…128.
 *
 * <p>Usage: {@code Recipes.SAGAN32.config("shapes", List.of(32, 32, 3)).build()}
 */
final class Sagan32 implements Recipe {

  @Override
  public String id() {
    return "sagan32";
  }

  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    return Sagan.config(id(), data, shape, 256, 32);
  }
}
