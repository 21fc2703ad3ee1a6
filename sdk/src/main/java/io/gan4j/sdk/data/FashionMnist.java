package io.gan4j.sdk.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Fashion-MNIST training set (60,000 28×28 grey images of 10 garment classes) from IDX files,
 * zero-padded to 32×32 so the standard 32×32 architectures apply. The default location is where
 * Debian's {@code dataset-fashion-mnist} package puts it.
 *
 * <p>Usage: {@code ImageDataset data = FashionMnist.load(FashionMnist.DEFAULT_DIR);}
 */
public final class FashionMnist {

  public static final Path DEFAULT_DIR = Path.of("/usr/share/datasets/fashion-mnist");
  public static final String[] CLASS_NAMES = {
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"
  };

  private FashionMnist() {}

  public static boolean isInstalled() {
    return Files.isDirectory(DEFAULT_DIR) && find(DEFAULT_DIR, "train-images-idx3-ubyte") != null;
  }

  /** Loads {@code train-images-idx3-ubyte[.gz]} and {@code train-labels-idx1-ubyte[.gz]} from {@code dir}. */
  public static ImageDataset load(Path dir) {
    return load(dir, "train");
  }

  /** The 10,000 test images ({@code t10k-*} files), padded like the training set. */
  public static ImageDataset loadTest(Path dir) {
    return load(dir, "t10k");
  }

  /**
   * The published 28×28 images of {@code split} ("train": 60,000, "test": 10,000) with labels,
   * not padded: what {@code gan4j data --export fashion-mnist} writes.
   */
  public static ImageDataset loadOriginal(Path dir, String split) {
    return switch (split) {
      case "train" -> unpadded(load(dir, "train"));
      case "test" -> unpadded(load(dir, "t10k"));
      default -> throw new IllegalArgumentException("split must be train or test, got '" + split + "'");
    };
  }

  /** Removes the 2-pixel border {@link #load} adds (the IDX files are 28×28). */
  private static ImageDataset unpadded(ImageDataset padded) {
    if (!padded.elementShape().equals(java.util.List.of(32, 32, 1))) {
      return padded;
    }
    int n = padded.size();
    byte[] src = padded.pixels();
    byte[] out = new byte[n * 28 * 28];
    for (int i = 0; i < n; i++) {
      for (int y = 0; y < 28; y++) {
        System.arraycopy(src, (i * 32 + y + 2) * 32 + 2, out, (i * 28 + y) * 28, 28);
      }
    }
    return new ImageDataset(padded.name(), n, 28, 28, 1, out, padded.labels().orElse(null));
  }

  private static ImageDataset load(Path dir, String split) {
    if (!Files.exists(dir)) {
      throw new DataException(dir + ": no such directory"
          + (dir.equals(DEFAULT_DIR) ? " (install it with: apt-get install dataset-fashion-mnist)" : ""));
    }
    if (!Files.isDirectory(dir)) {
      throw new DataException(dir + ": not a directory of IDX files");
    }
    Path imagesFile = find(dir, split + "-images-idx3-ubyte");
    if (imagesFile == null) {
      throw new DataException(dir + ": no " + split + "-images-idx3-ubyte[.gz] file");
    }
    Path labelsFile = find(dir, split + "-labels-idx1-ubyte");
    Idx.Images images = Idx.readImages(imagesFile);
    int[] labels = labelsFile == null ? null : Idx.readLabels(labelsFile);
    if (labels != null && labels.length != images.count()) {
      throw new DataException(labelsFile + ": " + labels.length + " labels but " + imagesFile.getFileName()
          + " has " + images.count() + " images");
    }
    ImageDataset data = new ImageDataset(
        split.equals("train") ? "fashion-mnist" : "fashion-mnist-test", images.count(), images.rows(), images.cols(), 1, images.pixels(), labels);
    return images.rows() == 28 && images.cols() == 28 ? data.padded(2) : data;
  }

  static Path find(Path dir, String base) {
    for (String name : new String[] {base + ".gz", base}) {
      Path p = dir.resolve(name);
      if (Files.exists(p)) {
        return p;
      }
    }
    return null;
  }
}
