package io.gan4j.sdk.translation;

import java.util.Locale;

/**
 * Which generator of a translation model: {@code AB} is G_AB (domain A in, B out), {@code BA} G_BA.
 * Parsed from {@code ab} / {@code ba} on the command line.
 *
 * <p>Usage: {@code Direction d = Direction.parse("ba");}
 */
public enum Direction {
  AB,
  BA;

  /** {@code ab} or {@code ba}, any case. */
  public static Direction parse(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "ab", "a2b", "atob" -> AB;
      case "ba", "b2a", "btoa" -> BA;
      default -> throw new IllegalArgumentException("direction must be ab (A to B) or ba (B to A), got '" + s + "'");
    };
  }

  /** The variable scope of this direction's generator ({@code G_AB}, {@code G_BA}). */
  public String scope() {
    return this == AB ? TranslationModel.G_AB : TranslationModel.G_BA;
  }

  /** {@code ab} or {@code ba}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The generator of this direction in {@code t}. */
  public ImageTranslator generator(Translation t) {
    return this == AB ? t.generatorAB() : t.generatorBA();
  }
}
