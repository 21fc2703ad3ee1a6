package io.gan4j.tools;

import io.gan4j.sdk.data.DataSources;
import io.gan4j.sdk.data.Fit;
import io.gan4j.sdk.data.ImageFolder;
import io.gan4j.sdk.data.ImageFolderOptions;
import io.gan4j.sdk.data.TrainingData;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** How {@code --data DIR} reads a folder of images, for train, bench and data. */
final class ImageFolderFlags {

  @Option(names = "--image-size", description = "side S of the square training images (default: the images' own, when they all share one)")
  Integer imageSize;

  @Option(names = "--fit", defaultValue = "crop",
      description = "to S x S: crop (centred square, resample) | pad (black to a square, resample) | stretch | center (crop/pad, no resampling) (default: ${DEFAULT-VALUE})")
  String fit;

  @Option(names = "--channels", description = "1 (grey) or 3 (colour); converts (default: the images', when they agree)")
  Integer channels;

  @Option(names = "--labels", defaultValue = "subfolders",
      description = "subfolders (first-level folders are classes) | none | PATH to a CSV of path,label rows (default: ${DEFAULT-VALUE})")
  String labels;

  @Option(names = "--skip-bad-images", description = "train on the readable images and report how many were skipped")
  boolean skipBadImages;

  @Option(names = "--data-memory", defaultValue = "1g",
      description = "decoded folders up to this size (e.g. 512m, 2g, 0) are held in memory; larger ones stream from disk (default: ${DEFAULT-VALUE})")
  String dataMemory;

  /** True when {@code spec} is a folder of images rather than a built-in name or IDX data. */
  static boolean isFolder(String spec) {
    return !DataSources.NAMES.contains(spec) && ImageFolder.looksLikeImageFolder(Path.of(spec));
  }

  /** The data named by {@code spec}; a folder's summary goes to {@code out} before it is decoded. */
  static TrainingData resolve(String spec, ImageFolderOptions options, PrintStream out) {
    if (!isFolder(spec)) {
      return DataSources.resolve(spec, options);
    }
    ImageFolderOptions o = options == null ? ImageFolderOptions.defaults() : options;
    ImageFolder folder = ImageFolder.scan(Path.of(spec), o);
    out.println(folder.summary(o));
    return folder.load(o);
  }

  ImageFolderOptions toOptions() {
    ImageFolderOptions.Builder b = ImageFolderOptions.builder().fit(Fit.named(fit)).skipBadImages(skipBadImages).memoryBudget(bytes(dataMemory));
    if (imageSize != null) {
      if (imageSize < 1) {
        throw new IllegalArgumentException("--image-size must be >= 1, got " + imageSize);
      }
      b.imageSize(imageSize);
    }
    if (channels != null) {
      if (channels != 1 && channels != 3) {
        throw new IllegalArgumentException("--channels must be 1 or 3, got " + channels);
      }
      b.channels(channels);
    }
    switch (labels) {
      case "subfolders" -> b.labels(ImageFolderOptions.LabelSource.SUBFOLDERS);
      case "none" -> b.labels(ImageFolderOptions.LabelSource.NONE);
      default -> b.labelsFile(Path.of(labels).toAbsolutePath());
    }
    return b.build();
  }

  /** {@code 512m}, {@code 2g}, {@code 1500k} or a byte count. */
  static long bytes(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    long unit = switch (v.isEmpty() ? ' ' : v.charAt(v.length() - 1)) {
      case 'k' -> 1L << 10;
      case 'm' -> 1L << 20;
      case 'g' -> 1L << 30;
      default -> 1;
    };
    try {
      return Long.parseLong(unit == 1 ? v : v.substring(0, v.length() - 1)) * unit;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--data-memory takes a size such as 512m, 2g or 0, got '" + s + "'");
    }
  }
}
