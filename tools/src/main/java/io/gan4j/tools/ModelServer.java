package io.gan4j.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.sdk.image.ImageGrid;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.imageio.ImageIO;

/**
 * An HTTP server for one {@link GeneratorModel} that follows TensorFlow Serving's REST API:
 * {@code GET /v1/models/NAME} (status), {@code GET /v1/models/NAME/metadata},
 * {@code POST /v1/models/NAME:predict} with {@code instances} (row format) or {@code inputs}
 * (columnar) and an optional {@code signature_name} ({@code serving_default} or {@code sample}),
 * plus {@code GET /v1/models/NAME/sample.png?count=&seed=&label=}. An IC-GAN model takes {@code z} and
 * {@code features} on {@code serving_default} and instance images as {@code {"b64": PNG}} (TF Serving's
 * binary convention) on {@code sample}; {@code "output_format": "png"} (a gan4j extension) answers
 * every image as {@code {"b64": PNG}}. Every bad request gets a 400
 * with {@code {"error": "..."}}; the server never dies on one.
 *
 * <p>Usage: {@code try (ModelServer s = ModelServer.start(model, "demo", 8501, 8)) { ... }}
 */
final class ModelServer implements AutoCloseable {

  /** Largest request body accepted (bytes) and most images one request may ask for. */
  static final int MAX_BODY = 8 << 20;
  static final int MAX_IMAGES = 256;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final GeneratorModel model;
  private final String name;
  private final HttpServer server;
  private final ExecutorService pool;

  private ModelServer(GeneratorModel model, String name, HttpServer server, ExecutorService pool) {
    this.model = model;
    this.name = name;
    this.server = server;
    this.pool = pool;
  }

