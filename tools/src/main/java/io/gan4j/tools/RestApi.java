package io.gan4j.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * TensorFlow Serving's REST API for one {@link ServedModel} (a generator or a translator),
 * independent of the HTTP server that carries it: {@code GET /v1/models/NAME} (status),
 * {@code GET /v1/models/NAME/metadata}, {@code POST /v1/models/NAME:predict} with {@code instances}
 * (row format) or {@code inputs} (columnar), an optional {@code signature_name} and
 * {@code "output_format": "float" | "png"} (a gan4j extension: images as {@code {"b64": PNG}}), plus
 * {@code GET /v1/models/NAME/sample.png} for generators. This class checks the envelope; the model
 * kind reads the inputs (see {@link ServedGenerator}, {@link ServedTranslator}). Every bad request is a
 * {@link Reply} with a 4xx status and {@code {"error": "..."}}; the model is run only on inputs that are
 * finite as float32.
 *
 * <p>Usage: {@code Reply r = new RestApi(new ServedGenerator(model), "demo", () -> "AVAILABLE").handle("POST", "/v1/models/demo:predict", null, body);}
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

  private final ServedModel model;
  private final String name;
  private final String base;
  private final Availability availability;

  RestApi(ServedModel model, String name, Availability availability) {
    this.model = model;
    this.name = name;
    this.base = "/v1/models/" + name;
    this.availability = availability;
  }

  ServedModel model() {
    return model;
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
    } catch (RuntimeException e) {
      // TensorFlow's InvalidArgument is an IllegalArgumentException, but inputs are checked (and images'
      // decoding errors turned into BadRequest) before a session runs: one that escapes is the server's
      // fault, and its text (graph node names, several lines) is no answer to a client.
      if (e instanceof IllegalArgumentException && !isTensorFlows(e)) {
        return Reply.error(400, e.getMessage());
      }
      return Reply.error(500, "internal error: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : ": " + e.getMessage().split("\n")[0]));
    }
  }

  private static boolean isTensorFlows(RuntimeException e) {
    return e.getClass().getPackageName().equals(TensorFlowException.class.getPackageName());
  }

  /**
   * The warm-up requests: what a client's first predict would run, on every signature, before the
   * server reports AVAILABLE (the first session runs pay for graph optimisation and memory pools).
   */
  void warmUp() {
    for (ServedModel.WarmUp w : model.warmUps()) {
      Reply r = predict(w.body().getBytes(StandardCharsets.UTF_8));
      if (r.status() != 200) {
        throw new IllegalStateException("the warm-up request on signature '" + w.signature() + "' failed with HTTP " + r.status() + ": "
            + new String(r.body(), StandardCharsets.UTF_8));
      }
    }
  }

  private Reply route(String method, String path, String rawQuery, byte[] body) {
    if (path.equals(base) || path.equals(base + "/")) {
      requireMethod(method, "GET");
      return status();
    } else if (path.equals(base + "/metadata")) {
      requireMethod(method, "GET");
      ObjectNode out = JSON.createObjectNode();
      out.putObject("model_spec").put("name", name).put("version", "1");
      out.setAll(model.metadata());
      return Reply.json(200, out);
    } else if (path.equals(base + ":predict")) {
      requireMethod(method, "POST");
      requireAvailable();
      return predict(body == null ? new byte[0] : body);
    } else if (path.equals(base + "/sample.png")) {
      requireMethod(method, "GET");
      requireAvailable();
      return model.samplePng(query(rawQuery));
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

  /** The predict API's envelope: a JSON object with exactly one of {@code instances} and {@code inputs}. */
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
    boolean rows = req.has("instances");
    if (rows == req.has("inputs")) {
      throw new BadRequest(400, "give exactly one of 'instances' (row format) or 'inputs' (columnar format)");
    }
    // JSON null means absent, as before the translator split (the model's default: float)
    JsonNode given = req.get("output_format");
    String format = given == null || given.isNull() ? null : given.asText();
    if (format != null && !format.equals("float") && !format.equals("png")) {
      throw new BadRequest(400, "'output_format' must be float (default) or png, got '" + format + "'");
    }
    ServedModel.Predicted p = model.predict(new ServedModel.Request(req.path("signature_name").asText("serving_default"), rows,
        rows ? req.get("instances") : req.get("inputs"), format));
    ObjectNode out = JSON.createObjectNode();
    out.set(rows ? "predictions" : "outputs", p.outputs());
    return Reply.json(200, out).withImages(p.images());
  }

  /** Refuses a request for no image or for more than {@link #MAX_IMAGES}. */
  static void checkCount(int count) {
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
}
