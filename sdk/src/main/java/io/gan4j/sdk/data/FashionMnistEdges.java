package io.gan4j.sdk.data;

import java.nio.file.Path;

/**
 * {@code fmnist-edges}: Fashion-MNIST edges ↔ garments, a paired translation task made from real
 * data the way pix2pix's edges2shoes was. B is the garment, A its edge map; both are the 28×28
 * original zero-padded to 32×32 like {@link FashionMnist#load}. Splits are Fashion-MNIST's own
 * (60,000 train, 10,000 test).
 *
 * <p>The edge detector, on the 28×28 uint8 original in integers: Sobel
 * {@code gx = [−1 0 1; −2 0 2; −1 0 1]}, {@code gy} its transpose, zero outside the image; a pixel is
 * an edge (255, else 0) where {@code gx² + gy² > T²} with {@link #THRESHOLD} T = 240. T was chosen
 * by eye on the first 32 training pairs ({@code gan4j data --preview fmnist-edges} at T = 160, 240,
 * 320, 640): at 640 the outlines of dark garments fall apart, at 320 a dark jacket's outline breaks,
 * at 160 knit and print textures fill the inside with speckle; 240 keeps closed outlines and the
 * strong seams. Strongly textured items (a patterned bag) stay speckled at any T that keeps dark outlines.
 *
 * <p>Usage: {@code PairedImages p = FashionMnistEdges.load(FashionMnist.DEFAULT_DIR, "train");}
 */
public final class FashionMnistEdges {

  /** The Sobel magnitude above which a pixel is an edge. */
  public static final int THRESHOLD = 240;

  private FashionMnistEdges() {}

  /** The pairs of {@code split} ("train" or "test") from the IDX files in {@code dir}. */
  public static PairedImages load(Path dir, String split) {
    ImageDataset garments = FashionMnist.loadOriginal(dir, split);
    int n = garments.size();
    byte[] edges = new byte[n * 28 * 28];
    byte[] px = garments.pixels();
    for (int i = 0; i < n; i++) {
      byte[] one = edges(java.util.Arrays.copyOfRange(px, i * 784, (i + 1) * 784), 28, 28);
      System.arraycopy(one, 0, edges, i * 784, 784);
    }
    int[] labels = garments.labels().orElse(null);
    ImageDataset a = new ImageDataset("fmnist-edges-" + split + "-A", n, 28, 28, 1, edges, labels).padded(2);
    return PairedImages.of("fmnist-edges-" + split, a, garments.padded(2));
  }

  /** The edge map of one grey image ({@code h·w} uint8, row-major): 255 on edges, 0 elsewhere. */
  public static byte[] edges(byte[] pixels, int h, int w) {
    byte[] out = new byte[h * w];
    long t2 = (long) THRESHOLD * THRESHOLD;
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int gx = -at(pixels, h, w, y - 1, x - 1) + at(pixels, h, w, y - 1, x + 1)
            - 2 * at(pixels, h, w, y, x - 1) + 2 * at(pixels, h, w, y, x + 1)
            - at(pixels, h, w, y + 1, x - 1) + at(pixels, h, w, y + 1, x + 1);
        int gy = -at(pixels, h, w, y - 1, x - 1) - 2 * at(pixels, h, w, y - 1, x) - at(pixels, h, w, y - 1, x + 1)
            + at(pixels, h, w, y + 1, x - 1) + 2 * at(pixels, h, w, y + 1, x) + at(pixels, h, w, y + 1, x + 1);
        out[y * w + x] = (long) gx * gx + (long) gy * gy > t2 ? (byte) 255 : 0;
      }
    }
    return out;
  }

  private static int at(byte[] p, int h, int w, int y, int x) {
    return y < 0 || y >= h || x < 0 || x >= w ? 0 : p[y * w + x] & 0xff;
  }
}
