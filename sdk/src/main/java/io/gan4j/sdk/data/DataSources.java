package io.gan4j.sdk.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resolves a {@code --data} argument: {@code fashion-mnist}, {@code ring8}, {@code grid25},
 * {@code shapes}, or a path to a directory of IDX files ({@code train-images-idx3-ubyte[.gz]},
 * optionally {@code train-labels-idx1-ubyte[.gz]}), to one IDX images file, or to a folder of
 * images ({@link ImageFolder}).
 *
 * <p>Usage: {@code TrainingData data = DataSources.resolve("grid25");}
 */
public final class DataSources {

  public static final List<String> NAMES = List.of("fashion-mnist", "ring8", "grid25", "shapes");
  public static final int SHAPES_COUNT = 20_000;

  private DataSources() {}

  public static TrainingData resolve(String spec) {
    return resolve(spec, null);
  }

  /**
   * As {@link #resolve(String)}; a directory without IDX files is an {@link ImageFolder} read with
   * {@code folderOptions} (null: {@link ImageFolderOptions#defaults()}).
   */
  public static TrainingData resolve(String spec, ImageFolderOptions folderOptions) {
    return switch (spec) {
      case "fashion-mnist" -> FashionMnist.load(FashionMnist.DEFAULT_DIR);
      case "ring8" -> GaussianMixture2d.ring8();
      case "grid25" -> GaussianMixture2d.grid25();
      case "shapes" -> Shapes.generate(SHAPES_COUNT, 1);
      case "fmnist-edges" -> throw new DataException("fmnist-edges is paired translation data (edges | garments), not a"
          + " single image set; FashionMnistEdges.load gives it to Java, gan4j data --preview fmnist-edges draws it");
      default -> fromPath(Path.of(spec), folderOptions == null ? ImageFolderOptions.defaults() : folderOptions);
    };
  }

  private static TrainingData fromPath(Path path, ImageFolderOptions folderOptions) {
    if (!Files.exists(path)) {
      throw new DataException(path + ": no such file or directory (expected one of " + String.join(", ", NAMES)
          + ", or a path to IDX data or an image folder)");
    }
    if (ImageFolder.looksLikeImageFolder(path)) {
      return ImageFolder.scan(path, folderOptions).load(folderOptions);
    }
    if (Files.isDirectory(path)) {
      return FashionMnist.load(path);
    }
    Idx.Images images = Idx.readImages(path);
    ImageDataset data = new ImageDataset(path.getFileName().toString(), images.count(), images.rows(),
        images.cols(), 1, images.pixels(), null);
    return images.rows() == 28 && images.cols() == 28 ? data.padded(2) : data;
  }
}
