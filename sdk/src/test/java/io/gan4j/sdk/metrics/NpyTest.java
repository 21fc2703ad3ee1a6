package io.gan4j.sdk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.data.DataException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {
  @TempDir Path dir;

  /** A version-1 .npy file as numpy.save writes it. */
  static Path write(Path file, String descr, String shape, double[] values, int width) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
    int pad = 64 - (10 + dict.length() + 1) % 64;
    String header = dict + " ".repeat(pad % 64) + "\n";
    ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + values.length * width).order(ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    buf.putShort((short) header.length());
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (double v : values) {
      if (width == 8) {
        buf.putDouble(v);
      } else {
        buf.putFloat((float) v);
      }
    }
    return Files.write(file, buf.array());
  }

  @Test
  void readsFloat32AndFloat64Matrices() throws IOException {
    double[][] f8 = Npy.readMatrix(write(dir.resolve("a.npy"), "<f8", "2, 3", new double[] {1, 2, 3, 4, 5, 6.25}, 8));
    assertThat(f8[1]).containsExactly(4, 5, 6.25);
    double[][] f4 = Npy.readMatrix(write(dir.resolve("b.npy"), "<f4", "3, 1", new double[] {0.5, -1, 2}, 4));
    assertThat(f4).hasDimensions(3, 1);
    assertThat(f4[1][0]).isEqualTo(-1);
  }

  @Test
  void refusesWhatIsNotA2dFloatMatrix() throws IOException {
    Path oneD = write(dir.resolve("v.npy"), "<f4", "3,", new double[] {1, 2, 3}, 4);
    assertThatThrownBy(() -> Npy.readMatrix(oneD)).isInstanceOf(DataException.class)
        .hasMessage(oneD + ": features must be a 2-D array [N, d], got shape (3)");
    Path ints = write(dir.resolve("i.npy"), "<i8", "1, 2", new double[] {1, 2}, 8);
    assertThatThrownBy(() -> Npy.readMatrix(ints))
        .hasMessage(ints + ": features must be float32 or float64 ('<f4' or '<f8'), got '<i8'");
    Path shortFile = write(dir.resolve("s.npy"), "<f8", "4, 2", new double[] {1, 2, 3}, 8);
    assertThatThrownBy(() -> Npy.readMatrix(shortFile))
        .hasMessage(shortFile + ": truncated .npy data: shape (4, 2) needs 64 bytes, the file has 24");
    Path text = Files.writeString(dir.resolve("t.npy"), "x,y\n1,2\n");
    assertThatThrownBy(() -> Npy.readMatrix(text)).hasMessage(text + ": not a .npy file (no \\x93NUMPY magic)");
  }
}
