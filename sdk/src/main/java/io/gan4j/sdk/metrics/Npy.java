package io.gan4j.sdk.metrics;

import io.gan4j.sdk.data.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a NumPy {@code .npy} feature file: a 2-D C-order array of float32 ({@code <f4}) or float64
 * ({@code <f8}), as {@code double[N][d]}. Anything else is a {@link DataException} naming the file.
 *
 * <p>Usage: {@code double[][] features = Npy.readMatrix(Path.of("real.npy"));}
 */
public final class Npy {

  private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
  private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
  private static final Pattern ORDER = Pattern.compile("'fortran_order':\\s*(True|False)");
  private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

  private Npy() {}

  public static double[][] readMatrix(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (java.nio.file.NoSuchFileException e) {
      throw new DataException(file + ": no such file");
    } catch (IOException e) {
      throw new DataException(file + ": cannot read (" + e.getMessage() + ")", e);
    }
    if (bytes.length < 10 || !java.util.Arrays.equals(java.util.Arrays.copyOf(bytes, 6), MAGIC)) {
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
    String[] dims = group(SHAPE, header, file, "shape").replace(" ", "").split(",");
    int rank = (int) java.util.Arrays.stream(dims).filter(s -> !s.isEmpty()).count();
    if (rank != 2) {
      throw new DataException(file + ": features must be a 2-D array [N, d], got shape (" + String.join(",", dims) + ")");
    }
    int width;
    boolean isDouble;
    switch (descr) {
      case "<f4" -> { width = 4; isDouble = false; }
      case "<f8" -> { width = 8; isDouble = true; }
      default -> throw new DataException(file + ": features must be float32 or float64 ('<f4' or '<f8'), got '" + descr + "'");
    }
    int n = Integer.parseInt(dims[0]);
    int d = Integer.parseInt(dims[1]);
    int data = offset + headerLength;
    long needed = (long) n * d * width;
    if (bytes.length - data < needed) {
      throw new DataException(String.format("%s: truncated .npy data: shape (%d, %d) needs %,d bytes, the file has %,d",
          file, n, d, needed, bytes.length - data));
    }
    double[][] out = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        int p = data + (i * d + j) * width;
        out[i][j] = isDouble ? buf.getDouble(p) : buf.getFloat(p);
      }
    }
    return out;
  }

  private static String group(Pattern p, String header, Path file, String key) {
    Matcher m = p.matcher(header);
    if (!m.find()) {
      throw new DataException(file + ": .npy header has no '" + key + "'");
    }
    return m.group(1);
  }
}
