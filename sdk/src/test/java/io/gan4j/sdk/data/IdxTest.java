package io.gan4j.sdk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
  @TempDir Path dir;

  static byte[] images(int magic, int count, int rows, int cols, int pixelBytes) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    for (int i = 0; i < pixelBytes; i++) {
      out.writeByte(i % 251);
    }
    return bytes.toByteArray();
  }

  static byte[] labels(int count) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(Idx.LABELS_MAGIC);
    out.writeInt(count);
    for (int i = 0; i < count; i++) {
      out.writeByte(i % 10);
    }
    return bytes.toByteArray();
  }

  static Path gz(Path file, byte[] content) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(content);
    }
    return file;
  }

  @Test
  void readsGzippedAndRawImagesAndLabels() throws IOException {
    Path raw = Files.write(dir.resolve("img"), images(Idx.IMAGES_MAGIC, 3, 2, 2, 12));
    Idx.Images a = Idx.readImages(raw);
    Idx.Images b = Idx.readImages(gz(dir.resolve("img.gz"), images(Idx.IMAGES_MAGIC, 3, 2, 2, 12)));
    assertThat(a.count()).isEqualTo(3);
    assertThat(a.rows()).isEqualTo(2);
    assertThat(a.pixels()).containsExactly(b.pixels()).hasSize(12);
    assertThat(a.pixels()[11]).isEqualTo((byte) 11);
    assertThat(Idx.readLabels(gz(dir.resolve("l.gz"), labels(12)))).startsWith(0, 1, 2).hasSize(12);
  }

  @Test
  void wrongMagicNumberNamesFileAndBothNumbers() throws IOException {
    Path f = Files.write(dir.resolve("bad"), images(0x00000801, 3, 2, 2, 12));
    assertThatThrownBy(() -> Idx.readImages(f))
        .isInstanceOf(DataException.class)
        .hasMessage(f + ": wrong magic number 0x00000801; IDX images files start with 0x00000803");
  }

  @Test
  void truncatedFileSaysHowMuchIsMissing() throws IOException {
    Path f = gz(dir.resolve("short.gz"), images(Idx.IMAGES_MAGIC, 3, 2, 2, 7));
    assertThatThrownBy(() -> Idx.readImages(f))
        .isInstanceOf(DataException.class)
        .hasMessage(f + ": truncated IDX file: header promises 3 images of 2x2 (12 bytes) but the data ends after 7 bytes");
    Path header = Files.write(dir.resolve("header"), new byte[] {0, 0, 8});
    assertThatThrownBy(() -> Idx.readImages(header)).hasMessage(header + ": truncated IDX file (header incomplete)");
  }

  @Test
  void missingFileAndNonGzip() throws IOException {
    Path missing = dir.resolve("nope.gz");
    assertThatThrownBy(() -> Idx.readImages(missing)).isInstanceOf(DataException.class).hasMessage(missing + ": no such file");
    Path notGzip = Files.write(dir.resolve("x.gz"), new byte[] {1, 2, 3, 4});
    assertThatThrownBy(() -> Idx.readImages(notGzip)).isInstanceOf(DataException.class).hasMessageStartingWith(notGzip + ": not a gzip file");
  }

  @Test
  void labelCountMismatchIsRefused() throws IOException {
    gz(dir.resolve("train-images-idx3-ubyte.gz"), images(Idx.IMAGES_MAGIC, 4, 28, 28, 4 * 784));
    gz(dir.resolve("train-labels-idx1-ubyte.gz"), labels(3));
    assertThatThrownBy(() -> FashionMnist.load(dir))
        .isInstanceOf(DataException.class)
        .hasMessage(dir.resolve("train-labels-idx1-ubyte.gz") + ": 3 labels but train-images-idx3-ubyte.gz has 4 images");
  }

  @Test
  void fashionMnistLayoutIsPaddedTo32() throws IOException {
    gz(dir.resolve("train-images-idx3-ubyte.gz"), images(Idx.IMAGES_MAGIC, 2, 28, 28, 2 * 784));
    gz(dir.resolve("train-labels-idx1-ubyte.gz"), labels(2));
    ImageDataset data = FashionMnist.load(dir);
    assertThat(data.elementShape()).containsExactly(32, 32, 1);
    // pixel (0,0) of image 0 lands at (2,2); the border is black.
    assertThat(data.pixels()[2 * 32 + 2]).isEqualTo((byte) 0);
    assertThat(data.pixels()[2 * 32 + 3]).isEqualTo((byte) 1);
    assertThat(data.pixels()[0]).isEqualTo((byte) 0);
    assertThat(data.labels()).get().isEqualTo(new int[] {0, 1});
  }
}
