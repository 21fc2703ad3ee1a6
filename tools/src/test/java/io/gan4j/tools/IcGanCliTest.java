package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.nets.IcGanGenerator;
import io.gan4j.sdk.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan4j train --model icgan}, resume, and {@code gan4j sample --instance} end to end on 96 Fashion-MNIST images. */
class IcGanCliTest {
  @TempDir Path dir;

  @Test
  void trainPreparesTheInstancesOnceExportsAndSamplesFromAnInstanceImage() throws Exception {
    assumeTrue(FashionMnist.isInstalled(), "needs Fashion-MNIST");
    ImageDataset original = FashionMnist.loadOriginal(FashionMnist.DEFAULT_DIR, "train").select("f96", IntStream.range(0, 96).toArray());
    Path idx = dir.resolve("f96-idx3-ubyte");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(96);
    out.writeInt(28);
    out.writeInt(28);
    out.write(original.pixels());
    Files.write(idx, bytes.toByteArray());
    Path run = dir.resolve("run");

    // a dry run computes no features and writes nothing
    CliTest.Outcome dry = CliTest.run("train", "--model", "icgan", "--data", idx.toString(), "--dry-run", "--out", run.toString());
    assertThat(dry.exit()).as(dry.err()).isZero();
    assertThat(dry.out()).contains("generator ").contains("IcGanGenerator[").contains("count=96, dimension=128");
    assertThat(run).doesNotExist();
    CliTest.Outcome cc = CliTest.run("train", "--model", "icgan", "--data", idx.toString(), "--classes", "10", "--dry-run");
    assertThat(cc.exit()).as(cc.err()).isZero();
    assertThat(cc.out()).contains("count=96, dimension=128, classes=10");

    CliTest.Outcome o = CliTest.run("train", "--model", "icgan", "--data", idx.toString(), "--steps", "2", "--batch", "8",
        "--neighbours", "5", "--checkpoint-every", "2", "--out", run.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("IC-GAN instances of").contains("96 instances, 128-d features (");
    assertThat(run.resolve("instances/features.npy")).exists();
    assertThat(run.resolve("instances/neighbours.npy")).exists();
    assertThat(run.resolve("model/saved_model.pb")).exists();
    IcGanGenerator g = (IcGanGenerator) Trainer.readConfig(run).generator();
    assertThat(g.instances().k()).isEqualTo(5);
    assertThat(g.instances().count()).isEqualTo(96);

    CliTest.Outcome resumed = CliTest.run("train", "--resume", "--steps", "3", "--out", run.toString());
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("features and neighbourhoods reused from the run directory");

    Path png = dir.resolve("instance.png");
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, 28, 28, java.util.Arrays.copyOfRange(original.pixels(), 7 * 784, 8 * 784));
    ImageIO.write(img, "png", png.toFile());
    Path grid = dir.resolve("grid.png");
    CliTest.Outcome s = CliTest.run("sample", "--run", run.toString(), "--instance", png.toString(), "--n", "4", "--out", grid.toString());
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("conditioned on " + png);
    BufferedImage written = ImageIO.read(grid.toFile());
    assertThat(written.getWidth()).isGreaterThanOrEqualTo(2 * 32 * 2); // 2 columns of 32×32 at scale 2
    CliTest.Outcome spread = CliTest.run("sample", "--run", run.toString(), "--n", "6", "--out", dir.resolve("spread.png").toString());
    assertThat(spread.exit()).as(spread.err()).isZero();
    assertThat(spread.out()).contains("wrote 6 samples").contains("instances spread over the training set");

    // gan4j instances: the distance table and the picture (k = 5 of 96 training images)
    Path table = dir.resolve("instances.json");
    Path picture = dir.resolve("instances.png");
    CliTest.Outcome in = CliTest.run("instances", "--run", run.toString(), "--instances", "4", "--n", "3", "--rows", "2",
        "--json", table.toString(), "--picture", picture.toString());
    assertThat(in.exit()).as(in.err()).isZero();
    assertThat(in.out()).contains("4 train instances × 3 samples, k = 5 of 96 training images").contains("to_own_neighbourhood");
    var written4 = new com.fasterxml.jackson.databind.ObjectMapper().readTree(table.toFile());
    assertThat(written4.get("instances").asInt()).isEqualTo(4);
    double own = written4.get("to_own_neighbourhood").get("mean").asDouble();
    assertThat(own).isBetween(0.0, 2.0); // distances between unit vectors
    assertThat(written4.get("nearest_real_in_neighbourhood_by_chance").asDouble()).isEqualTo(5 / 96.0);
    BufferedImage pic = ImageIO.read(picture.toFile());
    assertThat(pic.getWidth()).isEqualTo((1 + 1 + 5 + 1 + 3) * (32 * 2 + 2) + 2); // 11 columns at scale 2, 2-pixel gaps
    CliTest.Outcome test = CliTest.run("instances", "--run", run.toString(), "--split", "test");
    assertThat(test.exit()).isNotZero();
    assertThat(test.err()).contains("--split test uses the Fashion-MNIST test set; this run was trained on " + idx);

    // gan4j serve's REST API on the exported model: features in, b64 images in and out
    try (io.gan4j.savedmodels.GeneratorModel m = io.gan4j.savedmodels.GeneratorModel.load(run.resolve("model"));
        ModelServer server = ModelServer.start(m, "icgan", 0, 2)) {
      String base = "http://127.0.0.1:" + server.port() + "/v1/models/icgan";
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      float[] h = new float[128];
      h[3] = 1f;
      String z = java.util.Arrays.toString(new float[g.zDim()]);
      var rows = json.readTree(post(base + ":predict", "{\"instances\": [{\"z\": " + z + ", \"features\": "
          + java.util.Arrays.toString(h) + "}]}"));
      float[] expected = m.generateWithFeatures(new float[][] {new float[g.zDim()]}, new float[][] {h});
      assertThat(rows.get("predictions").get(0).get(5).get(7).get(0).floatValue()).isEqualTo(expected[(5 * 32 + 7)]);
      String b64 = java.util.Base64.getEncoder().encodeToString(Files.readAllBytes(png));
      var sample = json.readTree(post(base + ":predict", "{\"signature_name\": \"sample\", \"output_format\": \"png\", \"instances\":"
          + " [{\"seed\": 3, \"count\": 2, \"image\": {\"b64\": \"" + b64 + "\"}}]}"));
      assertThat(sample.get("predictions")).hasSize(2);
      BufferedImage first = ImageIO.read(new java.io.ByteArrayInputStream(
          java.util.Base64.getDecoder().decode(sample.get("predictions").get(0).get("b64").asText())));
      assertThat(first.getWidth()).isEqualTo(32);
      // the same samples as the Java API on the decoded image
      float[] same = m.generateForInstances(InstanceImage.read(png, 32, 32, 1), 1, 3, 2, 0f).images();
      assertThat(first.getRaster().getSample(10, 12, 0)).isEqualTo(Math.round(Math.min(255, Math.max(0, (same[12 * 32 + 10] + 1) * 127.5f))));
      var bad = json.readTree(post(base + ":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 3, \"count\": 2}]}"));
      assertThat(bad.get("error").asText()).contains("needs 'image': {\"b64\"");
    }
  }

  private static String post(String url, String body) throws Exception {
    var r = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    return r.body();
  }
}
