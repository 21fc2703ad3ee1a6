package io.gan4j.sdk.image;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;

/**
 * The SAGAN paper's Figure-5 picture: for each generated image, the image with a few query points
 * marked, then for each query point where its attention goes, as a heat map over the (dimmed) image.
 * Attention maps are {@code [N, Q, K]} with Q query positions on a {@code qh × qw} grid and K key
 * positions on the 2×2-pooled grid; each map is scaled to its own maximum.
 *
 * <p>Usage: {@code BufferedImage p = AttentionPicture.draw(images, maps, n, 32, 32, 1, 16, 16, queries, 4);}
 */
public final class AttentionPicture {

  private static final Color[] COLOURS = {new Color(230, 60, 60), new Color(60, 200, 60), new Color(70, 130, 255),
      new Color(240, 200, 40)};
  private static final int GAP = 4;

  private AttentionPicture() {}

  /** {@code queries} are {@code {row, column}} on the {@code qh × qw} query grid (at most 4). */
  public static BufferedImage draw(float[] images, float[] maps, int n, int h, int w, int c, int qh, int qw,
      int[][] queries, int scale) {
    checkArgument(queries.length >= 1 && queries.length <= COLOURS.length, "1 to %s query points, got %s",
        COLOURS.length, queries.length);
    int q = qh * qw;
    int kh = qh / 2;
    int kw = qw / 2;
    int k = kh * kw;
    checkArgument(maps.length == (long) n * q * k, "%s attention values are not %s maps of %sx%s", maps.length, n, q, k);
    int tw = w * scale;
    int th = h * scale;
    BufferedImage out = new BufferedImage(GAP + (queries.length + 1) * (tw + GAP), GAP + n * (th + GAP),
        BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    BufferedImage tiles = ImageGrid.tile(images, n, h, w, c, 1, scale);
    for (int i = 0; i < n; i++) {
      int oy = GAP + i * (th + GAP);
      BufferedImage image = tiles.getSubimage(2, 2 + i * (th + 2), tw, th);
      g.drawImage(image, GAP, oy, null);
      g.setStroke(new BasicStroke(2));
      for (int j = 0; j < queries.length; j++) {
        int cy = (int) ((queries[j][0] + 0.5) * th / qh);
        int cx = (int) ((queries[j][1] + 0.5) * tw / qw);
        g.setColor(COLOURS[j]);
        g.fillOval(GAP + cx - 4, oy + cy - 4, 9, 9);
        int ox = GAP + (j + 1) * (tw + GAP);
        int query = queries[j][0] * qw + queries[j][1];
        float max = 0;
        for (int key = 0; key < k; key++) {
          max = Math.max(max, maps[(i * q + query) * k + key]);
        }
        for (int y = 0; y < th; y++) {
          for (int x = 0; x < tw; x++) {
            int key = (y * kh / th) * kw + x * kw / tw;
            float a = max > 0 ? maps[(i * q + query) * k + key] / max : 0;
            int grey = (image.getRGB(x, y) & 0xff) / 3;
            Color col = COLOURS[j];
            int r = Math.min(255, Math.round(grey + a * col.getRed()));
            int gg = Math.min(255, Math.round(grey + a * col.getGreen()));
            int b = Math.min(255, Math.round(grey + a * col.getBlue()));
            out.setRGB(ox + x, oy + y, (r << 16) | (gg << 8) | b);
          }
        }
        g.setColor(COLOURS[j]);
        g.drawRect(ox - 1, oy - 1, tw + 1, th + 1);
      }
    }
    g.dispose();
    return out;
  }
}
