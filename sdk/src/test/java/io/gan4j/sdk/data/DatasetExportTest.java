package io.gan4j.sdk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetExportTest {

  @TempDir Path dir;

  @Test
  void colourImagesWithLabelsRoundTripThroughAFolderByteForByte() {
    ImageDataset shapes = Shapes.generate(12, 5);
    Path out = dir.resolve("shapes");
    assertThat(DatasetExport.toFolder(shapes, List.of("circle", "square", "triangle?"), out)).isEqualTo(12);
    assertThat(out.resolve("2-triangle_")).isDirectory();
    ImageFolderOptions o = ImageFolderOptions.defaults();
    ImageDataset back = (ImageDataset) ImageFolder.scan(out, o).load(o);
    // The folder lists by class, then by number; the same order taken from the original:
    int[] labels = shapes.labels().orElseThrow();
    int[] order = java.util.stream.IntStream.range(0, 12).boxed()
        .sorted(java.util.Comparator.<Integer>comparingInt(i -> labels[i]).thenComparingInt(i -> i)).mapToInt(Integer::intValue).toArray();
    ImageDataset expected = shapes.select("expected", order);
    assertThat(back.pixels()).isEqualTo(expected.pixels());
    assertThat(back.labels().orElseThrow()).containsExactly(expected.labels().orElseThrow());
  }

  @Test
  void greyImagesWithoutLabelsAreFlatAndInOrder() {
    byte[] px = new byte[3 * 2 * 2];
    for (int i = 0; i < px.length; i++) {
      px[i] = (byte) (i * 20);
    }
    Path out = dir.resolve("grey");
    DatasetExport.toFolder(new ImageDataset("grey", 3, 2, 2, 1, px, null), List.of(), out);
    assertThat(out.resolve("00000.png")).isRegularFile();
    assertThat(out.resolve("00002.png")).isRegularFile();
    ImageFolderOptions o = ImageFolderOptions.defaults();
    assertThat(((ImageDataset) ImageFolder.scan(out, o).load(o)).pixels()).isEqualTo(px);
  }

  @Test
  void aNonEmptyTargetIsRefusedAndAnEmptyOneIsUsed() throws IOException {
    Path full = Files.createDirectories(dir.resolve("full"));
    Files.writeString(full.resolve("keep.txt"), "mine");
    ImageDataset one = new ImageDataset("one", 1, 1, 1, 1, new byte[] {7}, null);
    assertThatThrownBy(() -> DatasetExport.toFolder(one, List.of(), full)).isInstanceOf(DataException.class)
        .hasMessage(full + ": already exists and is not empty; export into a new folder");
    assertThat(full.resolve("keep.txt")).hasContent("mine");
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertThat(DatasetExport.toFolder(one, List.of(), empty)).isEqualTo(1);
    assertThat(empty.resolve("00000.png")).isRegularFile();
  }

  @Test
  void fashionMnistOriginalsAreThe28By28ImagesInsideThePaddedSet() {
    org.junit.jupiter.api.Assumptions.assumeTrue(FashionMnist.isInstalled(), "fashion-mnist not installed");
    ImageDataset original = FashionMnist.loadOriginal(FashionMnist.DEFAULT_DIR, "test");
    assertThat(original.size()).isEqualTo(10_000);
    assertThat(original.elementShape()).containsExactly(28, 28, 1);
    ImageDataset padded = FashionMnist.loadTest(FashionMnist.DEFAULT_DIR);
    assertThat(original.padded(2).pixels()).isEqualTo(padded.pixels());
  }
}
