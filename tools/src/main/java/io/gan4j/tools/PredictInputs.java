package io.gan4j.tools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;

/**
 * Reads the numbers of a predict request and checks them as the model will see them: a value is
 * accepted only if it is finite as a float32, so {@code 1e308} (finite in JSON, infinite as float32),
 * {@code 1e39} and anything that would reach the graph as NaN or ±Inf is a 400 that names the field.
 * JSON itself cannot carry NaN or Infinity (the parser rejects those tokens), so this is the route by
 * which they would otherwise arrive. Images come as float arrays in [−1, 1] or encoded in TensorFlow
 * Serving's binary convention, {@code {"b64": "..."}}, checked before anything decodes them.
 *
 * <p>Usage: {@code float[] z = PredictInputs.z(node, "instances[0]", model.zDim());}
 */
final class PredictInputs {
  private PredictInputs() {}

  /** A latent vector: a list of exactly {@code zDim} numbers, each finite as float32. */
  static float[] z(JsonNode v, String where, int zDim) {
    if (v == null || !v.isArray()) {
      throw new BadRequest(400, where + " must be a list of " + zDim + " numbers");
    }
    if (v.size() != zDim) {
      throw new BadRequest(400, where + " has " + v.size() + " values; the model takes z of " + zDim);
    }
    return elements(v, where);
  }

  /** A feature vector (IC-GAN): a list of exactly {@code size} numbers, each finite as float32. */
  static float[] features(JsonNode v, String where, int size) {
    if (v == null || !v.isArray() || v.size() != size) {
      throw new BadRequest(400, where + " must be a list of " + size + " numbers" + (v == null || !v.isArray() ? "" : ", got " + v.size()));
    }
    return elements(v, where);
  }

  /**
   * An encoded image in TF Serving's binary convention: the bytes of {@code {"b64": "..."}}, a PNG,
   * JPEG, GIF or BMP of at most {@value EncodedImage#MAX_SIDE} pixels a side (see {@link EncodedImage}).
   */
  static byte[] encodedImage(JsonNode v, String where) {
    JsonNode b64 = v == null ? null : v.get("b64");
    if (b64 == null || !b64.isTextual()) {
      throw new BadRequest(400, where + " must be {\"b64\": \"...\"} (TensorFlow Serving's binary convention)");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(b64.asText());
    } catch (IllegalArgumentException e) {
      throw new BadRequest(400, where + ".b64 is not base64: " + e.getMessage());
    }
    EncodedImage.check(bytes, where);
    return bytes;
  }

  /**
   * A float image {@code [H][W][C]} of exactly {@code shape} (nested lists, row-major as NHWC), every
   * value finite and in [−1, 1], the range the model was trained on; flattened.
   */
  static float[] image(JsonNode v, String where, List<Integer> shape) {
    int h = shape.get(0);
    int w = shape.get(1);
    int c = shape.get(2);
    if (v == null || !v.isArray() || v.size() != h) {
      throw new BadRequest(400, where + " must be a " + shape + " image (" + h + " rows of " + w + " pixels of " + c + " value"
          + (c == 1 ? "" : "s") + " in [-1, 1]), got " + (v == null ? "nothing" : v.isArray() ? v.size() + " rows" : kind(v)));
    }
    float[] out = new float[h * w * c];
    for (int y = 0; y < h; y++) {
      JsonNode row = v.get(y);
      if (!row.isArray() || row.size() != w) {
        throw new BadRequest(400, where + "[" + y + "] must be a row of " + w + " pixels, got "
            + (row.isArray() ? row.size() + " pixels" : kind(row)));
      }
      for (int x = 0; x < w; x++) {
        JsonNode px = row.get(x);
        String at = where + "[" + y + "][" + x + "]";
        if (!px.isArray() || px.size() != c) {
          throw new BadRequest(400, at + " must be a pixel of " + c + " value" + (c == 1 ? "" : "s") + " (the model takes " + c
              + " channel" + (c == 1 ? "" : "s") + "), got " + (px.isArray() ? px.size() + " values" : kind(px)));
        }
        for (int k = 0; k < c; k++) {
          float f = finite(px.get(k), at + "[" + k + "]");
          if (f < -1f || f > 1f) {
            throw new BadRequest(400, at + "[" + k + "] is " + px.get(k).asText() + ", outside [-1, 1] (a pixel p of 0..255 is p / 127.5 - 1)");
          }
          out[(y * w + x) * c + k] = f;
        }
      }
    }
    return out;
  }

  /** What a JSON value is, for an error: "a number", "an object", ... */
  private static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case NUMBER -> "a number";
      case STRING -> "a string";
      case OBJECT -> "an object";
      case BOOLEAN -> "a boolean";
      case NULL -> "null";
      default -> v.getNodeType().name();
    };
  }

  private static float[] elements(JsonNode v, String where) {
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = finite(v.get(i), where + "[" + i + "]");
    }
    return out;
  }

  /** One number, finite as float32. */
  static float finite(JsonNode v, String where) {
    if (v == null || !v.isNumber()) {
      throw new BadRequest(400, where + " must be a number" + (v == null ? "" : ", got " + v));
    }
    return finite((float) v.doubleValue(), v.asText(), where);
  }

  /** {@code value} (parsed from {@code text}) if it is finite, else a 400 naming {@code where}. */
  static float finite(float value, String text, String where) {
    if (!Float.isFinite(value)) {
      throw new BadRequest(400, where + " is " + text + ", which is not a finite float32 (the largest is "
          + Float.MAX_VALUE + ")");
    }
    return value;
  }

  /** An integer field of {@code obj} that fits in an int32. */
  static int requireInt(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new BadRequest(400, "'" + field + "' must be an integer" + (v == null ? "" : ", got " + v));
    }
    return v.intValue();
  }

  /** A number field of {@code obj}, finite as float32. */
  static float requireFloat(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || !v.isNumber()) {
      throw new BadRequest(400, "'" + field + "' must be a number" + (v == null ? "" : ", got " + v));
    }
    return finite(v, "'" + field + "'");
  }
}
