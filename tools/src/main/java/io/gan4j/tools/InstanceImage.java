package io.gan4j.tools;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * An IC-GAN instance image as a model takes it: float NHWC in [−1, 1] of the model's H×W×C. A
 * smaller image with equal even margins is zero-padded (black, as gan4j pads Fashion-MNIST's 28×28 to
 * 32×32), any other size is scaled bilinearly; 1 channel is grey, 3 are RGB (alpha dropped).
 */
final class InstanceImage {

  private InstanceImage() {}

  static float[] read(Path file, int h, int w, int c) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": no such image file");
    }
    return decode(Files.readAllBytes(file), file.toString(), h, w, c);
  }

  /**
   * PNG/JPEG/BMP/GIF bytes (at most {@value EncodedImage#MAX_SIDE} pixels a side) to {@code [h, w, c]}
   * floats in [−1, 1]; {@code what} names the source in errors.
   */
  static float[] decode(byte[] bytes, String what, int h, int w, int c) throws IOException {
    EncodedImage.check(bytes, what);
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(bytes));
    if (img == null) {
      throw new IllegalArgumentException(what + ": not a decodable image (PNG, JPEG, BMP or GIF)");
    }
    BufferedImage fitted = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = fitted.createGraphics();
    try {
      int dh = h - img.getHeight();
      int dw = w - img.getWidth();
      if (dh >= 0 && dw >= 0 && dh == dw && dh % 2 == 0) {
        g.drawImage(img, dw / 2, dh / 2, null); // the rest stays black
      } else {
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img, 0, 0, w, h, null);
      }
    } finally {
      g.dispose();
    }
    float[] out = new float[h * w * c];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int rgb = fitted.getRGB(x, y);
        int r = (rgb >> 16) & 0xff;
        int gr = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        int i = (y * w + x) * c;
        if (c == 1) {
          out[i] = Math.round(0.299 * r + 0.587 * gr + 0.114 * b) / 127.5f - 1f;
        } else {
          out[i] = r / 127.5f - 1f;
          out[i + 1] = gr / 127.5f - 1f;
          out[i + 2] = b / 127.5f - 1f;
        }
      }
    }
    return out;
  }
}
