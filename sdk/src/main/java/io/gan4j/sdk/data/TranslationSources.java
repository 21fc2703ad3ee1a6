package io.gan4j.sdk.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves the data of a translation run from the spec its {@code config.json} keeps:
 * {@code fmnist-edges} (Fashion-MNIST edges ↔ garments, {@link FashionMnistEdges}), {@code paired:DIR}
 * (pairs from {@link TranslationFolders#paired}) or {@code unpaired:DIR_A|DIR_B}
 * ({@link TranslationFolders#unpaired}), so resume, {@code translate} and {@code eval} read the same
 * data the run trained on. The paired test split: Fashion-MNIST's test set for {@code fmnist-edges};
 * for {@code paired:.../train} a sibling {@code test} folder when there is one (pix2pix's layout).
 *
 * <p>Usage: {@code TranslationData d = TranslationSources.train(TranslationSources.paired(dir), options);}
 */
public final class TranslationSources {

  /** The built-in task. */
  public static final String FMNIST_EDGES = "fmnist-edges";
  private static final String PAIRED = "paired:";
  private static final String UNPAIRED = "unpaired:";

  private TranslationSources() {}

  /** The spec of paired folders in {@code dir}. */
  public static String paired(Path dir) {
    return PAIRED + dir.toAbsolutePath().normalize();
  }

  /** The spec of unpaired folders {@code a} and {@code b}. */
  public static String unpaired(Path a, Path b) {
    return UNPAIRED + a.toAbsolutePath().normalize() + "|" + b.toAbsolutePath().normalize();
  }

  /** The training data of {@code spec}; folders are read with {@code options} (null: defaults). */
  public static TranslationData train(String spec, ImageFolderOptions options) {
    ImageFolderOptions o = options == null ? ImageFolderOptions.defaults() : options;
    if (spec.equals(FMNIST_EDGES)) {
      return FashionMnistEdges.load(FashionMnist.DEFAULT_DIR, "train");
    }
    if (spec.startsWith(PAIRED)) {
      return TranslationFolders.paired(existing(Path.of(spec.substring(PAIRED.length()))), o);
    }
    if (spec.startsWith(UNPAIRED)) {
      String[] ab = spec.substring(UNPAIRED.length()).split("\\|", -1);
      if (ab.length != 2) {
        throw new DataException("unpaired translation data must be 'unpaired:DIR_A|DIR_B', got '" + spec + "'");
      }
      return TranslationFolders.unpaired(existing(Path.of(ab[0])), existing(Path.of(ab[1])), o);
    }
    throw new DataException("unknown translation data '" + spec + "'; expected fmnist-edges, paired:DIR or unpaired:DIR_A|DIR_B");
  }

  /** The paired test split of {@code spec}, when it has one. */
  public static Optional<PairedImages> test(String spec, ImageFolderOptions options) {
    ImageFolderOptions o = options == null ? ImageFolderOptions.defaults() : options;
    if (spec.equals(FMNIST_EDGES)) {
      return Optional.of(FashionMnistEdges.load(FashionMnist.DEFAULT_DIR, "test"));
    }
    if (spec.startsWith(PAIRED)) {
      Path dir = Path.of(spec.substring(PAIRED.length()));
      Path test = dir.resolveSibling("test");
      if (dir.getFileName() != null && dir.getFileName().toString().equals("train") && Files.isDirectory(test)) {
        return Optional.of(TranslationFolders.paired(test, o));
      }
    }
    return Optional.empty();
  }

  private static Path existing(Path p) {
    if (!Files.isDirectory(p)) {
      throw new DataException(p + ": no such directory");
    }
    return p;
  }
}
