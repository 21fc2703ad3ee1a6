package io.gan4j.sdk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class ImageFolderTest {

  @TempDir Path dir;

  /** A w×h grey PNG whose pixel (x, y) is {@code (base + 16·y + x) mod 256}, so a pixel says where it came from. */
  static void greyPng(Path file, int w, int h, int base) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.getRaster().setSample(x, y, 0, (base + 16 * y + x) & 0xff);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  static void rgbPng(Path file, int w, int h, int rgb) throws IOException {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, rgb);
      }
    }
    Files.createDirectories(file.getParent());
    ImageIO.write(img, "png", file.toFile());
  }

  /** 3 classes (a: 4 images, b: 3, c: 5) of 4×4 grey PNGs; image i of the sorted listing has base 10·i. */
  private Path classes() throws IOException {
    Path root = dir.resolve("set");
    String[] cls = {"a", "b", "c"};
    int[] counts = {4, 3, 5};
    int i = 0;
    for (int k = 0; k < 3; k++) {
      for (int j = 0; j < counts[k]; j++) {
        greyPng(root.resolve(cls[k]).resolve("img" + j + ".png"), 4, 4, 10 * i++);
      }
    }
    return root;
  }

  private static float[][] batches(TrainingData data, int batch, long seed, long... counters) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      float[][] out = new float[counters.length * 2][];
      var ops = new java.util.ArrayList<ImageDataset.LabeledBatch>();
      for (long c : counters) {
        ops.add(data.labeledBatch(tf, tf.constant(c), batch, seed));
      }
      s.initialize();
      for (int i = 0; i < counters.length; i++) {
        try (Result r = s.runner().fetch(ops.get(i).images()).fetch(ops.get(i).labels()).run()) {
          TFloat32 images = (TFloat32) r.get(0);
          float[] px = new float[(int) images.size()];
          images.asRawTensor().data().asFloats().read(px);
          TInt32 labels = (TInt32) r.get(1);
          float[] ls = new float[batch];
          for (int b = 0; b < batch; b++) {
            ls[b] = labels.getInt(b);
          }
          out[2 * i] = px;
          out[2 * i + 1] = ls;
        }
      }
      return out;
    }
  }

  @Test
  void inMemoryAndStreamedFoldersGiveTheSameBatchesAndTheFilesPixelsAndLabels() throws IOException {
    Path root = classes();
    ImageFolderOptions memory = ImageFolderOptions.defaults();
    ImageFolderOptions streamed = memory.newBuilder().memoryBudget(0).build();
    ImageFolder folder = ImageFolder.scan(root, memory);
    TrainingData a = folder.load(memory);
    TrainingData b = folder.load(streamed);
    assertThat(a).isInstanceOf(ImageDataset.class);
    assertThat(b).isInstanceOf(StreamedImages.class);
    assertThat(b.elementShape()).containsExactly(4, 4, 1);
    float[][] ba = batches(a, 5, 3, 0, 1, 2, 7);
    float[][] bb = batches(b, 5, 3, 0, 1, 2, 7);
    for (int i = 0; i < ba.length; i++) {
      assertThat(bb[i]).as("output %s", i).containsExactly(ba[i]);
    }
    // Each image's first pixel is 10·i (its index in the sorted listing); labels by folder: a=0 (i<4), b=1 (i<7), c=2.
    for (int n = 0; n < 5; n++) {
      int index = Math.round((bb[0][n * 16] + 1f) * 127.5f / 10f);
      int expectedLabel = index < 4 ? 0 : index < 7 ? 1 : 2;
      assertThat((int) bb[1][n]).as("label of image %s", index).isEqualTo(expectedLabel);
      for (int p = 0; p < 16; p++) {
        int expected = (10 * index + 16 * (p / 4) + p % 4) & 0xff;
        assertThat(bb[0][n * 16 + p]).isCloseTo(expected / 127.5f - 1f, org.assertj.core.api.Assertions.within(1e-6f));
      }
    }
    assertThat(folder.classNames()).containsExactly("a", "b", "c");
    assertThat(folder.summary(memory)).isEqualTo(root + ": 12 images, 3 classes from subfolders\n"
        + "  classes: a 4 · b 3 · c 5\n"
        + "  sizes: 4x4 (12)\n"
        + "  formats: PNG (12) · grey (12)\n"
        + "  to 4x4x1: already that size, used as they are\n"
        + "  memory: 0.0 MiB decoded (uint8); within the 1.0 GiB budget: decoded once, held in the graph\n"
        + "  bad files: none");
  }

  @Test
  void labelsFromCsvNamesInSortedOrderOrIntegersAsTheyAre() throws IOException {
    Path root = classes();
    Files.writeString(dir.resolve("names.csv"), "path,label\nc/img0.png,zebra\na/img1.png,ant\nb/img2.png,zebra\n");
    Files.writeString(dir.resolve("ints.csv"), "c/img0.png,7\na/img1.png,2\n");
    ImageFolder names = ImageFolder.scan(root, ImageFolderOptions.builder().labelsFile(dir.resolve("names.csv")).build());
    assertThat(names.files()).containsExactly(root.resolve("c/img0.png"), root.resolve("a/img1.png"), root.resolve("b/img2.png"));
    assertThat(names.classNames()).containsExactly("ant", "zebra");
    ImageFolder ints = ImageFolder.scan(root, ImageFolderOptions.builder().labelsFile(dir.resolve("ints.csv")).build());
    assertThat(ints.classNames()).hasSize(8);
    float[][] b = batches(ints.load(ImageFolderOptions.defaults()), 2, 1, 0);
    // c/img0.png is listing image 7 (first pixel 70) with label 7, a/img1.png is image 1 with label 2.
    for (int n = 0; n < 2; n++) {
      int first = Math.round((b[0][n * 16] + 1f) * 127.5f);
      assertThat((int) b[1][n]).isEqualTo(first == 70 ? 7 : 2);
    }
  }

  @Test
  void fitsCropPadStretchAndCenterAsDocumented() throws IOException {
    // A 4×2 (w×h) image: values 0..7 row-major as base 0 gives (16·y + x); with CENTER to 4×4 it
    // is padded by one black row above and below, no resampling.
    Path root = dir.resolve("fit");
    greyPng(root.resolve("wide.png"), 4, 2, 0);
    greyPng(root.resolve("square.png"), 4, 4, 100);
    ImageFolderOptions center = ImageFolderOptions.builder().imageSize(4).fit(Fit.CENTER).labels(ImageFolderOptions.LabelSource.NONE).build();
    ImageDataset d = (ImageDataset) ImageFolder.scan(root, center).load(center);
    byte[] px = d.pixels();
    // sorted listing: square.png, wide.png
    int[] square = new int[16];
    int[] wide = new int[16];
    for (int p = 0; p < 16; p++) {
      square[p] = px[p] & 0xff;
      wide[p] = px[16 + p] & 0xff;
    }
    assertThat(wide).containsExactly(0, 0, 0, 0, 0, 1, 2, 3, 16, 17, 18, 19, 0, 0, 0, 0);
    // A 4×4 image in a folder that must be resampled (other sizes exist) comes through a fit unchanged.
    for (Fit f : Fit.values()) {
      ImageFolderOptions o = center.newBuilder().fit(f).build();
      byte[] q = ((ImageDataset) ImageFolder.scan(root, o).load(o)).pixels();
      int[] got = new int[16];
      for (int p = 0; p < 16; p++) {
        got[p] = q[p] & 0xff;
        assertThat(got[p]).as("%s pixel %s", f, p).isEqualTo((100 + 16 * (p / 4) + p % 4) & 0xff);
      }
    }
    // CROP takes the centred 2×2 of the 4×2 (columns 1, 2) and upsamples it to 4×4; the corners keep the corner values.
    ImageFolderOptions crop = center.newBuilder().fit(Fit.CROP).build();
    byte[] c = ((ImageDataset) ImageFolder.scan(root, crop).load(crop)).pixels();
    assertThat(c[16] & 0xff).isEqualTo(1);
    assertThat(c[16 + 15] & 0xff).isEqualTo(18);
    // PAD: the 4×2 becomes a 4×4 square with a black row above and below: with S = 4 that is CENTER's result.
    ImageFolderOptions pad = center.newBuilder().fit(Fit.PAD).build();
    byte[] pd = ((ImageDataset) ImageFolder.scan(root, pad).load(pad)).pixels();
    assertThat(Arrays.copyOfRange(pd, 16, 32)).isEqualTo(Arrays.copyOfRange(px, 16, 32));
  }

  @Test
  void colourToGreyUsesTheLumaWeightsAndGreyToColourRepeats() throws IOException {
    Path root = dir.resolve("mixed");
    rgbPng(root.resolve("a.png"), 2, 2, (200 << 16) | (100 << 8) | 50);
    greyPng(root.resolve("b.png"), 2, 2, 0);
    ImageFolderOptions none = ImageFolderOptions.builder().labels(ImageFolderOptions.LabelSource.NONE).build();
    assertThatThrownBy(() -> ImageFolder.scan(root, none).load(none)).isInstanceOf(DataException.class)
        .hasMessage("mixed channel counts: 1 grey images (e.g. " + root.resolve("b.png") + ") and 1 colour (e.g. "
            + root.resolve("a.png") + "); pass --channels 1 or --channels 3");
    ImageFolderOptions grey = none.newBuilder().channels(1).build();
    byte[] g = ((ImageDataset) ImageFolder.scan(root, grey).load(grey)).pixels();
    assertThat(g[0] & 0xff).isEqualTo(Math.round(0.299f * 200 + 0.587f * 100 + 0.114f * 50)); // 125
    ImageFolderOptions colour = none.newBuilder().channels(3).build();
    byte[] c = ((ImageDataset) ImageFolder.scan(root, colour).load(colour)).pixels();
    assertThat(new int[] {c[0] & 0xff, c[1] & 0xff, c[2] & 0xff}).containsExactly(200, 100, 50);
    assertThat(new int[] {c[12 + 3] & 0xff, c[12 + 4] & 0xff, c[12 + 5] & 0xff}).containsExactly(1, 1, 1);
  }

  @Test
  void everyBadInputIsOneLineNamingTheFile() throws IOException {
    Path root = classes();
    Path zero = root.resolve("a/zero.png");
    Files.write(zero, new byte[0]);
    Path truncated = root.resolve("a/truncated.png");
    byte[] ok = Files.readAllBytes(root.resolve("a/img0.png"));
    Files.write(truncated, Arrays.copyOf(ok, ok.length - 12));
    Path text = root.resolve("b/notes.png");
    Files.writeString(text, "hello");
    Path webp = root.resolve("b/photo.webp");
    Files.write(webp, "RIFF\0\0\0\0WEBPVP8 ".getBytes());
    Path undecodable = root.resolve("c/undecodable.png");
    Files.write(undecodable, brokenIdat(ok));

    assertThat(message(root, ImageFolderOptions.defaults())).isEqualTo(truncated
        + ": truncated PNG (no IEND chunk at the end); and 3 more bad files (gan4j data --check lists them); --skip-bad-images trains on the other images");
    ImageFolder folder = ImageFolder.scan(root, ImageFolderOptions.defaults());
    assertThat(folder.badImages()).extracting(Object::toString).containsExactly(
        root.resolve("a/truncated.png") + ": truncated PNG (no IEND chunk at the end)",
        zero + ": empty file (0 bytes)",
        text + ": not an image: starts with bytes 68656C6C6F, no PNG, JPEG, GIF or BMP signature",
        webp + ": unsupported format WebP (gan4j reads PNG, JPEG, GIF and BMP)");
    List<BadImage> checked = folder.check(ImageFolderOptions.defaults());
    assertThat(checked).hasSize(5);
    assertThat(checked.get(4).path()).isEqualTo(undecodable);
    assertThat(checked.get(4).reason()).startsWith("undecodable (Invalid PNG data, size ");
    // Skipping: the 12 good images train; the undecodable one is found by the decode and skipped too,
    // and the warnings name the first files and count all five.
    ImageFolderOptions skip = ImageFolderOptions.builder().skipBadImages(true).build();
    List<String> warnings = new java.util.ArrayList<>();
    java.util.logging.Logger log = java.util.logging.Logger.getLogger(ImageFolder.class.getName());
    java.util.logging.Handler h = new java.util.logging.Handler() {
      @Override public void publish(java.util.logging.LogRecord r) { warnings.add(r.getMessage()); }
      @Override public void flush() {}
      @Override public void close() {}
    };
    log.addHandler(h);
    try {
      assertThat(((ImageDataset) ImageFolder.scan(root, skip).load(skip)).size()).isEqualTo(12);
    } finally {
      log.removeHandler(h);
    }
    assertThat(warnings).hasSize(6).startsWith("skipped " + root.resolve("a/truncated.png") + ": truncated PNG (no IEND chunk at the end)")
        .endsWith("skipped 5 bad files; training on 12 images");
    assertThat(((StreamedImages) ImageFolder.scan(root, skip).load(skip.newBuilder().memoryBudget(0).build())).elementShape())
        .containsExactly(4, 4, 1);
  }

  @Test
  void folderLevelProblemsNameTheFolderOrFile() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    Files.writeString(empty.resolve("README.txt"), "no images here");
    assertThat(message(empty, ImageFolderOptions.defaults()))
        .isEqualTo(empty + ": no images (PNG, JPEG, GIF or BMP) in this folder or its subfolders, and no IDX train-images-idx3-ubyte[.gz]"
            + " file; 1 other files, e.g. README.txt");
    Path root = classes();
    Files.createDirectories(root.resolve("d"));
    greyPng(root.resolve("loose.png"), 4, 4, 0);
    assertThat(ImageFolder.scan(root, ImageFolderOptions.defaults()).badImages()).extracting(Object::toString).containsExactly(
        root.resolve("loose.png") + ": image beside the class folders, so it has no class",
        root.resolve("d") + ": class folder with no images (class 3)");
    Files.writeString(dir.resolve("labels.csv"), "a/img0.png,0\na/missing.png,1\n");
    ImageFolderOptions csv = ImageFolderOptions.builder().labelsFile(dir.resolve("labels.csv")).build();
    assertThat(message(root, csv)).isEqualTo(root.resolve("a/missing.png")
        + ": named on line 2 of labels.csv, no such file; --skip-bad-images trains on the other images");
    Path sizes = dir.resolve("sizes");
    greyPng(sizes.resolve("a.png"), 4, 4, 0);
    greyPng(sizes.resolve("b.png"), 6, 4, 0);
    assertThat(message(sizes, ImageFolderOptions.defaults()))
        .isEqualTo("images of 2 sizes 4x4, 6x4; pass --image-size S (and --fit crop|pad|stretch|center)");
  }

  @Test
  void fashionMnistExportedAsClassFoldersReadsBackAsTheIdxLoaderPixelsAndLabels() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(FashionMnist.isInstalled(), "fashion-mnist not installed");
    // The first 300 training images as 28×28 grey PNGs in folders 0-..9-, read with --image-size 32 --fit center.
    Idx.Images idx = Idx.readImages(FashionMnist.find(FashionMnist.DEFAULT_DIR, "train-images-idx3-ubyte"));
    int[] idxLabels = Idx.readLabels(FashionMnist.find(FashionMnist.DEFAULT_DIR, "train-labels-idx1-ubyte"));
    Path root = dir.resolve("fmnist");
    int n = 300;
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
      img.getRaster().setDataElements(0, 0, 28, 28, Arrays.copyOfRange(idx.pixels(), i * 784, (i + 1) * 784));
      Path file = root.resolve(idxLabels[i] + "-class").resolve(String.format("%05d.png", i));
      Files.createDirectories(file.getParent());
      ImageIO.write(img, "png", file.toFile());
    }
    ImageFolderOptions o = ImageFolderOptions.builder().imageSize(32).fit(Fit.CENTER).build();
    ImageDataset folder = (ImageDataset) ImageFolder.scan(root, o).load(o);
    // Folder order: by class, then by index; the IDX loader pads 28×28 to 32×32 with 2 black pixels a side.
    int[] order = java.util.stream.IntStream.range(0, n).boxed()
        .sorted(java.util.Comparator.<Integer>comparingInt(i -> idxLabels[i]).thenComparingInt(i -> i))
        .mapToInt(Integer::intValue).toArray();
    ImageDataset expected = FashionMnist.load(FashionMnist.DEFAULT_DIR).select("expected", order);
    assertThat(folder.elementShape()).containsExactly(32, 32, 1);
    assertThat(folder.labels().orElseThrow()).containsExactly(expected.labels().orElseThrow());
    assertThat(folder.pixels()).isEqualTo(expected.pixels());
    assertThat(folder.classes()).isEqualTo(10);
  }

  private static String message(Path root, ImageFolderOptions o) {
    try {
      ImageFolder.scan(root, o).load(o);
    } catch (DataException e) {
      return e.getMessage();
    }
    throw new AssertionError("no DataException for " + root);
  }

  /** The PNG with its IDAT payload overwritten by junk and the CRC fixed, so only a full decode fails. */
  private static byte[] brokenIdat(byte[] png) {
    byte[] out = png.clone();
    ByteBuffer b = ByteBuffer.wrap(out);
    int pos = 8;
    while (pos < out.length) {
      int length = b.getInt(pos);
      String type = new String(out, pos + 4, 4);
      if (type.equals("IDAT")) {
        for (int i = 0; i < length; i++) {
          out[pos + 8 + i] = (byte) 0x5a;
        }
        CRC32 crc = new CRC32();
        crc.update(out, pos + 4, length + 4);
        b.putInt(pos + 8 + length, (int) crc.getValue());
        return out;
      }
      pos += 12 + length;
    }
    throw new AssertionError("no IDAT");
  }
}
