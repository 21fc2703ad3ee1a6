package io.gan4j.sdk.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.gan4j.sdk.metrics.Npy;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Reads and writes NumPy {@code .npy} files (version 1, C order) of any rank for the step-parity
 * harness: float32 ({@code <f4}), int32 ({@code <i4}) and int64 ({@code <i8}), plus float64 on
 * reading, which is {@code metrics.Npy}'s parser.
 */
final class NpyFiles {

  /** An array's dtype, shape and values (widened to double: exact for f4 and i4, and for the small i8 counters). */
  record Array(String descr, long[] shape, double[] values) {
    long size() {
      return values.length;
    }
  }

  private NpyFiles() {}

  /** Writes a float32, int32 or int64 tensor as a .npy file with the tensor's shape. */
  static void write(Path file, Tensor t) {
    long[] shape = t.shape().asArray();
    int n = (int) t.shape().size();
    ByteBuffer data;
    String descr;
    if (t instanceof TFloat32 f) {
      float[] v = new float[n];
      f.copyTo(DataBuffers.of(v, false, false));
      data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (float x : v) {
        data.putFloat(x);
      }
      descr = "<f4";
    } else if (t instanceof TInt32 i) {
      int[] v = new int[n];
      i.copyTo(DataBuffers.of(v, false, false));
      data = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int x : v) {
        data.putInt(x);
      }
      descr = "<i4";
    } else if (t instanceof TInt64 l) {
      long[] v = new long[n];
      l.copyTo(DataBuffers.of(v, false, false));
      data = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (long x : v) {
        data.putLong(x);
      }
      descr = "<i8";
    } else {
      throw new IllegalArgumentException("cannot write a " + t.getClass().getSimpleName() + " tensor as .npy");
    }
    write(file, descr, shape, data.array());
  }

  private static void write(Path file, String descr, long[] shape, byte[] data) {
    StringBuilder dims = new StringBuilder();
    for (long d : shape) {
      dims.append(d).append(", ");
    }
    String shapeText = shape.length == 0 ? "()" : shape.length == 1 ? "(" + shape[0] + ",)"
        : "(" + dims.substring(0, dims.length() - 2) + ")";
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
    int pad = (64 - (10 + dict.length() + 1) % 64) % 64;
    String header = dict + " ".repeat(pad) + "\n";
    ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    buf.putShort((short) header.length());
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    buf.put(data);
    try {
      Files.createDirectories(file.getParent());
      Files.write(file, buf.array());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Array read(Path file) {
    Npy.Array a = Npy.readArray(file);
    return new Array(a.dtype(), a.shape(), a.values());
  }
}
