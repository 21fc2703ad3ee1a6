package io.gan4j.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Images as a predict answer carries them: nested {@code [H][W][C]} float lists, or PNGs in
 * TensorFlow Serving's binary convention {@code {"b64": ...}}; and the check that a model's output is
 * finite before it is answered.
 *
 * <p>Usage: {@code ArrayNode out = PredictOutputs.floats(images, count, List.of(32, 32, 3));}
 */
final class PredictOutputs {
  private PredictOutputs() {}

  /** {@code count} images of {@code shape} (flattened NHWC) as {@code [[[[c...]...]...], ...]}. */
  static ArrayNode floats(float[] images, int count, List<Integer> shape) {
    int h = shape.get(0);
    int w = shape.get(1);
    int c = shape.get(2);
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < count; i++) {
      ArrayNode image = list.addArray();
      for (int y = 0; y < h; y++) {
        ArrayNode row = image.addArray();
        for (int x = 0; x < w; x++) {
          ArrayNode px = row.addArray();
          for (int k = 0; k < c; k++) {
            px.add(images[((i * h + y) * w + x) * c + k]);
          }
        }
      }
    }
    return list;
  }

  /** {@code count} images of {@code shape} as {@code [{"b64": PNG}, ...]}. */
  static ArrayNode pngs(float[] images, int count, List<Integer> shape) {
    int per = shape.get(0) * shape.get(1) * shape.get(2);
    ArrayNode list = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < count; i++) {
      float[] one = Arrays.copyOfRange(images, i * per, (i + 1) * per);
      list.add(b64(png(picture(one, shape.get(0), shape.get(1), shape.get(2)))));
    }
    return list;
  }

  /** Encoded bytes as {@code {"b64": ...}}. */
  static com.fasterxml.jackson.databind.node.ObjectNode b64(byte[] bytes) {
    return JsonNodeFactory.instance.objectNode().put("b64", Base64.getEncoder().encodeToString(bytes));
  }

  /**
   * Finite inputs can still overflow inside a model (a z of 1e30 where it was trained on N(0, 1));
   * such an answer would be NaN images with a 200, so it is a 400 naming what the model was trained on.
   */
  static void checkFinite(float[] images, int count, String trainedOn) {
    int per = images.length / count;
    for (int i = 0; i < images.length; i++) {
      if (!Float.isFinite(images[i])) {
        throw new BadRequest(400, "the model's output for image " + (i / per) + " is not finite (" + images[i]
            + "): its inputs are far outside what it was trained on (" + trainedOn + ")");
      }
    }
  }

  /** One image, {@code h × w}, grey or RGB, pixels {@code round((v + 1) · 127.5)} clipped to [0, 255]: no border, no scaling. */
  static BufferedImage picture(float[] v, int h, int w, int c) {
    BufferedImage out = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          out.getRaster().setSample(x, y, k, Math.max(0, Math.min(255, Math.round((v[(y * w + x) * c + k] + 1f) * 127.5f))));
        }
      }
    }
    return out;
  }

  static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
    return out.toByteArray();
  }
}
