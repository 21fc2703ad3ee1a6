package io.gan4j.sdk.recipes;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.train.TrainConfig;
import java.util.List;

/**
 * A named GAN: a composition of networks, objective and training step with the defaults of its
 * paper (or of the tuning this project measured), for data of a given element shape. What
 * {@code gan4j train --model NAME} names; the builder it returns overrides anything.
 *
 * <p>Usage: {@code TrainConfig c = Recipes.named("sngan").config("fashion-mnist", List.of(32, 32, 1)).steps(5000).build();}
 */
public interface Recipe {

  /** The name {@code --model} takes. */
  String id();

  /** This recipe for {@code data} whose elements have {@code shape} ({@code [H, W, C]} or {@code [d]}). */
  TrainConfig.Builder config(String data, List<Integer> shape);

  /** Whether this recipe trains an image-to-image translation model ({@link #translation}) rather than a GAN. */
  default boolean translates() {
    return false;
  }

  /**
   * This translation recipe for {@code data} whose domain A has images of {@code shapeA} and B of
   * {@code shapeB} ({@code [H, W, C]}); GAN recipes refuse.
   */
  default TrainConfig.Builder translation(String data, List<Integer> shapeA, List<Integer> shapeB) {
    throw new IllegalArgumentException("recipe '" + id() + "' is not an image-to-image translation model");
  }

  /** The generator this recipe builds for {@code shape}, to start a variant from ({@code .newBuilder()}). */
  default GeneratorSpec generator(List<Integer> shape) {
    GeneratorNetwork g = config("probe", shape).build().generator();
    if (!(g instanceof GeneratorSpec spec)) {
      throw new IllegalStateException("recipe '" + id() + "' builds a " + g.getClass().getSimpleName() + ", not a GeneratorSpec");
    }
    return spec;
  }

  /** The discriminator this recipe builds for {@code shape}, to start a variant from ({@code .newBuilder()}). */
  default DiscriminatorSpec discriminator(List<Integer> shape) {
    DiscriminatorNetwork d = config("probe", shape).build().discriminator();
    if (!(d instanceof DiscriminatorSpec spec)) {
      throw new IllegalStateException("recipe '" + id() + "' builds a " + d.getClass().getSimpleName() + ", not a DiscriminatorSpec");
    }
    return spec;
  }
}
