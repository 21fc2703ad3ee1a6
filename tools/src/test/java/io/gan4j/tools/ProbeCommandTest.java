package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan4j probe} on tiny runs trained here, its hand-checkable statistics and its errors. */
class ProbeCommandTest {
  @TempDir Path dir;

  private static final List<String> SPREAD_KEYS = List.of("pixel_std_gen", "pixel_std_real", "pixel_std_ratio",
      "feature_distance_gen", "feature_distance_real", "feature_distance_ratio", "d_feature_std_gen", "d_feature_std_real",
      "d_feature_std_ratio", "pixel_std_gen_fixed_norm", "feature_distance_gen_fixed_norm");

  @Test
  void statisticsOnConstructedCases() {
    // Two images of three pixels: pixel 0 never changes, pixels 1 and 2 are ±1: stds 0, 1, 1 → mean 2/3.
    assertThat(ProbeCommand.meanPixelStd(new float[] {0, 1, -1, 0, -1, 1}, 2, 3)).isCloseTo(2 / 3.0, within(1e-12));
    // (0,0), (3,4), (0,4): pairwise distances 5, 4, 3 → mean 4.
    assertThat(ProbeCommand.meanPairwiseDistance(new double[][] {{0, 0}, {3, 4}, {0, 4}})).isCloseTo(4.0, within(1e-12));
    // Columns {1, 3} (std 1) and {2, 2} (std 0) → mean 0.5.
    assertThat(ProbeCommand.meanColumnStd(new double[][] {{1, 2}, {3, 2}})).isCloseTo(0.5, within(1e-12));
    // Rows (3, 4) and (0, 2) rescaled to norm √2: (0.6√2, 0.8√2) and (0, √2).
    float[] unit = ProbeCommand.fixedNorm(new float[] {3, 4, 0, 2}, 2);
    assertThat(unit).containsExactly(new float[] {(float) (0.6 * Math.sqrt(2)), (float) (0.8 * Math.sqrt(2)), 0, (float) Math.sqrt(2)},
        within(1e-6f));
    assertThat(ProbeCommand.covariance(new double[] {1, 2, 3}, new double[] {2, 4, 6})).isCloseTo(4 / 3.0, within(1e-12));
  }