  static ModelServer start(GeneratorModel model, String name, int port, int threads) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    ModelServer s = new ModelServer(model, name, server, pool);
    server.createContext("/", s::handle);
    server.setExecutor(pool);
    server.start();
    return s;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** A client error: answered with HTTP {@code status} and the message. */
  static final class BadRequest extends RuntimeException {
    final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      try {
        route(ex);
      } catch (BadRequest e) {
        sendJson(ex, e.status, error(e.getMessage()));
      } catch (IllegalArgumentException e) {
        sendJson(ex, 400, error(e.getMessage()));
      } catch (RuntimeException e) {
        sendJson(ex, 500, error("internal error: " + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0])));
      }
    }
  }

  private void route(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    String base = "/v1/models/" + name;
    if (path.equals(base) || path.equals(base + "/")) {
      requireMethod(method, "GET");
      sendJson(ex, 200, status());
    } else if (path.equals(base + "/metadata")) {
      requireMethod(method, "GET");
      sendJson(ex, 200, metadata());
    } else if (path.equals(base + ":predict")) {
      requireMethod(method, "POST");
      sendJson(ex, 200, predict(readBody(ex)));
    } else if (path.equals(base + "/sample.png")) {
      requireMethod(method, "GET");
      Map<String, String> q = query(ex.getRequestURI().getRawQuery());
      int count = intParam(q, "count", 16);
      long seed = intParam(q, "seed", 1);
      int label = intParam(q, "label", -1);
      float truncation;
      try {
        truncation = Float.parseFloat(q.getOrDefault("truncation", "0"));
      } catch (NumberFormatException e) {
        throw new BadRequest(400, "query parameter 'truncation' must be a number, got '" + q.get("truncation") + "'");
      }
      checkCount(count);
      List<Integer> s = model.imageShape();
      float[] images = model.generate(count, seed, label, truncation);
      byte[] png = png(ImageGrid.tile(images, count, s.get(0), s.get(1), s.get(2), (int) Math.ceil(Math.sqrt(count)), 2));
      ex.getResponseHeaders().set("Content-Type", "image/png");
      ex.sendResponseHeaders(200, png.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(png);
      }
    } else if (path.startsWith("/v1/models/")) {
      throw new BadRequest(404, "no model '" + path.substring("/v1/models/".length()).split("[:/]")[0]
          + "' here; this server serves '" + name + "'");
    } else {
      throw new BadRequest(404, "unknown path " + path + "; try " + base + ":predict");
    }
  }

  private static void requireMethod(String actual, String expected) {
    if (!actual.equals(expected)) {
      throw new BadRequest(405, actual + " is not allowed here; use " + expected);
    }
  }

  private ObjectNode status() {
    ObjectNode version = JSON.createObjectNode().put("version", "1").put("state", "AVAILABLE");
    version.putObject("status").put("error_code", "OK").put("error_message", "");
    ObjectNode out = JSON.createObjectNode();
    out.putArray("model_version_status").add(version);
    return out;
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

  /** The predict API: row ({@code instances}) or columnar ({@code inputs}) request, either signature. */
  private ObjectNode predict(byte[] body) {
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
          int per = requireInt(args, "count");
          count = per * decoded.size();
          checkCount(count);
          float[] flat = new float[decoded.size() * shape.get(0) * shape.get(1) * shape.get(2)];
          for (int i = 0; i < decoded.size(); i++) {
            System.arraycopy(decoded.get(i), 0, flat, i * decoded.get(i).length, decoded.get(i).length);
          }
          if (model.classes() > 0 && !args.has("label")) {
            throw new BadRequest(400, "this model is also class-conditional: give the samples' 'label' (int)");
          }
          images = model.generateForInstances(flat, decoded.size(), requireInt(args, "seed"), per,
              args.has("truncation") ? requireFloat(args, "truncation") : 0f, model.classes() > 0 ? requireInt(args, "label") : -1).images();
          break;
        }
        count = requireInt(args, "count");
        checkCount(count);
        images = model.generate(count, requireInt(args, "seed"), args.has("label") ? requireInt(args, "label") : -1,
            args.has("truncation") ? requireFloat(args, "truncation") : 0f);
      }
      default -> throw new BadRequest(400, "unknown signature_name '" + signature + "'; use serving_default or sample");
    }
    ArrayNode list = JSON.createArrayNode();
    List<Integer> s = model.imageShape();
    int per = s.get(0) * s.get(1) * s.get(2);
    for (int i = 0; i < count && format.equals("png"); i++) {
      // TensorFlow Serving's convention for binary values: {"b64": base64}
      float[] one = java.util.Arrays.copyOfRange(images, i * per, (i + 1) * per);
      try {
        list.addObject().put("b64", java.util.Base64.getEncoder().encodeToString(png(picture(one, s.get(0), s.get(1), s.get(2)))));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    for (int i = 0; i < count && !format.equals("png"); i++) {
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
    ObjectNode out = JSON.createObjectNode();
    if (rows) {
      out.set("predictions", list);
    } else {
      out.set("outputs", list);
    }
    return out;
  }

  /** IC-GAN's instance images: {@code {"b64": PNG/JPEG}} or a list of them, each fitted to the model's image shape. */
  private static List<float[]> instanceImages(JsonNode image, List<Integer> shape) {
    if (image == null) {
      throw new BadRequest(400, "this model is instance-conditioned: signature 'sample' needs 'image': {\"b64\": \"<PNG or JPEG, base64>\"}"
          + " (or a list of them)");
    }
    List<JsonNode> items = new java.util.ArrayList<>();
    if (image.isArray()) {
      image.forEach(items::add);
    } else {
      items.add(image);
    }
    if (items.isEmpty() || items.size() > MAX_IMAGES) {
      throw new BadRequest(400, "'image' must hold 1 to " + MAX_IMAGES + " images, got " + items.size());
    }
    List<float[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      JsonNode b64 = items.get(i).get("b64");
      if (b64 == null || !b64.isTextual()) {
        throw new BadRequest(400, "image[" + i + "] must be {\"b64\": \"...\"} (TensorFlow Serving's binary convention)");
      }
      byte[] bytes;
      try {
        bytes = java.util.Base64.getDecoder().decode(b64.asText());
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
      z[i] = vector(inst.get("z"), "instances[" + i + "].z");
      f[i] = numbers(inst.get("features"), "instances[" + i + "].features", model.featureDim());
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
      z[i] = vector(zs.get(i), "inputs.z[" + i + "]");
      f[i] = numbers(fs.get(i), "inputs.features[" + i + "]", model.featureDim());
    }
    return new float[][][] {z, f};
  }

  private static float[] numbers(JsonNode v, String where, int size) {
    if (v == null || !v.isArray() || v.size() != size) {
      throw new BadRequest(400, where + " must be a list of " + size + " numbers" + (v == null || !v.isArray() ? "" : ", got " + v.size()));
    }
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      if (!v.get(i).isNumber()) {
        throw new BadRequest(400, where + "[" + i + "] must be a number, got " + v.get(i));
      }
      out[i] = (float) v.get(i).doubleValue();
    }
    return out;
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
        z[i] = vector(inst.get("z"), "instances[" + i + "].z");
        if (inst.has("label")) {
          labels = labels == null ? new int[instances.size()] : labels;
          labels[i] = requireInt(inst, "label");
        }
      } else {
        z[i] = vector(inst, "instances[" + i + "]");
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
      z[i] = vector(zs.get(i), "inputs.z[" + i + "]");
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

  private float[] vector(JsonNode v, String where) {
    if (v == null || !v.isArray()) {
      throw new BadRequest(400, where + " must be a list of " + model.zDim() + " numbers");
    }
    if (v.size() != model.zDim()) {
      throw new BadRequest(400, where + " has " + v.size() + " values; the model takes z of " + model.zDim());
    }
    float[] out = new float[v.size()];
    for (int i = 0; i < out.length; i++) {
      if (!v.get(i).isNumber()) {
        throw new BadRequest(400, where + "[" + i + "] must be a number, got " + v.get(i));
      }
      out[i] = (float) v.get(i).doubleValue();
    }
    return out;
  }

  private static JsonNode single(JsonNode instances) {
    if (!instances.isArray() || instances.size() != 1 || !instances.get(0).isObject()) {
      throw new BadRequest(400, "signature 'sample' takes one instance {\"seed\": s, \"count\": n[, \"label\": k]}");
    }
    return instances.get(0);
  }

  private static int requireInt(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new BadRequest(400, "'" + field + "' must be an integer" + (v == null ? "" : ", got " + v));
    }
    return v.intValue();
  }

  private static float requireFloat(JsonNode obj, String field) {
    JsonNode v = obj.get(field);
    if (v == null || !v.isNumber()) {
      throw new BadRequest(400, "'" + field + "' must be a number" + (v == null ? "" : ", got " + v));
    }
    return v.floatValue();
  }

  private static void checkCount(int count) {
    if (count < 1 || count > MAX_IMAGES) {
      throw new BadRequest(400, "a request may ask for 1 to " + MAX_IMAGES + " images, this one asks for " + count);
    }
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    try (InputStream in = ex.getRequestBody()) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 << 10];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
        if (out.size() > MAX_BODY) {
          // Read (and drop) the rest, so the client is not cut off mid-upload and sees the 400.
          long dropped = 0;
          while ((n = in.read(buf)) > 0 && dropped < 32L * MAX_BODY) {
            dropped += n;
          }
          throw new BadRequest(400, "request body larger than " + (MAX_BODY >> 20) + " MB");
        }
      }
      return out.toByteArray();
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String part : raw.split("&")) {
      int eq = part.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
      out.put(k, eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
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
  private static java.awt.image.BufferedImage picture(float[] v, int h, int w, int c) {
    java.awt.image.BufferedImage out = new java.awt.image.BufferedImage(w, h,
        c == 1 ? java.awt.image.BufferedImage.TYPE_BYTE_GRAY : java.awt.image.BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int k = 0; k < c; k++) {
          out.getRaster().setSample(x, y, k, Math.max(0, Math.min(255, Math.round((v[(y * w + x) * c + k] + 1f) * 127.5f))));
        }
      }
    }
    return out;
  }

  private static byte[] png(java.awt.image.BufferedImage image) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    return out.toByteArray();
  }

  private static ObjectNode error(String message) {
    return JSON.createObjectNode().put("error", message);
  }

  private static void sendJson(HttpExchange ex, int status, JsonNode body) throws IOException {
    byte[] bytes;
    try {
      bytes = JSON.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      throw new IOException(e);
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
