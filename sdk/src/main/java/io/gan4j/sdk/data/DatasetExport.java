package io.gan4j.sdk.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Writes an in-memory dataset as a folder of PNG files that {@link ImageFolder} reads back: with
 * labels, one subfolder per class named {@code <label>-<name>} (so sorted order is label order,
 * e.g. {@code 0-T-shirt_top}), otherwise flat; files numbered {@code 00000.png}, ... in dataset
 * order, zero-padded so sorted order is that order. Pixels are the dataset's bytes (grey PNG for one
 * channel, RGB for three). The folder is written under a temporary name and renamed when complete,
 * so a crash leaves no half export behind.
 *
 * <p>Usage: {@code DatasetExport.toFolder(FashionMnist.loadOriginal(dir, "train"), List.of(FashionMnist.CLASS_NAMES), out);}
 */
public final class DatasetExport {

  private DatasetExport() {}

  /**
   * Writes {@code data} to the new folder {@code out}.
   *
   * @param classNames one per label (used when the data has labels), e.g. Fashion-MNIST's ten
   * @return the number of PNG files written
   * @throws DataException when {@code out} exists and is not an empty folder, or a label has no name
   */
  public static int toFolder(ImageDataset data, List<String> classNames, Path out) {
    if (Files.exists(out) && !isEmptyDirectory(out)) {
      throw new DataException(out + ": already exists and is not empty; export into a new folder");
    }
    List<Integer> shape = data.elementShape();
    int h = shape.get(0);
    int w = shape.get(1);
    int c = shape.get(2);
    if (c != 1 && c != 3) {
      throw new DataException(data.name() + ": " + c + " channels; PNG export writes 1 (grey) or 3 (RGB)");
    }
    int[] labels = data.labels().orElse(null);
    if (labels != null && data.classes() > classNames.size()) {
      throw new DataException(data.name() + " has " + data.classes() + " classes but " + classNames.size() + " class names were given");
    }
    int n = data.size();
    String fileFormat = "%0" + Math.max(5, digits(n - 1)) + "d.png";
    String classFormat = "%0" + digits(Math.max(0, classNames.size() - 1)) + "d-%s";
    Path tmp = out.toAbsolutePath().resolveSibling("." + out.getFileName() + ".export-tmp");
    try {
      deleteTree(tmp);
      Files.createDirectories(tmp);
      byte[] pixels = data.pixels();
      int per = h * w * c;
      IntStream.range(0, n).parallel().forEach(i -> {
        Path dir = labels == null ? tmp : tmp.resolve(String.format(classFormat, labels[i], safe(classNames.get(labels[i]))));
        BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
        byte[] one = new byte[per];
        System.arraycopy(pixels, i * per, one, 0, per);
        // The raster takes pixels band by band in R, G, B order whatever the byte layout behind it.
        img.getRaster().setDataElements(0, 0, w, h, one);
        try {
          Files.createDirectories(dir);
          ImageIO.write(img, "png", dir.resolve(String.format(fileFormat, i)).toFile());
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      if (Files.exists(out)) {
        Files.delete(out); // the empty folder the user made for it
      }
      Files.move(tmp, out, StandardCopyOption.ATOMIC_MOVE);
      return n;
    } catch (IOException | UncheckedIOException e) {
      throw new DataException("cannot export to " + out + " (" + e.getMessage() + ")", e);
    }
  }

  /** Only letters, digits, '_' and '-' survive in a folder name; anything else becomes '_'. */
  static String safe(String name) {
    return name.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  private static int digits(int v) {
    return Integer.toString(Math.max(0, v)).length();
  }

  private static boolean isEmptyDirectory(Path p) {
    if (!Files.isDirectory(p)) {
      return false;
    }
    try (Stream<Path> s = Files.list(p)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(q);
      }
    }
  }
}