  @Test
  void conditionalRunGetsEveryPartAndTheLogitPartsAddUp() throws IOException {
    Assumptions.assumeTrue(io.gan4j.sdk.data.FashionMnist.isInstalled(), "fashion-mnist not installed");
    Path run = dir.resolve("csagan");
    CliTest.Outcome train = CliTest.run("train", "--model", "sagan", "--data", "fashion-mnist", "--steps", "3", "--batch", "16",
        "--g-widths", "32,16,8,8", "--d-widths", "8,16,16", "--attention", "none", "--out", run.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    Path out = dir.resolve("probe");
    CliTest.Outcome o = CliTest.run("probe", "--run", run.toString(), "--n-per-class", "8", "--seed", "2", "--out", out.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("gan4j probe: step 3, mean over 10 classes").contains("wrong class: logit change real ")
        .contains("gan4j: wrote " + out.resolve("probe.json"));
    JsonNode j = new ObjectMapper().readTree(out.resolve("probe.json").toFile());
    assertThat(fieldNames(j)).containsExactly("run", "step", "generator", "classes", "samples_per_class", "seed", "features", "real", "z",
        "g_uses_z", "projection", "embeddings", "checks");
    assertThat(j.get("step").asLong()).isEqualTo(3);
    assertThat(j.get("classes").asInt()).isEqualTo(10);
    assertThat(j.get("samples_per_class").asInt()).isEqualTo(8);
    JsonNode usesZ = j.get("g_uses_z");
    assertThat(fieldNames(usesZ)).containsExactly("per_class", "overall", "pooled");
    assertThat(usesZ.get("per_class")).hasSize(10);
    for (int k = 0; k < 10; k++) {
      JsonNode c = usesZ.get("per_class").get(k);
      assertThat(c.get("class").asInt()).isEqualTo(k);
      assertSpread(c);
      // Real Fashion-MNIST images of one class vary: a pixel std of 0 would mean identical images.
      assertThat(c.get("pixel_std_real").asDouble()).isBetween(0.05, 1.0);
    }
    assertSpread(usesZ.get("overall"));
    assertSpread(usesZ.get("pooled"));
    for (String who : List.of("real", "generated")) {
      JsonNode p = j.get("projection").get(who);
      assertThat(fieldNames(p)).containsExactly("logit_mean", "logit_std", "unconditional_mean", "unconditional_std", "projection_mean",
          "projection_std", "unconditional_variance_share", "projection_variance_share", "unconditional_r2", "projection_r2",
          "projection_abs_over_unconditional_abs");
      p.fields().forEachRemaining(e -> assertThat(Double.isFinite(e.getValue().asDouble())).as(who + "." + e.getKey()).isTrue());
      // By linearity: mean(logit) = mean(ψ) + mean(projection); the two variance shares cov(part, logit)/var(logit) sum to 1.
      assertThat(p.get("logit_mean").asDouble())
          .isCloseTo(p.get("unconditional_mean").asDouble() + p.get("projection_mean").asDouble(), within(1e-5));
      assertThat(p.get("unconditional_variance_share").asDouble() + p.get("projection_variance_share").asDouble())
          .isCloseTo(1.0, within(1e-6));
      assertThat(p.get("unconditional_r2").asDouble()).isBetween(0.0, 1.0 + 1e-9);
      assertThat(p.get("projection_r2").asDouble()).isBetween(0.0, 1.0 + 1e-9);
      assertThat(p.get("logit_std").asDouble()).isPositive();
    }
    JsonNode wrong = j.get("projection").get("wrong_class");
    for (String who : List.of("real", "generated")) {
      assertThat(Double.isFinite(wrong.get(who + "_logit_change_mean").asDouble())).isTrue();
      assertThat(wrong.get(who + "_logit_change_std").asDouble()).isGreaterThanOrEqualTo(0);
      assertThat(wrong.get(who + "_true_class_argmax_accuracy").asDouble()).isBetween(0.0, 1.0);
    }
    // ψ(φ(x)) + ⟨embed(y), φ(x)⟩ from Discriminator.apply equals the logit of D as the trainer builds it (judge), ψ does not
    // depend on y, and a wrong label changes the logit by exactly the change of the projection.
    for (String table : List.of("d_projection", "g_shared")) {
      JsonNode e = j.get("embeddings").get(table);
      assertThat(e.get("classes").asInt()).isEqualTo(10);
      assertThat(e.get("mean_pairwise_cosine").asDouble()).isBetween(e.get("min_pairwise_cosine").asDouble(), 1.0);
      assertThat(e.get("min_pairwise_cosine").asDouble()).isBetween(-1.0, 1.0);
      assertThat(e.get("common_fraction").asDouble()).isBetween(0.0, 1.0 + 1e-9);
      // Three steps of Adam at lr ≤ 4e-4 from the run's own initial value: a small, non-zero change.
      assertThat(e.get("relative_change_from_init").asDouble()).isGreaterThan(0).isLessThan(0.5);
    }
    assertThat(j.get("embeddings").get("g_shared").get("variable").asText()).isEqualTo("G_embed_w_ema"); // sagan keeps an EMA
    assertThat(j.get("embeddings").get("d_projection").get("dim").asInt()).isEqualTo(16); // D's last width
    JsonNode checks = j.get("checks");
    assertThat(checks.get("parts_sum_max_abs_error").asDouble()).isLessThanOrEqualTo(1e-5);
    assertThat(checks.get("unconditional_part_label_change_max_abs").asDouble()).isLessThanOrEqualTo(1e-5);
    assertThat(checks.get("wrong_class_change_minus_projection_change_max_abs").asDouble()).isLessThanOrEqualTo(1e-5);
    // One row of 10 images (32×32 at scale 2, 2-pixel gaps) per class.
    java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(out.resolve("interpolation.png").toFile());
    assertThat(png.getWidth()).isEqualTo(10 * (64 + 2) + 2);
    assertThat(png.getHeight()).isEqualTo(10 * (64 + 2) + 2);

    CliTest.Outcome one = CliTest.run("probe", "--run", run.toString(), "--n-per-class", "1", "--out", out.toString());
    assertThat(one.exit()).isEqualTo(1);
    assertThat(one.err()).contains("gan4j: error: --n-per-class must be >= 2 (a spread needs two samples), got 1\n");
  }

  @Test
  void unconditionalRunGetsTheUnconditionalPartsOnly() throws IOException {
    Assumptions.assumeTrue(io.gan4j.sdk.data.FashionMnist.isInstalled(), "fashion-mnist not installed");
    Path run = dir.resolve("dcgan");
    CliTest.Outcome train = CliTest.run("train", "--model", "dcgan", "--data", "fashion-mnist", "--steps", "2", "--batch", "8",
        "--out", run.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    CliTest.Outcome o = CliTest.run("probe", "--run", run.toString(), "--n-per-class", "3");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("gan4j probe: step 2, unconditional")
        .contains("gan4j probe: unconditional run: class-specific parts (per class, projection, wrong class) skipped");
    JsonNode j = new ObjectMapper().readTree(run.resolve("probe/probe.json").toFile());
    assertThat(j.get("classes").asInt()).isZero();
    assertThat(j.get("samples_per_class").asInt()).isEqualTo(30);
    assertThat(j.has("projection")).isFalse();
    assertThat(j.get("notes").get(0).asText()).startsWith("unconditional run: no per-class parts");
    assertThat(fieldNames(j.get("g_uses_z"))).containsExactly("pooled");
    assertSpread(j.get("g_uses_z").get("pooled"));
    assertThat(javax.imageio.ImageIO.read(run.resolve("probe/interpolation.png").toFile()).getHeight()).isEqualTo(10 * 66 + 2);

    Path points = dir.resolve("ring");
    assertThat(CliTest.run("train", "--model", "mlp", "--data", "ring8", "--steps", "2", "--out", points.toString()).exit()).isZero();
    CliTest.Outcome bad = CliTest.run("probe", "--run", points.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.err().lines().filter(l -> l.startsWith("gan4j: error:")).toList())
        .containsExactly("gan4j: error: probe needs an image run; " + points + " generates points of shape [2]");
  }

  private static void assertSpread(JsonNode s) {
    assertThat(fieldNames(s)).containsAll(SPREAD_KEYS);
    for (String key : SPREAD_KEYS) {
      double v = s.get(key).asDouble();
      assertThat(Double.isFinite(v)).as(key).isTrue();
      assertThat(v).as(key).isGreaterThanOrEqualTo(0);
    }
    assertThat(s.get("pixel_std_gen").asDouble()).isLessThanOrEqualTo(1.0); // images in [−1, 1]
    assertThat(s.get("pixel_std_ratio").asDouble())
        .isCloseTo(s.get("pixel_std_gen").asDouble() / s.get("pixel_std_real").asDouble(), within(1e-9));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
