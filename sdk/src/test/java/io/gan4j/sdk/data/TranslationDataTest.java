package io.gan4j.sdk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class TranslationDataTest {

  @TempDir Path dir;

  /** Both domains of batch {@code counter} as host floats: {a, b}. */
  private static float[][] batch(TranslationData d, int batch, long counter, long seed) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      TranslationData.Batch b = d.batch(tf, tf.constant(counter), batch, seed);
      s.initialize();
      try (Result r = s.runner().fetch(b.a()).fetch(b.b()).run()) {
        float[][] out = new float[2][];
        for (int k = 0; k < 2; k++) {
          TFloat32 t = (TFloat32) r.get(k);
          out[k] = new float[(int) t.size()];
          t.asRawTensor().data().asFloats().read(out[k]);
        }
        return out;
      }
    }
  }

  private static int pixel(float v) {
    return Math.round((v + 1f) * 127.5f);
  }

  @Test
  void sobelEdgesOfABrightSquareByHand() {
    // 5×5, a 255 square at rows/cols 1..3 (a 3×3 block). Centre (2,2): gx = gy = 0 -> no edge.
    // (1,1): gx = -0 + (255·1 from (0,2)=0) ... = 255·(0+2·1+1)... by the masks: right column (x=2)
    // rows 0..2 = 0, 255, 255 -> +0 + 2·255 + 255 = 765; left column (x=0) = 0 -> gx = 765;
    // gy the same by symmetry, 765² + 765² > 240² -> edge. Corner (0,0) sees only (1,1)=255:
    // gx = gy = 255, 2·255² = 130,050 > 57,600 -> edge. (0,2): gx = -255 + 255 = 0,
    // gy = 255 + 2·255 + 255 = 1020 -> edge. Every border pixel and the ring are edges; only (2,2) is not.
    byte[] img = new byte[25];
    for (int y = 1; y <= 3; y++) {
      for (int x = 1; x <= 3; x++) {
        img[y * 5 + x] = (byte) 255;
      }
    }
    byte[] e = FashionMnistEdges.edges(img, 5, 5);
    for (int i = 0; i < 25; i++) {
      assertThat(e[i] & 0xff).as("pixel %s", i).isEqualTo(i == 12 ? 0 : 255);
    }
    // A faint step of 40 gives |g| = 4·40 = 160 < 240: no edges at all.
    byte[] faint = new byte[25];
    for (int i = 0; i < 25; i++) {
      faint[i] = (byte) (i % 5 >= 2 ? 40 : 0);
    }
    for (byte b : FashionMnistEdges.edges(faint, 5, 5)) {
      assertThat(b & 0xff).isZero();
    }
  }

  @Test
  void pairedRowsStayAlignedThroughTheGraphWhateverTheirChannels() {
    // A: 6 grey 1×1 images of value 10·i; B: 6 colour 1×1 images (i, 2i, 3i).
    byte[] a = new byte[6];
    byte[] b = new byte[18];
    for (int i = 0; i < 6; i++) {
      a[i] = (byte) (10 * i);
      b[3 * i] = (byte) i;
      b[3 * i + 1] = (byte) (2 * i);
      b[3 * i + 2] = (byte) (3 * i);
    }
    PairedImages p = PairedImages.of("p", new ImageDataset("a", 6, 1, 1, 1, a, null), new ImageDataset("b", 6, 1, 1, 3, b, null));
    for (long c : new long[] {0, 1, 5}) {
      float[][] got = batch(p, 3, c, 11);
      for (int r = 0; r < 3; r++) {
        int i = pixel(got[0][r]) / 10;
        assertThat(new int[] {pixel(got[1][3 * r]), pixel(got[1][3 * r + 1]), pixel(got[1][3 * r + 2])}).containsExactly(i, 2 * i, 3 * i);
      }
    }
    assertThatThrownBy(() -> PairedImages.of("p", new ImageDataset("a", 5, 1, 1, 1, new byte[5], null), p.b()))
        .isInstanceOf(DataException.class).hasMessage("p: 5 A images but 6 B images; pairs need as many of each");
    assertThatThrownBy(() -> PairedImages.sideBySide("s", new ImageDataset("ab", 1, 1, 3, 1, new byte[3], null)))
        .isInstanceOf(DataException.class).hasMessage("s: side-by-side pairs need an even width, got 3");
  }

  @Test
  void unpairedDomainsFollowTheirOwnOrders() {
    byte[] a = new byte[8];
    for (int i = 0; i < 8; i++) {
      a[i] = (byte) (10 * i);
    }
    ImageDataset d = new ImageDataset("d", 8, 1, 1, 1, a, null);
    UnpairedImages u = UnpairedImages.of("u", d, d);
    float[][] got = batch(u, 8, 0, 3);
    assertThat(got[0]).isNotEqualTo(got[1]);
    java.util.Set<Integer> seenA = new java.util.HashSet<>();
    java.util.Set<Integer> seenB = new java.util.HashSet<>();
    for (int r = 0; r < 8; r++) {
      seenA.add(pixel(got[0][r]));
      seenB.add(pixel(got[1][r]));
    }
    assertThat(seenA).hasSize(8).isEqualTo(seenB);
  }

  @Test
  void fmnistEdgesArePaddedPairsOfEdgeMapsAndGarments() {
    org.junit.jupiter.api.Assumptions.assumeTrue(FashionMnist.isInstalled(), "fashion-mnist not installed");
    PairedImages p = FashionMnistEdges.load(FashionMnist.DEFAULT_DIR, "test");
    assertThat(p.size()).isEqualTo(10_000);
    assertThat(p.shapeA()).containsExactly(32, 32, 1);
    assertThat(p.b().pixels()).isEqualTo(FashionMnist.loadTest(FashionMnist.DEFAULT_DIR).pixels());
    byte[] original = FashionMnist.loadOriginal(FashionMnist.DEFAULT_DIR, "test").pixels();
    byte[] edges0 = FashionMnistEdges.edges(java.util.Arrays.copyOfRange(original, 0, 784), 28, 28);
    byte[] a0 = new ImageDataset("a0", 1, 28, 28, 1, edges0, null).padded(2).pixels();
    assertThat(java.util.Arrays.copyOfRange(p.a().pixels(), 0, 1024)).isEqualTo(a0);
    for (byte v : p.a().pixels()) {
      assertThat(v == 0 || v == (byte) 255).isTrue();
    }
  }

  private static void png(Path file, int w, int h, int grey) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, x < w / 2 ? grey : grey + 100);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  @Test
  void pairedFoldersMatchByNameAndSideBySideSplitsInHalves() throws IOException {
    Path two = dir.resolve("two");
    png(two.resolve("A/x/1.png"), 2, 2, 10);
    png(two.resolve("A/x/2.png"), 2, 2, 20);
    png(two.resolve("B/x/1.png"), 2, 2, 11);
    png(two.resolve("B/x/2.png"), 2, 2, 21);
    PairedImages p = TranslationFolders.paired(two, ImageFolderOptions.defaults());
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.a().pixels()[0] & 0xff).isEqualTo(10);
    assertThat(p.b().pixels()[0] & 0xff).isEqualTo(11);
    png(two.resolve("A/x/3.png"), 2, 2, 30);
    assertThatThrownBy(() -> TranslationFolders.paired(two, ImageFolderOptions.defaults())).isInstanceOf(DataException.class)
        .hasMessage(two.resolve("A/x/3.png").toAbsolutePath().normalize() + ": no partner of the same name in "
            + two.resolve("B").toAbsolutePath().normalize() + "; --skip-bad-images trains on the other images");
    assertThat(TranslationFolders.paired(two, ImageFolderOptions.builder().skipBadImages(true).build()).size()).isEqualTo(2);

    Path sbs = dir.resolve("sbs");
    png(sbs.resolve("1.png"), 4, 2, 50); // left half 50, right half 150
    PairedImages s = TranslationFolders.paired(sbs, ImageFolderOptions.defaults());
    assertThat(s.shapeA()).containsExactly(2, 2, 1);
    assertThat(s.a().pixels()).containsOnly((byte) 50);
    assertThat(s.b().pixels()).containsOnly((byte) 150);
    UnpairedImages u = TranslationFolders.unpaired(two.resolve("A"), sbs, ImageFolderOptions.builder().imageSize(2).fit(Fit.STRETCH).build());
    assertThat(u.a().size()).isEqualTo(3);
    assertThat(u.b().size()).isEqualTo(1);
  }

  @Test
  void previewIsAGridOfSideBySidePairs() throws IOException {
    byte[] a = new byte[3 * 4];
    byte[] b = new byte[3 * 4];
    java.util.Arrays.fill(a, (byte) 255);
    PairedImages p = PairedImages.of("p", new ImageDataset("a", 3, 2, 2, 1, a, null), new ImageDataset("b", 3, 2, 2, 1, b, null));
    Path out = dir.resolve("pairs.png");
    io.gan4j.sdk.image.PairPreview.writePng(p, 3, 2, 1, out);
    BufferedImage img = ImageIO.read(out.toFile());
    // Cells are 2·2·1 + 2 = 6 wide plus a 4-pixel gutter, 2 columns + 2 border; rows 2·1 + 2 = 4 high, 2 rows + 2.
    assertThat(img.getWidth()).isEqualTo(2 * (6 + 4) + 2);
    assertThat(img.getHeight()).isEqualTo(2 * 4 + 2);
    assertThat(img.getRGB(2, 2) & 0xffffff).isEqualTo(0xffffff); // A of pair 0
    assertThat(img.getRGB(2 + 2 + 2, 2) & 0xffffff).isEqualTo(0x000000); // B of pair 0
  }
}
