package io.gan4j.sdk.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reader of the IDX format of MNIST and Fashion-MNIST ({@code .gz} or raw): uint8 images
 * (magic 0x00000803) and labels (magic 0x00000801). Every failure is a {@link DataException}
 * naming the file.
 *
 * <p>Usage: {@code Idx.Images images = Idx.readImages(Path.of("train-images-idx3-ubyte.gz"));}
 */
public final class Idx {

  static final int IMAGES_MAGIC = 0x00000803;
  static final int LABELS_MAGIC = 0x00000801;

  /** {@code count} images of {@code rows × cols} bytes, row-major. */
  public record Images(int count, int rows, int cols, byte[] pixels) {}

  private Idx() {}

  public static Images readImages(Path file) {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in.readInt(), IMAGES_MAGIC, "images");
      int count = in.readInt();
      int rows = in.readInt();
      int cols = in.readInt();
      if (count < 0 || rows <= 0 || cols <= 0 || (long) count * rows * cols > Integer.MAX_VALUE) {
        throw new DataException(file + ": implausible IDX header (count=" + count + ", rows=" + rows + ", cols=" + cols + ")");
      }
      byte[] pixels = new byte[count * rows * cols];
      readFully(file, in, pixels, count + " images of " + rows + "x" + cols);
      return new Images(count, rows, cols, pixels);
    } catch (EOFException e) {
      throw new DataException(file + ": truncated IDX file (header incomplete)", e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  public static int[] readLabels(Path file) {
    try (DataInputStream in = open(file)) {
      checkMagic(file, in.readInt(), LABELS_MAGIC, "labels");
      int count = in.readInt();
      if (count < 0) {
        throw new DataException(file + ": implausible IDX header (count=" + count + ")");
      }
      byte[] raw = new byte[count];
      readFully(file, in, raw, count + " labels");
      int[] labels = new int[count];
      for (int i = 0; i < count; i++) {
        labels[i] = raw[i] & 0xff;
      }
      return labels;
    } catch (EOFException e) {
      throw new DataException(file + ": truncated IDX file (header incomplete)", e);
    } catch (IOException e) {
      throw unreadable(file, e);
    }
  }

  private static DataInputStream open(Path file) throws IOException {
    if (!Files.exists(file)) {
      throw new DataException(file + ": no such file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new DataException(file + ": not a readable file");
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    if (file.getFileName().toString().endsWith(".gz")) {
      try {
        raw = new GZIPInputStream(raw, 1 << 16);
      } catch (IOException e) {
        raw.close();
        throw new DataException(file + ": not a gzip file (" + e.getMessage() + ")", e);
      }
    }
    return new DataInputStream(raw);
  }

  private static void checkMagic(Path file, int magic, int expected, String what) {
    if (magic != expected) {
      throw new DataException(String.format(
          "%s: wrong magic number 0x%08x; IDX %s files start with 0x%08x", file, magic, what, expected));
    }
  }

  private static void readFully(Path file, DataInputStream in, byte[] target, String what) throws IOException {
    int off = 0;
    while (off < target.length) {
      int n = in.read(target, off, target.length - off);
      if (n < 0) {
        throw new DataException(String.format(
            "%s: truncated IDX file: header promises %s (%,d bytes) but the data ends after %,d bytes",
            file, what, target.length, off));
      }
      off += n;
    }
  }

  private static DataException unreadable(Path file, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new DataException(file + ": no such file", e);
    }
    return new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
  }
}
