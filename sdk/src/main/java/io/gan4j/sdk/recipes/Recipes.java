package io.gan4j.sdk.recipes;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The recipes {@code --model} knows, by name. A new family is a new {@link Recipe} (and the parts it
 * composes) plus one line here.
 *
 * <p>Usage: {@code Recipe r = Recipes.named("sagan");}
 */
public final class Recipes {

  public static final Recipe DCGAN = new Dcgan();
  public static final Recipe SNGAN = new Sngan();
  public static final Recipe MLP = new Mlp();
  public static final Recipe DCGAN32 = new Dcgan32();
  public static final Recipe SAGAN = new Sagan();
  public static final Recipe UNETGAN = new UNetGan();
  public static final Recipe SAGAN32 = new Sagan32();
  public static final Recipe WGAN = new Wgan();
  public static final Recipe WGAN_GP = new WganGp();
  public static final Recipe BIGGAN = new BigGan();
  public static final Recipe BIGGAN_DEEP = new BigGanDeep();
  public static final Recipe LOGAN = new Logan();
  public static final Recipe ICGAN = new IcGan();
  /** CSGAN: CycleGAN plus the cyclic-synthesized loss, λ_CS = 30. */
  public static final Recipe CSGAN = new CsGan("csgan", io.gan4j.sdk.translation.CyclicSynthesized.LAMBDA);
  /** CycleGAN: the csgan recipe with λ_CS = 0. */
  public static final Recipe CYCLEGAN = new CsGan("cyclegan", 0f);

  private static final List<Recipe> ALL = List.of(DCGAN, SNGAN, MLP, DCGAN32, SAGAN, UNETGAN, SAGAN32, WGAN, WGAN_GP, BIGGAN, BIGGAN_DEEP, LOGAN, ICGAN, CSGAN, CYCLEGAN);

  private Recipes() {}

  /** Every recipe, in the order help texts list them. */
  public static List<Recipe> all() {
    return ALL;
  }

  public static Recipe named(String name) {
    return ALL.stream().filter(r -> r.id().equals(name)).findFirst().orElseThrow(() -> new IllegalArgumentException(
        "unknown model '" + name + "'; expected one of " + ALL.stream().map(Recipe::id).collect(Collectors.joining(", "))));
  }
}
