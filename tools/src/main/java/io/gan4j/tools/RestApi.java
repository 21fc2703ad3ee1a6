package io.gan4j.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.sdk.image.ImageGrid;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * TensorFlow Serving's REST API for one {@link GeneratorModel}, independent of the HTTP server that
 * carries it: {@code GET /v1/models/NAME} (status), {@code GET /v1/models/NAME/metadata},
 * {@code POST /v1/models/NAME:predict} with {@code instances} (row format) or {@code inputs}
 * (columnar) and an optional {@code signature_name} ({@code serving_default} or {@code sample}),
 * plus {@code GET /v1/models/NAME/sample.png?count=&seed=&label=&truncation=}. An IC-GAN model takes
 * {@code z} and {@code features} on {@code serving_default} and instance images as {@code {"b64": PNG}}
 * (TF Serving's binary convention) on {@code sample}; {@code "output_format": "png"} (a gan4j extension)
 * answers every image as {@code {"b64": PNG}}. Every bad request is a {@link Reply} with a 4xx status and
 * {@code {"error": "..."}}; the model is run only on inputs that are finite as float32.
 *
 * <p>Usage: {@code Reply r = new RestApi(model, "demo", () -> true).handle("POST", "/v1/models/demo:predict", null, body);}
 */
final class RestApi {

  /** Most images one request may ask for. */
  static final int MAX_IMAGES = 256;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One answer: status, content type, body, and how many images it carries (for the metrics). */
  record Reply(int status, String contentType, byte[] body, int images) {
    static Reply json(int status, JsonNode body) {
      try {
        return new Reply(status, "application/json", JSON.writeValueAsBytes(body), 0);
      } catch (JsonProcessingException e) {
        throw new UncheckedIOException(e);
      }
    }

    static Reply error(int status, String message) {
      return json(status, JSON.createObjectNode().put("error", message));
    }

    Reply withImages(int n) {
      return new Reply(status, contentType, body, n);
    }
  }

  /** Whether the model may be run for clients (false until the warm-up request has answered). */
  interface Availability {
    String state(); // LOADING, AVAILABLE or UNLOADING, as TF Serving names them
  }

  private final GeneratorModel model;
  private final String name;
  private final String base;
  private final Availability availability;

  RestApi(GeneratorModel model, String name, Availability availability) {
    this.model = model;
    this.name = name;
    this.base = "/v1/models/" + name;
    this.availability = availability;
  }

  /** Whether a request to {@code path} runs the model (and so belongs on the inference threads). */
  boolean runsModel(String path) {
    return path.equals(base + ":predict") || path.equals(base + "/sample.png");
  }

  /** Answers one request; {@code body} is null for requests without one. Never throws for a client's mistake. */
  Reply handle(String method, String path, String rawQuery, byte[] body) {
    try {
      return route(method, path, rawQuery, body);
    } catch (BadRequest e) {
      return Reply.error(e.status, e.getMessage());
    } catch (IllegalArgumentException e) {
      return Reply.error(400, e.getMessage());
    } catch (RuntimeException e) {
      return Reply.error(500, "internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0]));
    }
  }

  /**
   * The warm-up request: what a client's first predict would run, on every signature, before the
   * server reports AVAILABLE (the first session runs pay for graph optimisation and memory pools).
   */
  void warmUp() {
    String label = model.classes() > 0 ? ", \"label\": 0" : "";
    String request;
    if (model.featureDim() > 0) {
      float[] unit = new float[model.featureDim()];
      unit[0] = 1; // features are l2-normalised
      request = "{\"instances\": [{\"z\": " + Arrays.toString(new float[model.zDim()]) + ", \"features\": " + Arrays.toString(unit) + label + "}]}";
    } else {
      Reply zs = predict(("{\"instances\": [{\"z\": " + Arrays.toString(new float[model.zDim()]) + label + "}]}").getBytes(StandardCharsets.UTF_8));
      checkWarmUp(zs, "serving_default");
      request = "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 1" + label + "}]}";
    }
    checkWarmUp(predict(request.getBytes(StandardCharsets.UTF_8)), model.featureDim() > 0 ? "serving_default" : "sample");
  }

  private static void checkWarmUp(Reply r, String signature) {
    if (r.status() != 200) {
      throw new IllegalStateException("the warm-up request on signature '" + signature + "' failed with HTTP " + r.status() + ": "
          + new String(r.body(), StandardCharsets.UTF_8));
    }
  }

  private Reply route(String method, String path, String rawQuery, byte[] body) {
    if (path.equals(base) || path.equals(base + "/")) {
      requireMethod(method, "GET");
      return status();
    } else if (path.equals(base + "/metadata")) {
      requireMethod(method, "GET");
      return Reply.json(200, metadata());
    } else if (path.equals(base + ":predict")) {
      requireMethod(method, "POST");
      requireAvailable();
      return predict(body == null ? new byte[0] : body);
    } else if (path.equals(base + "/sample.png")) {
      requireMethod(method, "GET");
      requireAvailable();
      return samplePng(query(rawQuery));
    } else if (path.startsWith("/v1/models/")) {
      throw new BadRequest(404, "no model '" + path.substring("/v1/models/".length()).split("[:/]")[0]
          + "' here; this server serves '" + name + "'");
    }
    throw new BadRequest(404, "unknown path " + path + "; try " + base + ":predict");
  }

  /** Refuses to run the model before its warm-up. (Once shutting down, requests already in are finished; new ones never get here.) */
  private void requireAvailable() {
    if (availability.state().equals("LOADING")) {
      throw new BadRequest(503, "model '" + name + "' is not available (LOADING: its warm-up request has not answered yet)");
    }
  }

  private static void requireMethod(String actual, String expected) {
    if (!actual.equals(expected)) {
      throw new BadRequest(405, actual + " is not allowed here; use " + expected);
    }
  }

  /** TF Serving's model status; 503 until the warm-up has answered, so a readiness probe can use it. */
  private Reply status() {
    String state = availability.state();
    boolean up = state.equals("AVAILABLE");
    ObjectNode version = JSON.createObjectNode().put("version", "1").put("state", state);
    version.putObject("status").put("error_code", up ? "OK" : "UNAVAILABLE")
        .put("error_message", up ? "" : state.equals("LOADING") ? "warming up" : "shutting down");
    ObjectNode out = JSON.createObjectNode();
    out.putArray("model_version_status").add(version);
    return Reply.json(up ? 200 : 503, out);
  }

  private ObjectNode metadata() {
    ObjectNode out = JSON.createObjectNode();
    out.putObject("model_spec").put("name", name).put("version", "1");
    ObjectNode sigs = out.putObject("metadata").putObject("signature_def");
    if (model.featureDim() > 0) {
      sigs.putObject("serving_default").put("inputs", "z float32 [N, " + model.zDim() + "], features float32 [N, " + model.featureDim()
          + "] (l2-normalised instance features)").put("outputs", "images float32 [N, " + model.imageShape() + "] in [-1, 1]");
      sigs.putObject("sample").put("inputs", "seed int64, count int32 (per image), truncation float32 (optional),"
          + " image {\"b64\": PNG or JPEG} or a list of them").put("outputs", "images float32, count per image, grouped by image");
      out.put("output_format", "request \"output_format\": \"png\" for images as {\"b64\": PNG}");
      return out;
    }
    ObjectNode serving = sigs.putObject("serving_default");
    serving.put("inputs", "z float32 [N, " + model.zDim() + "]" + (model.classes() > 0 ? ", label int32 [N]" : ""));
    serving.put("outputs", "images float32 [N, " + model.imageShape() + "] in [-1, 1]");
    ObjectNode sample = sigs.putObject("sample");
    sample.put("inputs", "seed int64, count int32" + (model.classes() > 0 ? ", label int32" : "") + ", truncation float32 (optional)");
    sample.put("outputs", "images_uint8 uint8, images float32");
    return out;
  }

  private Reply samplePng(Map<String, String> q) {
    int count = intParam(q, "count", 16);
    long seed = intParam(q, "seed", 1);
    int label = intParam(q, "label", -1);
    float truncation;
    String text = q.getOrDefault("truncation", "0");
    try {
      truncation = Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "query parameter 'truncation' must be a number, got '" + text + "'");
    }
    PredictInputs.finite(truncation, text, "query parameter 'truncation'");
    checkCount(count);
    List<Integer> s = model.imageShape();
    float[] images = model.generate(count, seed, label, truncation);
    byte[] png = png(ImageGrid.tile(images, count, s.get(0), s.get(1), s.get(2), (int) Math.ceil(Math.sqrt(count)), 2));
    return new Reply(200, "image/png", png, count);
  }

  /** The predict API: row ({@code instances}) or columnar ({@code inputs}) request, either signature. */
  private Reply predict(byte[] body) {
    JsonNode req;
    try {
      req = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new BadRequest(400, "malformed JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new BadRequest(400, "unreadable request body: " + e.getMessage());
    }
    if (req == null || !req.isObject()) {
      throw new BadRequest(400, "the request body must be a JSON object with 'instances' or 'inputs'");
    }
    String signature = req.path("signature_name").asText("serving_default");
    boolean rows = req.has("instances");
    if (rows == req.has("inputs")) {
      throw new BadRequest(400, "give exactly one of 'instances' (row format) or 'inputs' (columnar format)");
    }
    JsonNode data = rows ? req.get("instances") : req.get("inputs");
    String format = req.path("output_format").asText("float");
    if (!format.equals("float") && !format.equals("png")) {
      throw new BadRequest(400, "'output_format' must be float (default) or png, got '" + format + "'");
    }
    float[] images;
    int count;
    switch (signature) {
      case "serving_default" -> {
        if (model.featureDim() > 0) {
          float[][][] zf = rows ? zAndFeaturesFromInstances(data) : zAndFeaturesFromInputs(data);
          count = zf[0].length;
          images = model.generateWithFeatures(zf[0], zf[1], model.classes() > 0 ? classLabels(data, rows, count) : null);
          break;
        }
        ZBatch batch = rows ? zFromInstances(data) : zFromInputs(data);
        count = batch.z.length;
        checkCount(count);
        images = model.classes() > 0 ? model.generate(batch.z, requireLabels(batch.labels, count)) : noLabels(batch);
      }
      case "sample" -> {
        JsonNode args = rows ? single(data) : data;
        if (model.featureDim() > 0) {
          List<Integer> shape = model.imageShape();
          List<float[]> decoded = instanceImages(args.get("image"), shape);
          int per = PredictInputs.requireInt(args, "count");
          count = per * decoded.size();
          checkCount(count);
          float[] flat = new float[decoded.size() * shape.get(0) * shape.get(1) * shape.get(2)];
          for (int i = 0; i < decoded.size(); i++) {
            System.arraycopy(decoded.get(i), 0, flat, i * decoded.get(i).length, decoded.get(i).length);
          }
          if (model.classes() > 0 && !args.has("label")) {
            throw new BadRequest(400, "this model is also class-conditional: give the samples' 'label' (int)");
          }
          images = model.generateForInstances(flat, decoded.size(), PredictInputs.requireInt(args, "seed"), per,
              truncation(args), model.classes() > 0 ? PredictInputs.requireInt(args, "label") : -1).images();
          break;
        }
        count = PredictInputs.requireInt(args, "count");
        checkCount(count);
        images = model.generate(count, PredictInputs.requireInt(args, "seed"),
            args.has("label") ? PredictInputs.requireInt(args, "label") : -1, truncation(args));
      }
      default -> throw new BadRequest(400, "unknown signature_name '" + signature + "'; use serving_default or sample");
    }
    checkFinite(images, count);
    ObjectNode out = JSON.createObjectNode();
    out.set(rows ? "predictions" : "outputs", format.equals("png") ? pngList(images, count) : floatList(images, count));
    return Reply.json(200, out).withImages(count);
  }

  /**
   * Finite float32 inputs can still overflow inside the generator (a z of 1e30 where it was trained on
   * N(0, 1)); such an answer would be NaN images with a 200, so it is a 400 instead.
   */
  static void checkFinite(float[] images, int count) {
    int per = images.length / count;
    for (int i = 0; i < images.length; i++) {
      if (!Float.isFinite(images[i])) {
        throw new BadRequest(400, "the model's output for image " + (i / per) + " is not finite (" + images[i]
            + "): its inputs are far outside what it was trained on (z ~ N(0, 1))");
      }
    }
  }

  private static float truncation(JsonNode args) {
    return args.has("truncation") ? PredictInputs.requireFloat(args, "truncation") : 0f;
  }

  /** TensorFlow Serving's convention for binary values: {@code {"b64": base64}} per image. */
  private ArrayNode pngList(float[] images, int count) {
    List<Integer> s = model.imageShape();
    int per = s.get(0) * s.get(1) * s.get(2);
    ArrayNode list = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      float[] one = Arrays.copyOfRange(images, i * per, (i + 1) * per);
      list.addObject().put("b64", Base64.getEncoder().encodeToString(png(picture(one, s.get(0), s.get(1), s.get(2)))));
    }
    return list;
  }

  private ArrayNode floatList(float[] images, int count) {
    List<Integer> s = model.imageShape();
    int per = s.get(0) * s.get(1) * s.get(2);
    ArrayNode list = JSON.createArrayNode();
    for (int i = 0; i < count; i++) {
      ArrayNode image = list.addArray();
      for (int y = 0; y < s.get(0); y++) {
        ArrayNode row = image.addArray();
        for (int x = 0; x < s.get(1); x++) {
          ArrayNode px = row.addArray();
          for (int c = 0; c < s.get(2); c++) {
            px.add(images[i * per + (y * s.get(1) + x) * s.get(2) + c]);
          }
        }
      }
    }
    return list;
  }

  /** IC-GAN's instance images: {@code {"b64": PNG/JPEG}} or a list of them, each fitted to the model's image shape. */
  private static List<float[]> instanceImages(JsonNode image, List<Integer> shape) {
    if (image == null) {
      throw new BadRequest(400, "this model is instance-conditioned: signature 'sample' needs 'image': {\"b64\": \"<PNG or JPEG, base64>\"}"
          + " (or a list of them)");
    }
    List<JsonNode> items = new ArrayList<>();
    if (image.isArray()) {
      image.forEach(items::add);
    } else {
      items.add(image);
    }
    if (items.isEmpty() || items.size() > MAX_IMAGES) {
      throw new BadRequest(400, "'image' must hold 1 to " + MAX_IMAGES + " images, got " + items.size());
    }
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode b64 = items.get(i).get("b64");
      if (b64 == null || !b64.isTextual()) {
        throw new BadRequest(400, "image[" + i + "] must be {\"b64\": \"...\"} (TensorFlow Serving's binary convention)");
      }
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(b64.asText());
      } catch (IllegalArgumentException e) {
        throw new BadRequest(400, "image[" + i + "].b64 is not base64: " + e.getMessage());
      }
      try {
        out.add(InstanceImage.decode(bytes, "image[" + i + "]", shape.get(0), shape.get(1), shape.get(2)));
      } catch (IOException e) {
        throw new BadRequest(400, "image[" + i + "]: " + e.getMessage());
      }
    }
    return out;
  }

  /** The class label of every row: {@code "label"} of each instance, or the {@code "label"} list of the inputs. */
  private static int[] classLabels(JsonNode data, boolean rows, int count) {
    int[] out = new int[count];
    JsonNode list = rows ? null : data.get("label");
    if (!rows && (list == null || !list.isArray() || list.size() != count)) {
      throw new BadRequest(400, "this model is also class-conditional: 'inputs.label' must be a list with one int per z (" + count + ")");
    }
    for (int i = 0; i < count; i++) {
      JsonNode v = rows ? data.get(i).get("label") : list.get(i);
      if (v == null || !v.isIntegralNumber()) {
        throw new BadRequest(400, "this model is also class-conditional: label " + i + " must be an integer" + (v == null ? "" : ", got " + v));
      }
      out[i] = v.intValue();
    }
    return out;
  }

  /** {@code [{"z": [...], "features": [...]}, ...]}: {z, features}. */
  private float[][][] zAndFeaturesFromInstances(JsonNode instances) {
    if (!instances.isArray() || instances.isEmpty()) {
      throw new BadRequest(400, "'instances' must be a non-empty list of {\"z\": [...], \"features\": [...]}");
    }
    checkCount(instances.size());
    float[][] z = new float[instances.size()][];
    float[][] f = new float[instances.size()][];
    for (int i = 0; i < instances.size(); i++) {
      JsonNode inst = instances.get(i);
      if (!inst.isObject()) {
        throw new BadRequest(400, "instances[" + i + "] must be {\"z\": [...], \"features\": [...]} (an instance-conditioned model)");
      }
      z[i] = PredictInputs.z(inst.get("z"), "instances[" + i + "].z", model.zDim());
      f[i] = PredictInputs.features(inst.get("features"), "instances[" + i + "].features", model.featureDim());
    }
    return new float[][][] {z, f};
  }

  /** {@code {"z": [[...], ...], "features": [[...], ...]}}. */
  private float[][][] zAndFeaturesFromInputs(JsonNode inputs) {
    JsonNode zs = inputs.get("z");
    JsonNode fs = inputs.get("features");
    if (zs == null || !zs.isArray() || zs.isEmpty() || fs == null || !fs.isArray() || fs.size() != zs.size()) {
      throw new BadRequest(400, "'inputs' must hold 'z' and 'features', lists of vectors of the same non-zero length");
    }
    checkCount(zs.size());
    float[][] z = new float[zs.size()][];
    float[][] f = new float[zs.size()][];
    for (int i = 0; i < zs.size(); i++) {
      z[i] = PredictInputs.z(zs.get(i), "inputs.z[" + i + "]", model.zDim());
      f[i] = PredictInputs.features(fs.get(i), "inputs.features[" + i + "]", model.featureDim());
    }
    return new float[][][] {z, f};
  }

  private float[] noLabels(ZBatch batch) {
    if (batch.labels != null) {
      throw new BadRequest(400, "this model is unconditional; remove 'label'");
    }
    return model.generate(batch.z);
  }

  private static int[] requireLabels(int[] labels, int count) {
    if (labels == null) {
      throw new BadRequest(400, "this model is conditional; give a 'label' (int) for every z");
    }
    return labels;
  }

  private record ZBatch(float[][] z, int[] labels) {}

  /** {@code [[z...], ...]} or {@code [{"z": [...], "label": k}, ...]}. */
  private ZBatch zFromInstances(JsonNode instances) {
    if (!instances.isArray() || instances.isEmpty()) {
      throw new BadRequest(400, "'instances' must be a non-empty list");
    }
    checkCount(instances.size());
    float[][] z = new float[instances.size()][];
    int[] labels = null;
    for (int i = 0; i < instances.size(); i++) {
      JsonNode inst = instances.get(i);
      if (inst.isObject()) {
        z[i] = PredictInputs.z(inst.get("z"), "instances[" + i + "].z", model.zDim());
        if (inst.has("label")) {
          labels = labels == null ? new int[instances.size()] : labels;
          labels[i] = PredictInputs.requireInt(inst, "label");
        }
      } else {
        z[i] = PredictInputs.z(inst, "instances[" + i + "]", model.zDim());
      }
    }
    return new ZBatch(z, labels);
  }

  /** {@code {"z": [[...], ...], "label": [...]}} or just {@code [[...], ...]}. */
  private ZBatch zFromInputs(JsonNode inputs) {
    JsonNode zs = inputs.isObject() ? inputs.get("z") : inputs;
    if (zs == null || !zs.isArray() || zs.isEmpty()) {
      throw new BadRequest(400, "'inputs' must hold 'z', a non-empty list of vectors");
    }
    checkCount(zs.size());
    float[][] z = new float[zs.size()][];
    for (int i = 0; i < zs.size(); i++) {
      z[i] = PredictInputs.z(zs.get(i), "inputs.z[" + i + "]", model.zDim());
    }
    int[] labels = null;
    if (inputs.isObject() && inputs.has("label")) {
      JsonNode l = inputs.get("label");
      if (!l.isArray() || l.size() != zs.size()) {
        throw new BadRequest(400, "'inputs.label' must be a list with one int per z (" + zs.size() + ")");
      }
      labels = new int[l.size()];
      for (int i = 0; i < labels.length; i++) {
        if (!l.get(i).isIntegralNumber()) {
          throw new BadRequest(400, "inputs.label[" + i + "] must be an integer, got " + l.get(i));
        }
        labels[i] = l.get(i).intValue();
      }
    }
    return new ZBatch(z, labels);
  }

  private static JsonNode single(JsonNode instances) {
    if (!instances.isArray() || instances.size() != 1 || !instances.get(0).isObject()) {
      throw new BadRequest(400, "signature 'sample' takes one instance {\"seed\": s, \"count\": n[, \"label\": k]}");
    }
    return instances.get(0);
  }

  private static void checkCount(int count) {
    if (count < 1 || count > MAX_IMAGES) {
      throw new BadRequest(400, "a request may ask for 1 to " + MAX_IMAGES + " images, this one asks for " + count);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      try {
        String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
        out.put(k, eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw new BadRequest(400, "malformed query string: " + e.getMessage());
      }
    }
    return out;
  }

  private static int intParam(Map<String, String> q, String key, int fallback) {
    String v = q.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "query parameter '" + key + "' must be an integer, got '" + v + "'");
    }
  }

  /** One image, {@code h × w}, grey or RGB, pixels {@code round((v + 1) · 127.5)} clipped to [0, 255]: no border, no scaling. */
  private static BufferedImage picture(float[] v, int h, int w, int c) {
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

  private static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: does not happen
    }
    return out.toByteArray();
  }
}
