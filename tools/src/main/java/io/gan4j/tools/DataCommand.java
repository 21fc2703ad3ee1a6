package io.gan4j.tools;

import io.gan4j.sdk.data.BadImage;
import io.gan4j.sdk.data.DataException;
import io.gan4j.sdk.data.DatasetExport;
import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.FashionMnistEdges;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.ImageFolder;
import io.gan4j.sdk.data.ImageFolderOptions;
import io.gan4j.sdk.data.PairedImages;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TranslationFolders;
import io.gan4j.sdk.image.PairPreview;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gan4j data}: checks an image folder, exports a built-in dataset to a folder of PNGs, or
 * draws pairs of a translation dataset.
 *
 * <p>Usage: {@code gan4j data --check photos/} · {@code gan4j data --export fashion-mnist --out fmnist-png}
 */
@Command(name = "data", mixinStandardHelpOptions = true,
    description = "Check an image folder (--check), export a built-in set as PNGs (--export), or draw translation pairs (--preview).")
final class DataCommand implements Callable<Integer> {

  @ArgGroup(exclusive = true, multiplicity = "1")
  Action action;

  static final class Action {
    @Option(names = "--check", paramLabel = "DIR",
        description = "print the folder's summary, decode every image, list every bad file; exit 1 if there is one")
    Path check;

    @Option(names = "--export", paramLabel = "NAME", description = "fashion-mnist | shapes | fmnist-edges (A/ edges, B/ garments): write it to --out as PNG files")
    String export;

    @Option(names = "--preview", paramLabel = "NAME|DIR",
        description = "fmnist-edges, or a paired folder (DIR/A and DIR/B with matching names, or side-by-side images): write a grid of A | B pairs to --out")
    String preview;
  }

  @Option(names = "--out", description = "folder (--export) or PNG file (--preview)")
  Path out;

  @Option(names = "--split", defaultValue = "train", description = "train | test, for Fashion-MNIST sets (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--count", defaultValue = "20000", description = "images of --export shapes (default: ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--pairs", defaultValue = "32", description = "pairs in --preview (default: ${DEFAULT-VALUE})")
  int pairs;

  @Mixin
  ImageFolderFlags folder;

  @Override
  public Integer call() {
    if (action.check != null) {
      return check(action.check);
    }
    if (out == null) {
      throw new IllegalArgumentException("--export and --preview need --out");
    }
    if (!split.equals("train") && !split.equals("test")) {
      throw new IllegalArgumentException("--split must be train or test, got '" + split + "'");
    }
    return action.export != null ? export(action.export) : preview(action.preview);
  }

  private int check(Path dir) {
    ImageFolderOptions options = folder.toOptions();
    ImageFolder f = ImageFolder.scan(dir, options);
    System.out.println(f.summary(options));
    long t0 = System.nanoTime();
    List<BadImage> bad = f.check(options);
    System.out.printf("checked %,d files in %.1f s: %s%n", f.files().size() + f.badImages().size(), (System.nanoTime() - t0) / 1e9,
        bad.isEmpty() ? "all good" : bad.size() + " bad");
    bad.forEach(b -> System.out.println("  " + b));
    return bad.isEmpty() ? 0 : Main.EXIT_FAILURE;
  }

  private int export(String name) {
    int written;
    switch (name) {
      case "fashion-mnist" -> {
        ImageDataset d = FashionMnist.loadOriginal(FashionMnist.DEFAULT_DIR, split);
        written = DatasetExport.toFolder(d, Arrays.asList(FashionMnist.CLASS_NAMES), out);
      }
      case "shapes" -> {
        if (count < 1) {
          throw new IllegalArgumentException("--count must be >= 1, got " + count);
        }
        written = DatasetExport.toFolder(Shapes.generate(count, 1), List.of("circle", "square", "triangle"), out);
      }
      case "fmnist-edges" -> {
        // Two folders with matching names, the layout --paired reads back.
        PairedImages p = FashionMnistEdges.load(FashionMnist.DEFAULT_DIR, split);
        written = DatasetExport.toFolder(p.a(), List.of(FashionMnist.CLASS_NAMES), out.resolve("A"))
            + DatasetExport.toFolder(p.b(), List.of(FashionMnist.CLASS_NAMES), out.resolve("B"));
      }
      default -> throw new DataException("cannot export '" + name + "'; expected fashion-mnist, shapes or fmnist-edges");
    }
    System.out.printf("wrote %,d PNG files to %s%n", written, out);
    return 0;
  }

  private int preview(String spec) {
    PairedImages p;
    if (spec.equals("fmnist-edges")) {
      p = FashionMnistEdges.load(FashionMnist.DEFAULT_DIR, split);
    } else if (java.nio.file.Files.isDirectory(Path.of(spec))) {
      p = TranslationFolders.paired(Path.of(spec), folder.toOptions());
    } else {
      throw new DataException("cannot preview '" + spec + "'; expected fmnist-edges or a folder of pairs");
    }
    PairPreview.writePng(p, Math.min(pairs, p.size()), 8, 2, out);
    System.out.printf("wrote %d pairs of %s (%s) to %s%n", Math.min(pairs, p.size()), p.name(),
        spec.equals("fmnist-edges") ? split + " split; edges | garment" : "A | B", out);
    return 0;
  }
}
