package io.gan4j.sdk.metrics;

import io.gan4j.sdk.data.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads NumPy {@code .npy} files (C order, little-endian): feature matrices {@code [N, d]} of float32
 * or float64, images {@code [N, H, W, C]} (uint8 0..255, or float in gan4j's [−1, 1]) and integer
 * label vectors {@code [N]}, so features, samples and labels from any framework can be scored.
 * Anything else is a {@link DataException} naming the file and what it holds.
 *
 * <p>Usage: {@code double[][] features = Npy.readMatrix(Path.of("real.npy"));}
 */
public final class Npy {

  /** Images read by {@link #readImages}: {@code count} images of {@code elementShape} [H, W, C], values in [−1, 1]. */
  public record Images(int count, List<Integer> elementShape, float[] values) {}

  /**
   * An array of any rank read by {@link #readArray}: its dtype as NumPy writes it ({@code "<f4"},
   * {@code "<f8"}, {@code "<i4"}, {@code "<i8"} or {@code "|u1"}), its shape and its values in C order,
   * widened to double (exact for every dtype but int64 beyond 2^53).
   */
  public record Array(String dtype, long[] shape, double[] values) {}

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  /** A parsed file: its dtype, shape and data (from {@code offset} of {@code buf}). */
  private record Parsed(Path file, String descr, long[] shape, ByteBuffer buf, int offset) {
    String shapeText() {
      return Arrays.stream(shape).mapToObj(Long::toString).reduce((a, b) -> a + ", " + b).orElse("");
    }

    long count() {
      return Arrays.stream(shape).reduce(1, (a, b) -> a * b);
    }

    /** Element i as a double, for the float and integer dtypes. */
    double get(long i) {
      int p = Math.toIntExact(offset + i * width(descr));
      return switch (descr) {
        case "<f4" -> buf.getFloat(p);
        case "<f8" -> buf.getDouble(p);
        case "<i4" -> buf.getInt(p);
        case "<i8" -> buf.getLong(p);
        case "|u1" -> Byte.toUnsignedInt(buf.get(p));
        default -> throw new IllegalStateException(descr);
      };
    }
  }

  public static double[][] readMatrix(Path file) {
    Parsed a = parse(file);
    if (a.shape.length != 2) {
      throw new DataException(file + ": features must be a 2-D array [N, d], got shape (" + a.shapeText() + ")");
    }
    if (!a.descr.equals("<f4") && !a.descr.equals("<f8")) {
      throw new DataException(file + ": features must be float32 or float64 ('<f4' or '<f8'), got '" + a.descr + "'");
    }
    checkLength(a);
    int n = (int) a.shape[0];
    int d = (int) a.shape[1];
    double[][] out = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        out[i][j] = a.get((long) i * d + j);
      }
    }
    return out;
  }

  /**
   * Images {@code [N, H, W, C]}: uint8 (mapped to [−1, 1] as gan4j's data is) or float32/float64
   * already in [−1, 1] (a float outside it is refused, naming the first).
   */
  public static Images readImages(Path file) {
    Parsed a = parse(file);
    if (a.shape.length != 4) {
      throw new DataException(file + ": images must be a 4-D array [N, H, W, C], got shape (" + a.shapeText() + ")");
    }
    boolean bytes = a.descr.equals("|u1");
    if (!bytes && !a.descr.equals("<f4") && !a.descr.equals("<f8")) {
      throw new DataException(file + ": images must be uint8 (0..255) or float32/float64 in [-1, 1] ('|u1', '<f4' or '<f8'), got '"
          + a.descr + "'");
    }
    checkLength(a);
    float[] out = new float[Math.toIntExact(a.count())];
    for (int i = 0; i < out.length; i++) {
      double v = a.get(i);
      if (!bytes && !(Math.abs(v) <= 1.0001)) {
        throw new DataException(String.format("%s: float images must lie in [-1, 1] (gan4j's range), found %s at element %d; "
            + "save 0..255 images as uint8", file, v, i));
      }
      out[i] = bytes ? (float) v / 127.5f - 1f : (float) v; // as ImageDataset.toFloats, in float
    }
    return new Images((int) a.shape[0], List.of((int) a.shape[1], (int) a.shape[2], (int) a.shape[3]), out);
  }

  /** Any array of the supported dtypes, e.g. one variable a PyTorch reference wrote. */
  public static Array readArray(Path file) {
    Parsed a = parse(file);
    if (!List.of("<f4", "<f8", "<i4", "<i8", "|u1").contains(a.descr)) {
      throw new DataException(file + ": unsupported dtype '" + a.descr + "' (float32/64, int32/64 or uint8)");
    }
    checkLength(a);
    double[] values = new double[Math.toIntExact(a.count())];
    for (int i = 0; i < values.length; i++) {
      values[i] = a.get(i);
    }
    return new Array(a.descr, a.shape, values);
  }

  /** Integer labels {@code [N]} (int32, int64 or uint8). */
  public static int[] readLabels(Path file) {
    Parsed a = parse(file);
    if (a.shape.length != 1) {
      throw new DataException(file + ": labels must be a 1-D array [N], got shape (" + a.shapeText() + ")");
    }
    if (!a.descr.equals("<i4") && !a.descr.equals("<i8") && !a.descr.equals("|u1")) {
      throw new DataException(file + ": labels must be int32, int64 or uint8 ('<i4', '<i8' or '|u1'), got '" + a.descr + "'");
    }
    checkLength(a);
    int[] out = new int[(int) a.shape[0]];
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.toIntExact((long) a.get(i));
    }
    return out;
  }

  /**
   * A float32 array of any rank as floats in C order (its shape in {@code shape}, which must have
   * room for the rank); for large feature tables, where {@link #readArray}'s doubles would double the memory.
   */
  public static float[] readFloats(Path file, long[] expectShape) {
    Parsed a = parse(file);
    if (!a.descr.equals("<f4")) {
      throw new DataException(file + ": expected float32 ('<f4'), got '" + a.descr + "'");
    }
    if (!Arrays.equals(a.shape, expectShape)) {
      throw new DataException(file + ": expected shape (" + Arrays.toString(expectShape) + "), got (" + a.shapeText() + ")");
    }
    checkLength(a);
    float[] out = new float[Math.toIntExact(a.count())];
    a.buf.position(a.offset);
    a.buf.slice().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
    return out;
  }

  /** An int32 array of shape {@code expectShape} as ints in C order. */
  public static int[] readInts(Path file, long[] expectShape) {
    Parsed a = parse(file);
    if (!a.descr.equals("<i4")) {
      throw new DataException(file + ": expected int32 ('<i4'), got '" + a.descr + "'");
    }
    if (!Arrays.equals(a.shape, expectShape)) {
      throw new DataException(file + ": expected shape (" + Arrays.toString(expectShape) + "), got (" + a.shapeText() + ")");
    }
    checkLength(a);
    int[] out = new int[Math.toIntExact(a.count())];
    a.buf.position(a.offset);
    a.buf.slice().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(out);
    return out;
  }

  /** Writes float32 {@code values} (C order) of {@code shape} as a version 1.0 {@code .npy} file NumPy reads. */
  public static void write(Path file, long[] shape, float[] values) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.asFloatBuffer().put(values);
    write(file, "<f4", shape, values.length, data.array());
  }

  /** Writes int32 {@code values} (C order) of {@code shape} as a version 1.0 {@code .npy} file. */
  public static void write(Path file, long[] shape, int[] values) throws IOException {
    ByteBuffer data = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    data.asIntBuffer().put(values);
    write(file, "<i4", shape, values.length, data.array());
  }

  private static void write(Path file, String descr, long[] shape, int count, byte[] data) throws IOException {
    if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != count) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + count + " values");
    }
    String dims = Arrays.stream(shape).mapToObj(Long::toString).reduce((a, b) -> a + ", " + b).orElse("")
        + (shape.length == 1 ? "," : "");
    StringBuilder header = new StringBuilder("{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }");
    // magic (6) + version (2) + length (2) + header, padded with spaces and ended by \n to a multiple of 64
    while ((10 + header.length() + 1) % 64 != 0) {
      header.append(' ');
    }
    header.append('\n');
    byte[] h = header.toString().getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer out = ByteBuffer.allocate(10 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
    out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) h.length).put(h).put(data);
    byte[] bytes = out.array();
    io.gan4j.sdk.io.AtomicFile.write(file, tmp -> Files.write(tmp, bytes));
  }

  private static Parsed parse(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DataException(file + ": no such file");
    } catch (IOException e) {
      throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (bytes.length < 10 || !Arrays.equals(Arrays.copyOf(bytes, 6), MAGIC)) {
      throw new DataException(file + ": not a .npy file (no \\x93NUMPY magic)");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    int major = bytes[6];
    int headerLength;
    int offset;
    if (major == 1) {
      headerLength = Short.toUnsignedInt(buf.getShort(8));
      offset = 10;
    } else {
      headerLength = buf.getInt(8);
      offset = 12;
    }
    if (offset + headerLength > bytes.length) {
      throw new DataException(file + ": truncated .npy header");
    }
    String header = new String(bytes, offset, headerLength, StandardCharsets.ISO_8859_1);
    String descr = group(DESCR, header, file, "descr");
    if (group(ORDER, header, file, "fortran_order").equals("True")) {
      throw new DataException(file + ": Fortran-order arrays are not supported; save with np.ascontiguousarray");
    }
    long[] shape = Arrays.stream(group(SHAPE, header, file, "shape").replace(" ", "").split(","))
        .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
    return new Parsed(file, descr, shape, buf, offset + headerLength);
  }

  private static int width(String descr) {
    return switch (descr) {
      case "<f8", "<i8" -> 8;
      case "|u1" -> 1;
      default -> 4;
    };
  }

  private static void checkLength(Parsed a) {
    long needed = a.count() * width(a.descr);
    long has = a.buf.capacity() - a.offset;
    if (has < needed) {
      throw new DataException(String.format("%s: truncated .npy data: shape (%s) needs %,d bytes, the file has %,d",
          a.file, a.shapeText(), needed, has));
    }
  }

  private static String group(Pattern p, String header, Path file, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new DataException(file + ": .npy header has no '" + key + "'");
    }
    return m.group(1);
  }
}
