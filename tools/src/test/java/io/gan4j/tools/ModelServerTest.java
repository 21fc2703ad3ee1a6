package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gan4j.savedmodels.GeneratorExport;
import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST API: TensorFlow Serving's predict formats, and a 400 (never a crash) for every bad request. */
class ModelServerTest {
  @TempDir static Path dir;
  static GeneratorModel model;
  static ModelServer server;
  static String base;
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    model = GeneratorModel.load(tinyModel(dir));
    server = ModelServer.start(model, "shapes", 0, 4);
    base = "http://127.0.0.1:" + server.port() + "/v1/models/shapes";
  }

  /** A 32×32×3 DCGAN trained for 3 steps on shapes and exported to {@code dir/model}: enough to serve. */
  static Path tinyModel(Path dir) throws Exception {
    TrainingData data = Shapes.generate(256, 1);
    TrainConfig c = Recipes.DCGAN.config("shapes", data.elementShape())
        .generator(Recipes.DCGAN.generator(data.elementShape()).newBuilder().widths(32, 16, 8, 8).build())
        .discriminator(Recipes.DCGAN.discriminator(data.elementShape()).newBuilder().stemWidth(8).widths(8, 16, 16).build())
        .batch(16).steps(3).checkpointEvery(3).build();
    try (Trainer t = Trainer.open(dir.resolve("run"), c, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    GeneratorExport.fromRun(dir.resolve("run"), dir.resolve("model"));
    return dir.resolve("model");
  }

  @AfterAll
  static void stop() {
    server.close();
    model.close();
  }

  record Reply(int status, JsonNode body) {}

  static Reply post(String path, String body) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  static Reply get(String path) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body().startsWith("{") ? JSON.readTree(r.body()) : null);
  }

  static String zJson(float[] z) {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < z.length; i++) {
      b.append(i > 0 ? "," : "").append(z[i]);
    }
    return b.append("]").toString();
  }

  @Test
  void statusAndBothPredictFormatsAgreeWithTheModel() throws Exception {
    Reply status = get("");
    assertThat(status.status()).isEqualTo(200);
    assertThat(status.body().at("/model_version_status/0/state").asText()).isEqualTo("AVAILABLE");
    float[] z0 = new float[100];
    float[] z1 = new float[100];
    for (int i = 0; i < 100; i++) {
      z0[i] = (float) Math.sin(i);
      z1[i] = (float) Math.cos(i);
    }
    float[] expected = model.generate(new float[][] {z0, z1});
    Reply rows = post(":predict", "{\"instances\": [" + zJson(z0) + ", {\"z\": " + zJson(z1) + "}]}");
    assertThat(rows.status()).isEqualTo(200);
    JsonNode p = rows.body().get("predictions");
    assertThat(p.size()).isEqualTo(2);
    assertThat(p.get(1).size()).isEqualTo(32);
    assertThat(p.get(1).get(5).get(7).size()).isEqualTo(3);
    assertThat(p.get(1).get(5).get(7).get(2).floatValue()).isEqualTo(expected[32 * 32 * 3 + (5 * 32 + 7) * 3 + 2]);
    Reply cols = post(":predict", "{\"inputs\": {\"z\": [" + zJson(z0) + "]}}");
    assertThat(cols.body().get("outputs").get(0)).isEqualTo(p.get(0));
    Reply sample = post(":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 5, \"count\": 3}]}");
    assertThat(sample.body().get("predictions").get(2).get(0).get(0).get(0).floatValue()).isEqualTo(model.generate(3, 5)[2 * 32 * 32 * 3]);
    Reply truncated = post(":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 5, \"count\": 3, \"truncation\": 0.5}]}");
    assertThat(truncated.body().get("predictions").get(2).get(0).get(0).get(0).floatValue())
        .isEqualTo(model.generate(3, 5, -1, 0.5f)[2 * 32 * 32 * 3]);
    HttpResponse<byte[]> png = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/sample.png?count=4&seed=2")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(png.statusCode()).isEqualTo(200);
    assertThat(png.headers().firstValue("Content-Type")).contains("image/png");
    assertThat(png.body()).startsWith(0x89, 'P', 'N', 'G');
  }

  @Test
  void everyMalformedRequestGetsA400WithAMessageAndTheServerKeepsServing() throws Exception {
    String z3 = "[0.1, 0.2, 0.3]";
    assertError(post(":predict", "{\"instances\": [1, 2"), 400, "malformed JSON: ");
    assertError(post(":predict", "[1, 2]"), 400, "the request body must be a JSON object with 'instances' or 'inputs'");
    assertError(post(":predict", "{\"instances\": [" + z3 + "]}"), 400, "instances[0] has 3 values; the model takes z of 100");
    assertError(post(":predict", "{\"instances\": [[\"a\"" + ",0".repeat(99) + "]]}"), 400, "instances[0][0] must be a number, got \"a\"");
    assertError(post(":predict", "{\"instances\": []}"), 400, "'instances' must be a non-empty list");
    assertError(post(":predict", "{\"instances\": [[0]], \"inputs\": [[0]]}"), 400,
        "give exactly one of 'instances' (row format) or 'inputs' (columnar format)");
    assertError(post(":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 100000}]}"), 400,
        "a request may ask for 1 to 256 images, this one asks for 100000");
    assertError(post(":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": \"x\", \"count\": 2}]}"), 400,
        "'seed' must be an integer, got \"x\"");
    assertError(post(":predict", "{\"signature_name\": \"train\", \"instances\": [[0]]}"), 400,
        "unknown signature_name 'train'; use serving_default or sample");
    assertError(post(":predict", "{\"instances\": [{\"z\": " + zJson(new float[100]) + ", \"label\": 3}]}"), 400,
        "this model is unconditional; remove 'label'");
    assertError(get("/sample.png?count=abc"), 400, "query parameter 'count' must be an integer, got 'abc'");
    assertError(get("/sample.png?label=2"), 400, "this generator is unconditional; it takes no class label (got 2)");
    assertError(get(":predict"), 405, "GET is not allowed here; use POST");
    assertError(post("/../other:predict", "{}"), 404, "");
    String big = "{\"instances\": [" + (zJson(new float[100]) + ",").repeat(30_000) + zJson(new float[100]) + "]}";
    assertError(post(":predict", big), 400, "request body larger than 8 MB");
    assertThat(get("").status()).isEqualTo(200);
  }

  private static void assertError(Reply r, int status, String messageStart) {
    assertThat(r.status()).isEqualTo(status);
    if (!messageStart.isEmpty()) {
      assertThat(r.body().get("error").asText()).startsWith(messageStart);
    }
  }

  @Test
  void inputsFiniteInJsonButNotInFloat32AreA400NamingTheField() throws Exception {
    String zeros99 = ",0".repeat(99);
    assertBody(post(":predict", "{\"instances\": [[1e308" + zeros99 + "]]}"), 400,
        "{\"error\":\"instances[0][0] is 1.0E308, which is not a finite float32 (the largest is 3.4028235E38)\"}");
    assertBody(post(":predict", "{\"instances\": [{\"z\": [0, 0, -1e39" + ",0".repeat(97) + "]}]}"), 400,
        "{\"error\":\"instances[0].z[2] is -1.0E39, which is not a finite float32 (the largest is 3.4028235E38)\"}");
    assertBody(post(":predict", "{\"inputs\": {\"z\": [" + zJson(new float[100]) + ", [1" + "0".repeat(40) + zeros99 + "]]}}"), 400,
        "{\"error\":\"inputs.z[1][0] is 1" + "0".repeat(40) + ", which is not a finite float32 (the largest is 3.4028235E38)\"}");
    assertBody(post(":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 2, \"truncation\": 1e39}]}"), 400,
        "{\"error\":\"'truncation' is 1.0E39, which is not a finite float32 (the largest is 3.4028235E38)\"}");
    assertBody(get("/sample.png?count=2&truncation=Infinity"), 400,
        "{\"error\":\"query parameter 'truncation' is Infinity, which is not a finite float32 (the largest is 3.4028235E38)\"}");
    assertBody(get("/sample.png?count=2&truncation=NaN"), 400,
        "{\"error\":\"query parameter 'truncation' is NaN, which is not a finite float32 (the largest is 3.4028235E38)\"}");
    assertBody(get("/sample.png?count=2&truncation=1e39"), 400,
        "{\"error\":\"query parameter 'truncation' is 1e39, which is not a finite float32 (the largest is 3.4028235E38)\"}");
    // JSON has no NaN or Infinity: the parser already refuses the tokens
    assertError(post(":predict", "{\"instances\": [[NaN" + zeros99 + "]]}"), 400, "malformed JSON: Non-standard token 'NaN'");
    // IC-GAN's features take the same route (checked here without an IC-GAN model)
    BadRequest e = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
        () -> PredictInputs.features(JSON.readTree("[0.5, 3.5e38, 0]"), "instances[0].features", 3));
    assertThat(e.status).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo("instances[0].features[1] is 3.5E38, which is not a finite float32 (the largest is 3.4028235E38)");
    // finite float32 that overflows inside a generator (this tiny one saturates instead): NaN images would be a 200, so it is a 400
    BadRequest nan = org.junit.jupiter.api.Assertions.assertThrows(BadRequest.class,
        () -> PredictOutputs.checkFinite(new float[] {0, 0.5f, -1, Float.NaN}, 2, "z ~ N(0, 1)"));
    assertThat(nan.getMessage()).isEqualTo("the model's output for image 1 is not finite (NaN): its inputs are far outside what it was trained on (z ~ N(0, 1))");
    // the largest float32 itself is fine
    assertThat(PredictInputs.z(JSON.readTree("[3.4028235e38, -3.4028235e38]"), "z", 2)).containsExactly(Float.MAX_VALUE, -Float.MAX_VALUE);
  }

  private static void assertBody(Reply r, int status, String body) {
    assertThat(r.status()).isEqualTo(status);
    assertThat(r.body().toString()).isEqualTo(body);
  }

  @Test
  void theModelIsLoadingUntilItsWarmUpRequestAnswered() throws Exception {
    try (ModelServer s = ModelServer.listen(model, "cold", 0, ServerOptions.DEFAULTS.withThreads(1))) {
      String url = "http://127.0.0.1:" + s.port() + "/v1/models/cold";
      Reply status = send(HttpRequest.newBuilder(URI.create(url)).GET().build());
      assertThat(status.status()).isEqualTo(503);
      assertThat(status.body().toString()).isEqualTo("{\"model_version_status\":[{\"version\":\"1\",\"state\":\"LOADING\","
          + "\"status\":{\"error_code\":\"UNAVAILABLE\",\"error_message\":\"warming up\"}}]}");
      Reply predict = send(HttpRequest.newBuilder(URI.create(url + ":predict"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 1}]}")).build());
      assertBody(predict, 503, "{\"error\":\"model 'cold' is not available (LOADING: its warm-up request has not answered yet)\"}");
      assertThat(send(HttpRequest.newBuilder(URI.create(url + "/metadata")).GET().build()).status()).isEqualTo(200);
      s.warmUp();
      Reply up = send(HttpRequest.newBuilder(URI.create(url)).GET().build());
      assertThat(up.status()).isEqualTo(200);
      assertThat(up.body().toString()).isEqualTo("{\"model_version_status\":[{\"version\":\"1\",\"state\":\"AVAILABLE\","
          + "\"status\":{\"error_code\":\"OK\",\"error_message\":\"\"}}]}");
    }
  }

  static Reply send(HttpRequest request) throws Exception {
    HttpResponse<String> r = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), JSON.readTree(r.body()));
  }

  @Test
  void prometheusMetricsCountRequestsByStatusLatencyAndImages() throws Exception {
    try (ModelServer s = ModelServer.start(model, "counted", 0, 2)) {
      String url = "http://127.0.0.1:" + s.port();
      for (int i = 0; i < 3; i++) {
        assertThat(send(HttpRequest.newBuilder(URI.create(url + "/v1/models/counted:predict")).POST(HttpRequest.BodyPublishers.ofString(
            "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": " + i + ", \"count\": 2}]}")).build()).status()).isEqualTo(200);
      }
      assertThat(send(HttpRequest.newBuilder(URI.create(url + "/v1/models/counted:predict"))
          .POST(HttpRequest.BodyPublishers.ofString("{")).build()).status()).isEqualTo(400);
      assertThat(send(HttpRequest.newBuilder(URI.create(url + "/v1/models/counted")).GET().build()).status()).isEqualTo(200);
      // an answer is recorded once its last byte is written, which can be just after the client has it
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (s.metrics().requests("status", 200) < 1 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(url + "/monitoring/prometheus/metrics")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type")).contains("text/plain; version=0.0.4; charset=utf-8");
      assertThat(r.body().lines().toList()).contains(
          "# TYPE gan4j_requests_total counter",
          "gan4j_requests_total{model=\"counted\",endpoint=\"predict\",code=\"200\"} 3",
          "gan4j_requests_total{model=\"counted\",endpoint=\"predict\",code=\"400\"} 1",
          "gan4j_requests_total{model=\"counted\",endpoint=\"status\",code=\"200\"} 1",
          "# TYPE gan4j_request_duration_seconds histogram",
          "gan4j_request_duration_seconds_bucket{model=\"counted\",endpoint=\"predict\",le=\"+Inf\"} 4",
          "gan4j_request_duration_seconds_count{model=\"counted\",endpoint=\"predict\"} 4",
          "gan4j_images_served_total{model=\"counted\"} 6",
          "gan4j_connections_refused_total{model=\"counted\"} 0",
          "gan4j_connections_timed_out_total{model=\"counted\",phase=\"body\"} 0",
          "gan4j_requests_in_flight{model=\"counted\"} 0",
          "gan4j_model_available{model=\"counted\"} 1");
      assertThat(r.body()).containsPattern("gan4j_request_duration_seconds_sum\\{model=\"counted\",endpoint=\"predict\"\\} \\d+\\.\\d{6}\n");
      assertThat(r.body()).containsPattern("gan4j_connections_open\\{model=\"counted\"\\} [1-9]");
    }
  }

  @Test
  void concurrentClientsAllGetAnswers() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        int seed = i;
        calls.add(pool.submit(() -> post(":predict",
            "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": " + seed + ", \"count\": 2}]}").status()));
      }
      for (Future<Integer> f : calls) {
        assertThat(f.get()).isEqualTo(200);
      }
    } finally {
      pool.shutdown();
    }
  }
}
