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
      switch (descr) {
        case "<i8" -> buf.putLong((long) v);
        case "<i4" -> buf.putInt((int) v);
        case "|u1" -> buf.put((byte) v);
        default -> {
          if (width == 8) {
            buf.putDouble(v);
          } else {
            buf.putFloat((float) v);
          }
        }
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

  @Test
  void readsImagesAsGansRangeAndLabels() throws IOException {
    Npy.Images bytes = Npy.readImages(write(dir.resolve("u.npy"), "|u1", "2, 1, 2, 1", new double[] {0, 255, 51, 127.5}, 1));
    assertThat(bytes.count()).isEqualTo(2);
    assertThat(bytes.elementShape()).containsExactly(1, 2, 1);
    // Byte b maps to b / 127.5 - 1, as ImageDataset.toFloats does (127.5 was written as the byte 127).
    assertThat(bytes.values()).containsExactly(-1f, 1f, 51 / 127.5f - 1f, 127 / 127.5f - 1f);
    Npy.Images floats = Npy.readImages(write(dir.resolve("f.npy"), "<f4", "1, 1, 1, 3", new double[] {-1, 0.25, 1}, 4));
    assertThat(floats.values()).containsExactly(-1f, 0.25f, 1f);
    assertThat(Npy.readLabels(write(dir.resolve("l8.npy"), "<i8", "3,", new double[] {2, 0, 9}, 8))).containsExactly(2, 0, 9);
    assertThat(Npy.readLabels(write(dir.resolve("l4.npy"), "<i4", "2,", new double[] {7, 1}, 4))).containsExactly(7, 1);
  }

  @Test
  void refusesImagesAndLabelsOfTheWrongKind() throws IOException {
    Path outside = write(dir.resolve("o.npy"), "<f4", "1, 1, 2, 1", new double[] {0.5, 3.5}, 4);
    assertThatThrownBy(() -> Npy.readImages(outside)).hasMessage(outside
        + ": float images must lie in [-1, 1] (gan4j's range), found 3.5 at element 1; save 0..255 images as uint8");
    Path flat = write(dir.resolve("m.npy"), "<f4", "2, 2", new double[] {0, 0, 0, 0}, 4);
    assertThatThrownBy(() -> Npy.readImages(flat)).hasMessage(flat + ": images must be a 4-D array [N, H, W, C], got shape (2, 2)");
    Path ints = write(dir.resolve("i.npy"), "<i4", "1, 1, 1, 1", new double[] {3}, 4);
    assertThatThrownBy(() -> Npy.readImages(ints)).hasMessage(ints
        + ": images must be uint8 (0..255) or float32/float64 in [-1, 1] ('|u1', '<f4' or '<f8'), got '<i4'");
    Path floatLabels = write(dir.resolve("fl.npy"), "<f4", "2,", new double[] {1, 2}, 4);
    assertThatThrownBy(() -> Npy.readLabels(floatLabels))
        .hasMessage(floatLabels + ": labels must be int32, int64 or uint8 ('<i4', '<i8' or '|u1'), got '<f4'");
    Path shortImages = write(dir.resolve("s.npy"), "|u1", "2, 2, 2, 1", new double[] {1, 2, 3}, 1);
    assertThatThrownBy(() -> Npy.readImages(shortImages))
        .hasMessage(shortImages + ": truncated .npy data: shape (2, 2, 2, 1) needs 8 bytes, the file has 3");
  }

  @Test
  void readsArraysOfAnyRankAndRefusesOtherDtypes() throws IOException {
    Npy.Array a = Npy.readArray(write(dir.resolve("r3.npy"), "<i8", "1, 2, 2", new double[] {4, -3, 0, 9}, 8));
    assertThat(a.dtype()).isEqualTo("<i8");
    assertThat(a.shape()).containsExactly(1, 2, 2);
    assertThat(a.values()).containsExactly(4, -3, 0, 9);
    Npy.Array scalar = Npy.readArray(write(dir.resolve("s0.npy"), "<f4", "", new double[] {0.25}, 4));
    assertThat(scalar.shape()).isEmpty();
    assertThat(scalar.values()).containsExactly(0.25);
    Path f2 = write(dir.resolve("h.npy"), "<f2", "2,", new double[] {1, 2}, 4);
    assertThatThrownBy(() -> Npy.readArray(f2))
        .hasMessage(f2 + ": unsupported dtype '<f2' (float32/64, int32/64 or uint8)");
  }
}
