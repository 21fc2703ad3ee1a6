package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.image.ImageGrid;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

class EventsImageTest {
  @TempDir Path dir;

  private static final float NAN = Float.NaN;

  // 4 gray images 2x3x1; expected bytes (Math.round((v + 1) * 127.5), clipped) in the comments.
  private static final float[] GRAY = {
      -1f, 0f, 1f, /**/ 0.5f, -0.5f, 2f,   // img0: 0 128 255 / 191 64 255
      1f, 1f, 1f, /**/ -1f, -1f, -1f,      // img1: 255 255 255 / 0 0 0
      0f, -1f, 0f, /**/ -3f, 0.25f, 1f,    // img2: 128 0 128 / 0 159 255
      -0.75f, 0.75f, 0f, /**/ 0f, 0f, -1f, // img3: 32 223 128 / 128 128 0
  };

  // 4 RGB images 2x3x3: pixel (y, x) of image i is (r, g, b) below.
  private static final float[] RGB = {
      // img0
      -1f, 0f, 1f, /**/ 1f, -1f, 0f, /**/ 0f, 1f, -1f,
      0.5f, -0.5f, 0.25f, /**/ 2f, -2f, NAN, /**/ -1f, -1f, -1f,
      // img1
      1f, 1f, 1f, /**/ 0f, 0f, 0f, /**/ -1f, -1f, -1f,
      0.75f, -0.75f, 0f, /**/ -0.5f, 0.5f, 1f, /**/ 1f, 0f, -1f,
      // img2
      0f, -1f, -1f, /**/ -1f, 0f, -1f, /**/ -1f, -1f, 0f,
      1f, 0.5f, 0f, /**/ 0.25f, 0.25f, 0.25f, /**/ 1f, 1f, -1f,
      // img3
      -0.25f, -0.25f, -0.25f, /**/ 1f, 0f, 1f, /**/ 0f, 1f, 0f,
      -1f, 1f, 1f, /**/ 0.5f, 0.5f, 0.5f, /**/ -1f, 0f, 1f,
  };

  @Test
  void writesGridImagesIntoTheEventFileAtTheStep() throws Exception {
    Path events = dir.resolve("events");
    Files.createDirectories(events);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      ScalarEvents ev = new ScalarEvents(tf, events);
      Op gray = ev.imageGridWrite(tf.constant(7L), "samples", images(tf, GRAY, 1), 4, 2, 3, 1, 2);
      Op rgb = ev.imageGridWrite(tf.constant(7L), "samples_rgb", images(tf, RGB, 3), 4, 2, 3, 3, 4);
      s.run(ev.create);
      s.runner().addTarget(gray).addTarget(rgb).run();
      try (TInt64 st = TInt64.scalarOf(7L); var tag = org.tensorflow.types.TString.scalarOf("loss/d");
          TFloat32 v = TFloat32.scalarOf(0.5f)) {
        s.runner().feed(ev.fedStep, st).feed(ev.fedTag, tag).feed(ev.fedValue, v).addTarget(ev.fedWrite).run();
      }
      s.run(ev.flush);
    }

    List<Event> all = readEvents(events);
    // TensorFlow's WriteImageSummary names the value "<tag>/image" for max_images = 1.
    assertThat(all).filteredOn(e -> e.getStep() == 7).flatExtracting(e -> e.getSummary().getValueList())
        .extracting(Summary.Value::getTag)
        .containsExactlyInAnyOrder("samples/image", "samples_rgb/image", "loss/d");

