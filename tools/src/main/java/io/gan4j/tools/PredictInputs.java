package io.gan4j.tools;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the numbers of a predict request and checks them as the model will see them: a value is
 * accepted only if it is finite as a float32, so {@code 1e308} (finite in JSON, infinite as float32),
 * {@code 1e39} and anything that would reach the graph as NaN or ±Inf is a 400 that names the field.
 * JSON itself cannot carry NaN or Infinity (the parser rejects those tokens), so this is the route by
 * which they would otherwise arrive.
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
