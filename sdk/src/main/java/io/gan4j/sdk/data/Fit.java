package io.gan4j.sdk.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an image of any size becomes the S×S training size. Resampling is TensorFlow's
 * {@code ScaleAndTranslate} with the triangle kernel and antialiasing, i.e. {@code tf.image.resize}'s
 * antialiased bilinear, rounded to uint8; an image already at the target size is not resampled.
 *
 * <p>Usage: {@code ImageFolderOptions.builder().imageSize(64).fit(Fit.PAD).build()}
 */
public enum Fit {
  /** Crop the centred square of side min(h, w), then resample it to S×S (torchvision's Resize + CenterCrop). */
  CROP,
  /** Pad with black to the centred square of side max(h, w), then resample it to S×S. */
  PAD,
  /** Resample h×w to S×S, changing the aspect ratio. */
  STRETCH,
  /** No resampling: crop or pad with black around the centre to S×S (how 28×28 Fashion-MNIST becomes 32×32). */
  CENTER;

  /** The fit named {@code crop}, {@code pad}, {@code stretch} or {@code center}. */
  public static Fit named(String name) {
    for (Fit f : values()) {
      if (f.name().equalsIgnoreCase(name)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown fit '" + name + "'; expected one of "
        + Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