    // Gray: 2 rows x 2 columns of 2x3 cells with a 2-pixel gap: 2*(2+2)+2 = 10 high, 2*(3+2)+2 = 12 wide.
    Summary.Image gi = image(all, "samples/image");
    assertThat(gi.getHeight()).isEqualTo(10);
    assertThat(gi.getWidth()).isEqualTo(12);
    assertThat(gi.getColorspace()).isEqualTo(1);
    Raster gr = decode(gi, 12, 10, 1);
    // image i at x = 2 + (i % 2) * 5, y = 2 + (i / 2) * 4
    assertThat(gr.getSample(2, 2, 0)).isEqualTo(0);     // img0 (0,0) = -1
    assertThat(gr.getSample(3, 2, 0)).isEqualTo(128);   // img0 (0,1) = 0 (127.5 rounds up)
    assertThat(gr.getSample(4, 2, 0)).isEqualTo(255);   // img0 (0,2) = 1
    assertThat(gr.getSample(2, 3, 0)).isEqualTo(191);   // img0 (1,0) = 0.5
    assertThat(gr.getSample(3, 3, 0)).isEqualTo(64);    // img0 (1,1) = -0.5
    assertThat(gr.getSample(4, 3, 0)).isEqualTo(255);   // img0 (1,2) = 2, clipped
    assertThat(gr.getSample(7, 2, 0)).isEqualTo(255);   // img1 (0,0) = 1
    assertThat(gr.getSample(9, 3, 0)).isEqualTo(0);     // img1 (1,2) = -1
    assertThat(gr.getSample(2, 6, 0)).isEqualTo(128);   // img2 (0,0) = 0
    assertThat(gr.getSample(3, 6, 0)).isEqualTo(0);     // img2 (0,1) = -1
    assertThat(gr.getSample(2, 7, 0)).isEqualTo(0);     // img2 (1,0) = -3, clipped
    assertThat(gr.getSample(3, 7, 0)).isEqualTo(159);   // img2 (1,1) = 0.25
    assertThat(gr.getSample(7, 6, 0)).isEqualTo(32);    // img3 (0,0) = -0.75
    assertThat(gr.getSample(8, 6, 0)).isEqualTo(223);   // img3 (0,1) = 0.75
    assertThat(gr.getSample(9, 7, 0)).isEqualTo(0);     // img3 (1,2) = -1
    for (int[] gap : new int[][] {{0, 0}, {1, 1}, {5, 2}, {6, 3}, {2, 4}, {2, 5}, {10, 9}, {11, 9}, {11, 0}}) {
      assertThat(gr.getSample(gap[0], gap[1], 0)).as("gap at %s,%s", gap[0], gap[1]).isEqualTo(0);
    }
    assertSameAsPngGrid(gr, ImageGrid.tile(GRAY, 4, 2, 3, 1, 2, 1), 1);

