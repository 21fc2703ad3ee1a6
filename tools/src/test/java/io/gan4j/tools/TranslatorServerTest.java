package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gan4j.savedmodels.TranslatorExport;
import io.gan4j.savedmodels.TranslatorModel;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.PairedImages;
import io.gan4j.sdk.data.StackedDomains;
import io.gan4j.sdk.nets.PatchDiscriminator;
import io.gan4j.sdk.nets.ResNetTranslator;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import io.gan4j.sdk.translation.Translation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gan4j serve} on one direction of a csgan export: b64 PNGs in and out (the model's own
 * {@code translate_png}), float images in and out ({@code serving_default}), both request formats,
 * the metadata, a 400 naming the field for every bad input, and {@code serve --bench} on it.
 */
class TranslatorServerTest {
  @TempDir static Path dir;
  static Path exported;
  static TranslatorModel model;
  static ModelServer server;
  static String base;
  static final HttpClient CLIENT = HttpClient.newHttpClient();
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    exported = tinyTranslator(dir);
    model = TranslatorModel.load(exported.resolve("ab"));
    server = ModelServer.start(new ServedTranslator(model), "edges", 0, 2);
    base = "http://127.0.0.1:" + server.port() + "/v1/models/edges";
  }

  @AfterAll
  static void stop() {
    server.close();
    model.close();
  }

  /** A csgan on 16×16 grey noise with 4-filter networks, trained 2 steps and exported to {@code dir/model/ab|ba}. */
  static Path tinyTranslator(Path dir) {
    List<Integer> shape = List.of(16, 16, 1);
    int n = 8;
    byte[] a = new byte[n * 256];
    byte[] b = new byte[n * 256];
    Random rnd = new Random(4);
    rnd.nextBytes(a);
    rnd.nextBytes(b);
    StackedDomains data = new StackedDomains(PairedImages.of("noise", new ImageDataset("a", n, 16, 16, 1, a, null),
        new ImageDataset("b", n, 16, 16, 1, b, null)));
    TrainConfig base = Recipes.named("csgan").translation("noise", shape, shape).build();
    Translation small = new Translation(new ResNetTranslator(shape, 1, 4, 1), new ResNetTranslator(shape, 1, 4, 1),
        new PatchDiscriminator(shape, 4, 1), new PatchDiscriminator(shape, 4, 1), base.translation().terms(), 50);
    try (Trainer t = Trainer.open(dir.resolve("run"), base.newBuilder().translation(small).batch(2).steps(2).build(), data,
        Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    TranslatorExport.fromRun(dir.resolve("run"), dir.resolve("model"));
    return dir.resolve("model");
  }

  record Reply(int status, String body) {
    JsonNode json() throws Exception {
      return JSON.readTree(body);
    }
  }

  static Reply post(String path, String body) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  static Reply get(String path) throws Exception {
    HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new Reply(r.statusCode(), r.body());
  }

  /** A 16×16 grey gradient: pixel (x, y) is 8·(x + y); as floats, v / 127.5 − 1. */
  static float[] gradient() {
    float[] x = new float[256];
    for (int p = 0; p < 256; p++) {
      x[p] = (p % 16 + p / 16) * 8 / 127.5f - 1;
    }
    return x;
  }

  static byte[] png(BufferedImage img) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  static byte[] gradientPng() throws Exception {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 256; p++) {
      img.getRaster().setSample(p % 16, p / 16, 0, (p % 16 + p / 16) * 8);
    }
    return png(img);
  }

  static String b64(byte[] bytes) {
    return "{\"b64\": \"" + Base64.getEncoder().encodeToString(bytes) + "\"}";
  }

  static String imageJson(float[] x) {
    return PredictOutputs.floats(x, 1, List.of(16, 16, 1)).get(0).toString();
  }

  @Test
  void aGreyModelTakesGifAndBmpOfTheSameGreyImageAsItsPng() throws Exception {
    // DecodeImage cannot decode GIF or BMP to 1 channel; the export decodes to 3 and averages (exact for grey)
    byte[] in = gradientPng();
    String expected = post(":predict", "{\"instances\": [" + b64(in) + "]}").body();
    BufferedImage rgb = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int p = 0; p < 256; p++) {
      int v = (p % 16 + p / 16) * 8; // gradientPng's values, written as R = G = B (no colour-space conversion)
      rgb.setRGB(p % 16, p / 16, v << 16 | v << 8 | v);
    }
    for (String format : List.of("gif", "bmp")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertThat(ImageIO.write(rgb, format, out)).as(format).isTrue();
      Reply r = post(":predict", "{\"instances\": [" + b64(out.toByteArray()) + "]}");
      assertThat(r.status()).as(format + ": " + r.body()).isEqualTo(200);
      assertThat(r.body()).as(format).isEqualTo(expected);
    }
  }

  @Test
  void aB64PngIsAnsweredWithTheModelsOwnTranslatePngInEitherFormat() throws Exception {
    byte[] in = gradientPng();
    String expected = Base64.getEncoder().encodeToString(model.translatePng(in));
    Reply rows = post(":predict", "{\"instances\": [" + b64(in) + ", " + b64(in) + "]}");
    assertThat(rows.status()).isEqualTo(200);
    assertThat(rows.body()).isEqualTo("{\"predictions\":[{\"b64\":\"" + expected + "\"},{\"b64\":\"" + expected + "\"}]}");
    assertThat(post(":predict", "{\"signature_name\": \"translate_png\", \"instances\": [{\"image_bytes\": " + b64(in) + "}]}").body())
        .isEqualTo("{\"predictions\":[{\"b64\":\"" + expected + "\"}]}");
    assertThat(post(":predict", "{\"inputs\": [" + b64(in) + "]}").body()).isEqualTo("{\"outputs\":[{\"b64\":\"" + expected + "\"}]}");
    assertThat(post(":predict", "{\"signature_name\": \"translate_png\", \"inputs\": {\"image_bytes\": " + b64(in) + "}}").body())
        .isEqualTo("{\"outputs\":[{\"b64\":\"" + expected + "\"}]}");
    // the answer is a 16×16 grey PNG of the translation
    BufferedImage out = ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(expected)));
    assertThat(out.getWidth()).isEqualTo(16);
    assertThat(out.getRaster().getNumBands()).isEqualTo(1);
    float[] y = model.translate(gradient(), 1);
    assertThat(out.getRaster().getSample(5, 9, 0)).isEqualTo(Math.round((y[9 * 16 + 5] + 1) * 127.5f));
  }

  @Test
  void floatImagesAreAnsweredWithFloatImagesOrPngs() throws Exception {
    float[] x = gradient();
    float[] flipped = new float[256];
    for (int p = 0; p < 256; p++) {
      flipped[p] = -x[p];
    }
    float[] both = new float[512];
    System.arraycopy(x, 0, both, 0, 256);
    System.arraycopy(flipped, 0, both, 256, 256);
    float[] y = model.translate(both, 2);
    Reply rows = post(":predict", "{\"instances\": [" + imageJson(x) + ", {\"image\": " + imageJson(flipped) + "}]}");
    assertThat(rows.status()).isEqualTo(200);
    assertThat(rows.body()).isEqualTo("{\"predictions\":" + PredictOutputs.floats(y, 2, List.of(16, 16, 1)) + "}");
    JsonNode p = rows.json().get("predictions");
    assertThat(p.get(1).get(3).get(7).get(0).floatValue()).isEqualTo(y[256 + 3 * 16 + 7]);
    // one image alone: a batch of one (oneDNN's kernels may round a batch of two differently, by ~1e-6)
    float[] one = model.translate(x, 1);
    Reply cols = post(":predict", "{\"inputs\": {\"image\": [" + imageJson(x) + "]}}");
    assertThat(cols.body()).isEqualTo("{\"outputs\":" + PredictOutputs.floats(one, 1, List.of(16, 16, 1)) + "}");
    // "output_format": null is the default (float), as it was before translators
    assertThat(post(":predict", "{\"output_format\": null, \"inputs\": {\"image\": [" + imageJson(x) + "]}}").body())
        .isEqualTo(cols.body());
    assertError(post(":predict", "{\"output_format\": \"jpeg\", \"inputs\": {\"image\": [" + imageJson(x) + "]}}"), 400,
        "'output_format' must be float (default) or png, got 'jpeg'");
    Reply png = post(":predict", "{\"output_format\": \"png\", \"instances\": [" + imageJson(x) + "]}");
    assertThat(png.body()).isEqualTo("{\"predictions\":" + PredictOutputs.pngs(one, 1, List.of(16, 16, 1)) + "}");
  }

  @Test
  void metadataDescribesBothSignaturesAndStatusIsAvailable() throws Exception {
    Reply meta = get("/metadata");
    assertThat(meta.status()).isEqualTo(200);
    assertThat(meta.body()).isEqualTo("{\"model_spec\":{\"name\":\"edges\",\"version\":\"1\"},\"metadata\":{\"signature_def\":{"
        + "\"serving_default\":{\"inputs\":\"image float32 [N, 16, 16, 1] in [-1, 1]; or {\\\"b64\\\": PNG/JPEG} images, answered by translate_png\","
        + "\"outputs\":\"image float32 [N, 16, 16, 1] in [-1, 1]\"},"
        + "\"translate_png\":{\"inputs\":\"image_bytes {\\\"b64\\\": PNG, JPEG, GIF or BMP}, 1 to 4096 pixels a side, resized bilinearly to 16 x 16\","
        + "\"outputs\":\"png {\\\"b64\\\": PNG}, 16 x 16 x 1\"}}},"
        + "\"translator\":{\"direction\":\"ab\",\"input\":\"16, 16, 1\",\"output\":\"16, 16, 1\"},"
        + "\"output_format\":\"request \\\"output_format\\\": \\\"png\\\" for float images answered as {\\\"b64\\\": PNG}\"}");
    assertThat(get("").body()).isEqualTo("{\"model_version_status\":[{\"version\":\"1\",\"state\":\"AVAILABLE\","
        + "\"status\":{\"error_code\":\"OK\",\"error_message\":\"\"}}]}");
  }

  @Test
  void everyBadInputIsA400NamingTheField() throws Exception {
    float[] x = gradient();
    String image = imageJson(x);
    assertError(post(":predict", "{\"instances\": [{\"b64\": \"aGVsbG8=\"}]}"), 400,
        "instances[0]: not a decodable image (PNG, JPEG, BMP or GIF)");
    assertError(post(":predict", "{\"instances\": [" + b64(gradientPng()) + ", {\"b64\": \"***\"}]}"), 400,
        "instances[1].b64 is not base64: Illegal base64 character 2a");
    assertError(post(":predict", "{\"instances\": [{\"b64\": 5}]}"), 400,
        "instances[0] must be {\"b64\": \"...\"} (TensorFlow Serving's binary convention)");
    byte[] truncated = Arrays.copyOf(gradientPng(), 40); // the header reads, the pixels do not
    Reply cut = post(":predict", "{\"instances\": [" + b64(truncated) + "]}");
    assertThat(cut.status()).isEqualTo(400);
    assertThat(cut.json().get("error").asText()).startsWith("instances[0]: ");
    assertError(post(":predict", "{\"instances\": [" + b64(png(new BufferedImage(4097, 1, BufferedImage.TYPE_BYTE_GRAY))) + "]}"), 400,
        "instances[0]: a 4097 x 1 image; images may be 1 to 4096 pixels a side");
    assertError(post(":predict", "{\"instances\": [" + image.replaceFirst(",\\[\\[[^]]*](,\\[[^]]*])*]", "") + "]}"), 400,
        "instances[0] must be a [16, 16, 1] image (16 rows of 16 pixels of 1 value in [-1, 1]), got 15 rows");
    assertError(post(":predict", "{\"instances\": [" + image.replaceFirst("\\[\\[-1\\.0]", "[[-1.0, 0, 0]") + "]}"), 400,
        "instances[0][0][0] must be a pixel of 1 value (the model takes 1 channel), got 3 values");
    assertError(post(":predict", "{\"inputs\": {\"image\": [" + image.replaceFirst("-1\\.0", "1e39") + "]}}"), 400,
        "inputs.image[0][0][0][0] is 1.0E39, which is not a finite float32 (the largest is 3.4028235E38)");
    assertError(post(":predict", "{\"instances\": [{\"image\": " + image.replaceFirst("-1\\.0", "2") + "}]}"), 400,
        "instances[0].image[0][0][0] is 2, outside [-1, 1] (a pixel p of 0..255 is p / 127.5 - 1)");
    assertError(post(":predict", "{\"instances\": [" + image + ", " + b64(gradientPng()) + "]}"), 400,
        "instances[1] is an encoded image but instances[0] is a float image: one request holds one kind");
    assertError(post(":predict", "{\"signature_name\": \"translate_png\", \"instances\": [" + image + "]}"), 400,
        "signature 'translate_png' takes {\"b64\": ...} images; instances[0] is a float image (those go to serving_default)");
    assertError(post(":predict", "{\"output_format\": \"float\", \"instances\": [" + b64(gradientPng()) + "]}"), 400,
        "{\"b64\": ...} images are answered as {\"b64\": PNG} (signature translate_png); send float images for float output");
    assertError(post(":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 2}]}"), 400,
        "unknown signature_name 'sample'; use serving_default or translate_png");
    assertError(post(":predict", "{\"instances\": [{\"z\": [0.1]}]}"), 400,
        "instances[0] must be an image: {\"b64\": \"<PNG, base64>\"} or [H][W][C] floats in [-1, 1]");
    assertError(post(":predict", "{\"instances\": []}"), 400, "'instances' holds no image");
    assertError(post(":predict", "{\"instances\": [" + (b64(gradientPng()) + ",").repeat(256) + b64(gradientPng()) + "]}"), 400,
        "a request may ask for 1 to 256 images, this one asks for 257");
    assertError(get("/sample.png?count=4"), 404, "this model is an image translator: it has no sample.png; POST images to :predict as"
        + " {\"instances\": [{\"b64\": \"<PNG, base64>\"}]}");
    assertThat(get("").status()).isEqualTo(200);
  }

  private static void assertError(Reply r, int status, String message) throws Exception {
    assertThat(r.status()).as(r.body()).isEqualTo(status);
    assertThat(r.body()).isEqualTo(JSON.createObjectNode().put("error", message).toString());
  }

  @Test
  void serveBenchDrivesATranslatorAndRefusesTheExportsParentDirectory() {
    CliTest.Outcome bench = CliTest.run("serve", "--bench", "--model", exported.resolve("ba").toString(), "--clients", "2",
        "--requests", "3", "--count", "2");
    assertThat(bench.exit()).as(bench.err()).isZero();
    assertThat(bench.out()).contains("gan4j serve --bench: 2 clients x 3 requests (signature 'translate_png', 2 b64 PNGs of 16 x 16"
        + " per request)").contains("errors 0 of 6");
    CliTest.Outcome parent = CliTest.run("serve", "--model", exported.toString());
    assertThat(parent.exit()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(parent.err()).isEqualTo("gan4j: error: " + exported + " holds a translator per direction: serve --model "
        + exported.resolve("ab") + " (A to B) or " + exported.resolve("ba") + " (B to A)\n");
    CliTest.Outcome soak = CliTest.run("serve", "--bench", "--soak", "30", "--model", exported.resolve("ab").toString());
    assertThat(soak.err()).isEqualTo("gan4j: error: --soak drives generators (its malformed requests are a generator's); a translator is"
        + " benchmarked with --bench alone\n");
  }
}
