package io.gan4j.sdk.image;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.io.AtomicFile;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Tiles images ({@code [N, H, W, C]} floats in [−1, 1], C = 1 or 3) into one picture with a 2-pixel
 * gap and writes it as PNG, optionally scaled up for viewing.
 *
 * <p>Usage: {@code ImageGrid.writePng(images, 64, 32, 32, 1, 8, 2, Path.of("samples.png"));}
 */
public final class ImageGrid {

  private static final int GAP = 2;

  private ImageGrid() {}

  public static BufferedImage tile(float[] images, int n, int h, int w, int c, int columns, int scale) {
    checkArgument(c == 1 || c == 3, "images must have 1 or 3 channels, got %s", c);
    checkArgument(images.length >= n * h * w * c, "%s floats for %s images of %sx%sx%s", images.length, n, h, w, c);
    int rows = (n + columns - 1) / columns;
    int cw = w * scale + GAP;
    int ch = h * scale + GAP;
    BufferedImage out = new BufferedImage(columns * cw + GAP, rows * ch + GAP, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < n; i++) {
      int ox = GAP + (i % columns) * cw;
      int oy = GAP + (i / columns) * ch;
      for (int y = 0; y < h * scale; y++) {
        for (int x = 0; x < w * scale; x++) {
          int p = ((i * h + y / scale) * w + x / scale) * c;
          int r = toByte(images[p]);
          int g = c == 3 ? toByte(images[p + 1]) : r;
          int b = c == 3 ? toByte(images[p + 2]) : r;
          out.setRGB(ox + x, oy + y, (r << 16) | (g << 8) | b);
        }
      }
    }
    return out;
  }

  /** Writes the grid atomically (temp file + rename). */
  public static void writePng(float[] images, int n, int h, int w, int c, int columns, int scale, Path file)
      throws IOException {
    writePng(tile(images, n, h, w, c, columns, scale), file);
  }

  /** Writes any picture as PNG atomically (temp file + rename). */
  public static void writePng(BufferedImage grid, Path file) throws IOException {
    AtomicFile.write(file, tmp -> {
      if (!ImageIO.write(grid, "png", tmp.toFile())) {
        throw new IOException("no PNG writer available");
      }
    });
  }

  private static int toByte(float v) {
    return Math.max(0, Math.min(255, Math.round((v + 1f) * 127.5f)));
  }
}