    // RGB: 1 row x 4 columns: 2+2+2 = 6 high, 4*(3+2)+2 = 22 wide.
    Summary.Image ci = image(all, "samples_rgb/image");
    assertThat(ci.getHeight()).isEqualTo(6);
    assertThat(ci.getWidth()).isEqualTo(22);
    assertThat(ci.getColorspace()).isEqualTo(3);
    Raster cr = decode(ci, 22, 6, 3);
    // image i at x = 2 + i * 5, y = 2
    assertThat(rgb(cr, 2, 2)).containsExactly(0, 128, 255);    // img0 (0,0)
    assertThat(rgb(cr, 3, 2)).containsExactly(255, 0, 128);    // img0 (0,1)
    assertThat(rgb(cr, 2, 3)).containsExactly(191, 64, 159);   // img0 (1,0)
    assertThat(rgb(cr, 3, 3)).containsExactly(255, 0, 0);      // img0 (1,1) = 2, -2, NaN
    assertThat(rgb(cr, 7, 2)).containsExactly(255, 255, 255);  // img1 (0,0)
    assertThat(rgb(cr, 7, 3)).containsExactly(223, 32, 128);   // img1 (1,0)
    assertThat(rgb(cr, 9, 3)).containsExactly(255, 128, 0);    // img1 (1,2)
    assertThat(rgb(cr, 12, 2)).containsExactly(128, 0, 0);     // img2 (0,0)
    assertThat(rgb(cr, 13, 3)).containsExactly(159, 159, 159); // img2 (1,1)
    assertThat(rgb(cr, 17, 2)).containsExactly(96, 96, 96);    // img3 (0,0) = -0.25 -> 95.625
    assertThat(rgb(cr, 19, 3)).containsExactly(0, 128, 255);   // img3 (1,2)
    assertThat(rgb(cr, 20, 3)).containsExactly(0, 0, 0);       // gap
    assertThat(rgb(cr, 5, 4)).containsExactly(0, 0, 0);        // gap
    assertSameAsPngGrid(cr, ImageGrid.tile(RGB, 4, 2, 3, 3, 4, 1), 3);
  }

  @Test
  void rejectsImageCountNotAMultipleOfColumns() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ScalarEvents ev = new ScalarEvents(tf, dir);
      var img = tf.zeros(tf.constant(new long[] {5, 2, 3, 1}), TFloat32.class);
      assertThatThrownBy(() -> ev.imageGridWrite(tf.constant(7L), "samples", img, 5, 2, 3, 1, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("image grid: n=5 images is not a multiple of columns=2");
      assertThatThrownBy(() -> ev.imageGridWrite(tf.constant(7L), "samples", img, 5, 2, 3, 2, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("images must have 1 or 3 channels, got 2");
    }
  }

  private static org.tensorflow.op.core.Constant<TFloat32> images(Ops tf, float[] v, int c) {
    return tf.constant(Shape.of(4, 2, 3, c), DataBuffers.of(v));
  }

  private static int[] rgb(Raster r, int x, int y) {
    return new int[] {r.getSample(x, y, 0), r.getSample(x, y, 1), r.getSample(x, y, 2)};
  }

  /** Every pixel equals the repo's PNG grid at scale 1 (gray there is drawn as r = g = b). */
  private static void assertSameAsPngGrid(Raster r, BufferedImage expected, int bands) {
    assertThat(r.getWidth()).isEqualTo(expected.getWidth());
    assertThat(r.getHeight()).isEqualTo(expected.getHeight());
    for (int y = 0; y < r.getHeight(); y++) {
      for (int x = 0; x < r.getWidth(); x++) {
        int p = expected.getRGB(x, y);
        int[] want = {(p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff};
        for (int b = 0; b < bands; b++) {
          assertThat(r.getSample(x, y, b)).as("pixel %s,%s band %s", x, y, b).isEqualTo(want[b]);
        }
      }
    }
  }

  private static Summary.Image image(List<Event> events, String tag) {
    return events.stream().filter(e -> e.getStep() == 7)
        .flatMap(e -> e.getSummary().getValueList().stream())
        .filter(v -> v.getTag().equals(tag)).findFirst().orElseThrow().getImage();
  }

  /** Decodes the PNG; samples are read from the raster, so no colour conversion gets in the way. */
  private static Raster decode(Summary.Image img, int width, int height, int bands) throws IOException {
    BufferedImage bi = ImageIO.read(new ByteArrayInputStream(img.getEncodedImageString().toByteArray()));
    assertThat(bi).isNotNull();
    assertThat(bi.getWidth()).isEqualTo(width);
    assertThat(bi.getHeight()).isEqualTo(height);
    assertThat(bi.getRaster().getNumBands()).isEqualTo(bands);
    return bi.getRaster();
  }

  /** All events of the TFRecord event files in {@code dir}, checking the framing's masked CRC32Cs. */
  private static List<Event> readEvents(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> l = Files.list(dir)) {
      files = l.filter(p -> p.getFileName().toString().startsWith("events.out.tfevents")).sorted().toList();
    }
    assertThat(files).hasSize(1);
    List<Event> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(files.get(0))).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      byte[] len = new byte[8];
      b.get(len);
      assertThat(b.getInt()).as("length crc").isEqualTo(maskedCrc(len));
      byte[] data = new byte[(int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong()];
      b.get(data);
      assertThat(b.getInt()).as("data crc").isEqualTo(maskedCrc(data));
      out.add(Event.parseFrom(data));
    }
    return out;
  }

  private static int maskedCrc(byte[] bytes) {
    CRC32C c = new CRC32C();
    c.update(bytes);
    int crc = (int) c.getValue();
    return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
  }
}
