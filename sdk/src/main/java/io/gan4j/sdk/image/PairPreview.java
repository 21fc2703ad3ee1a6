package io.gan4j.sdk.image;

import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.PairedImages;
import io.gan4j.sdk.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws the first pairs of a paired dataset as a PNG grid whose cells are A | B side by side (what
 * {@code gan4j data --preview fmnist-edges} writes), with a 2-pixel gap between images.
 *
 * <p>Usage: {@code PairPreview.writePng(FashionMnistEdges.load(dir, "test"), 32, 8, 2, Path.of("pairs.png"));}
 */
public final class PairPreview {

  private PairPreview() {}

  public static void writePng(PairedImages data, int pairs, int columns, int scale, Path out) {
    if (pairs < 1 || pairs > data.size()) {
      throw new IllegalArgumentException("pairs must be in [1, " + data.size() + "], got " + pairs);
    }
    BufferedImage a = grid(data.a(), pairs, scale);
    BufferedImage b = grid(data.b(), pairs, scale);
    List<Integer> s = data.shapeA();
    int cellW = 2 * s.get(1) * scale + 2;
    int cellH = s.get(0) * scale + 2;
    int rows = (pairs + columns - 1) / columns;
    BufferedImage img = new BufferedImage(columns * (cellW + 4) + 2, rows * cellH + 2, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < pairs; i++) {
      int ox = 2 + (i % columns) * (cellW + 4);
      int oy = 2 + (i / columns) * cellH;
      copy(a, i, s, scale, img, ox, oy);
      copy(b, i, s, scale, img, ox + s.get(1) * scale + 2, oy);
    }
    try {
      AtomicFile.write(out, tmp -> ImageIO.write(img, "png", tmp.toFile()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out + ": " + e.getMessage(), e);
    }
  }

  /** One column of n images tiled by {@link ImageGrid}, so colour handling matches the sample grids. */
  private static BufferedImage grid(ImageDataset d, int n, int scale) {
    List<Integer> s = d.elementShape();
    return ImageGrid.tile(d.toFloats(0, n), n, s.get(0), s.get(1), s.get(2), 1, scale);
  }

  private static void copy(BufferedImage column, int i, List<Integer> s, int scale, BufferedImage to, int ox, int oy) {
    int h = s.get(0) * scale;
    int w = s.get(1) * scale;
    int sy = 2 + i * (h + 2);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        to.setRGB(ox + x, oy + y, column.getRGB(2 + x, sy + y));
      }
    }
  }
}
