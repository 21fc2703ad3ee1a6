package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gan4j train --model csgan} on tiny image folders (unpaired {@code --data-a/--data-b}, and
 * {@code --data DIR --paired}), then {@code translate} and {@code eval} on the run, and the one-line
 * answer of every command that samples a single generator. The recipe's networks at 8 and 12 px
 * train 2 steps in about 10 s here; 8 images a domain because the sample grid shows 8 pairs.
 */
class TranslationCliTest {
  @TempDir Path dir;

  /** {@code n} grey {@code side}×{@code side} noise PNGs {@code 0.png ...} in {@code folder}; {@code invert} writes 255 − v of the same noise. */
  static void noisePngs(Path folder, int n, int side, long seed, boolean invert) throws Exception {
    Files.createDirectories(folder);
    Random random = new Random(seed);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < side * side; p++) {
        int v = random.nextInt(256);
        img.getRaster().setSample(p % side, p / side, 0, invert ? 255 - v : v);
      }
      ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
    }
  }

  private static void assertOneLineError(CliTest.Outcome o, String line) {
    assertThat(o.exit()).as(o.err()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(o.err()).isEqualTo("gan4j: error: " + line + "\n");
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aDomainSmallerThanTheSampleGridIsRefusedWithOneLine() throws Exception {
    noisePngs(dir.resolve("a"), 5, 8, 1, false);
    noisePngs(dir.resolve("b"), 8, 8, 2, false);
    CliTest.Outcome t = CliTest.run("train", "--model", "csgan", "--data-a", dir.resolve("a").toString(), "--data-b",
        dir.resolve("b").toString(), "--steps", "2", "--out", dir.resolve("run").toString());
    assertThat(t.exit()).as(t.err()).isEqualTo(Main.EXIT_FAILURE);
    assertThat(t.err()).startsWith("gan4j: error: the sample grid shows 8 training pairs, so each domain needs at least 8 images "
        + "(batch size must be in [1, 5] for ").endsWith(" (5 images), got 8)\n").hasLineCount(1);
  }

  @Test
  void unpairedFoldersTrainTranslateAndEveryGeneratorCommandPointsToTranslate() throws Exception {
    noisePngs(dir.resolve("a"), 8, 8, 1, false);
    noisePngs(dir.resolve("b"), 8, 8, 2, false);
    Path run = dir.resolve("run");
    CliTest.Outcome t = CliTest.run("train", "--model", "csgan", "--data-a", dir.resolve("a").toString(), "--data-b",
        dir.resolve("b").toString(), "--steps", "2", "--out", run.toString());
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).contains("gan4j: translation data a-b: 8 A images [8, 8, 1], 8 B images [8, 8, 1], unpaired")
        .contains("gan4j: done: 2 steps in");
    assertThat(names(run)).containsExactly("checkpoints", "config.json", "events", "model", "samples.png", "summary.json");
    assertThat(names(run.resolve("checkpoints"))).containsExactly("step-00000002");
    assertThat(names(run.resolve("model"))).containsExactly("ab", "ba");
    assertThat(run.resolve("model/ab/saved_model.pb")).exists();
    assertThat(run.resolve("model/ba/assets.extra/gan4j.json")).content().contains("\"direction\" : \"ba\"");
    assertThat(run.resolve("config.json")).content().contains("\"data\" : \"unpaired:" + dir.resolve("a").toAbsolutePath().normalize());
    BufferedImage grid = ImageIO.read(run.resolve("samples.png").toFile());
    assertThat(grid.getWidth()).isEqualTo(8 * (2 * 8 + 2) + 2); // 8 pairs at scale 2, 2-pixel gaps
    assertThat(grid.getHeight()).isEqualTo(6 * (2 * 8 + 2) + 2); // A, G_AB(A), cycle, B, G_BA(B), cycle

    Path out = dir.resolve("translated");
    CliTest.Outcome tr = CliTest.run("translate", "--run", run.toString(), "--in", dir.resolve("a").toString(), "--out", out.toString());
    assertThat(tr.exit()).as(tr.err()).isZero();
    assertThat(tr.out()).isEqualTo("gan4j: translated 8 image(s) ab with G_AB of " + run + " (step 2) -> " + out + "\n");
    assertThat(names(out)).containsExactly("0.png", "1.png", "2.png", "3.png", "4.png", "5.png", "6.png", "7.png");
    BufferedImage first = ImageIO.read(out.resolve("0.png").toFile());
    assertThat(first.getWidth()).isEqualTo(8);
    assertThat(first.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    assertOneLineError(CliTest.run("translate", "--run", run.toString(), "--in", dir.resolve("a").toString(), "--out", out.toString(),
        "--direction", "xy"), "direction must be ab (A to B) or ba (B to A), got 'xy'");
    assertOneLineError(CliTest.run("eval", "--run", run.toString()), run + " trained on unpaired:" + dir.resolve("a").toAbsolutePath().normalize()
        + "|" + dir.resolve("b").toAbsolutePath().normalize() + ", which has no paired test split (fmnist-edges, or paired:DIR/train with a sibling DIR/test)");

    // every command that samples one generator says what the run is and which command takes it
    String use = ", which `gan4j %s` does not take; use `gan4j translate --run " + run + " --in IMAGES --out DIR --direction ab|ba`"
        + " (and `gan4j eval --run " + run + "` for its scores)";
    String is = run + " is a csgan run (image-to-image translation: two generators, A to B and B to A, no z to sample)";
    assertOneLineError(CliTest.run("sample", "--run", run.toString(), "--out", dir.resolve("s.png").toString()), is + use.formatted("sample"));
    assertOneLineError(CliTest.run("probe", "--run", run.toString()), is + use.formatted("probe"));
    assertOneLineError(CliTest.run("truncation", "--run", run.toString()), is + use.formatted("truncation"));
    assertOneLineError(CliTest.run("instances", "--run", run.toString()), is + use.formatted("instances"));
    assertOneLineError(CliTest.run("attention", "--run", run.toString(), "--out", dir.resolve("x.png").toString()), is + use.formatted("attention"));
    assertOneLineError(CliTest.run("unet-map", "--run", run.toString(), "--out", dir.resolve("x.png").toString()), is + use.formatted("unet-map"));
    assertOneLineError(CliTest.run("calibrate", "--run", run.toString()), is + use.formatted("calibrate --run"));
    assertThat(dir.resolve("s.png")).doesNotExist();
    assertThat(run.resolve("probe")).doesNotExist();
  }

  @Test
  void aPairedFolderTrainsTranslatesAFileAndScoresItsTestSplit() throws Exception {
    Path data = dir.resolve("pairs");
    noisePngs(data.resolve("train/A"), 8, 12, 3, false);
    noisePngs(data.resolve("train/B"), 8, 12, 3, true);
    noisePngs(data.resolve("test/A"), 4, 12, 4, false);
    noisePngs(data.resolve("test/B"), 4, 12, 4, true);
    Path run = dir.resolve("run");
    CliTest.Outcome t = CliTest.run("train", "--model", "csgan", "--data", data.resolve("train").toString(), "--paired", "--steps", "2",
        "--out", run.toString());
    assertThat(t.exit()).as(t.err()).isZero();
    assertThat(t.out()).contains("8 A images [12, 12, 1], 8 B images [12, 12, 1], paired");
    assertThat(names(run.resolve("checkpoints"))).containsExactly("step-00000002");
    assertThat(run.resolve("model/ab/saved_model.pb")).exists();
    assertThat(run.resolve("model/ba/saved_model.pb")).exists();

    Path out = dir.resolve("translated");
    CliTest.Outcome tr = CliTest.run("translate", "--run", run.toString(), "--in", data.resolve("test/B/2.png").toString(), "--out",
        out.toString(), "--direction", "ba");
    assertThat(tr.exit()).as(tr.err()).isZero();
    assertThat(tr.out()).isEqualTo("gan4j: translated 1 image(s) ba with G_BA of " + run + " (step 2) -> " + out + "\n");
    assertThat(names(out)).containsExactly("2.png");
    assertThat(ImageIO.read(out.resolve("2.png").toFile()).getHeight()).isEqualTo(12);

    CliTest.Outcome e = CliTest.run("eval", "--run", run.toString());
    assertThat(e.exit()).as(e.err()).isZero();
    assertThat(e.out()).contains("gan4j eval: " + run + " (step 2) on the first 4 of 4 test pairs of ").contains("gan4j: wrote "
        + run.resolve("eval.json"));
    JsonNode json = new ObjectMapper().readTree(run.resolve("eval.json").toFile());
    assertThat(json.fieldNames()).toIterable().containsExactly("run", "model", "step", "test", "features", "n", "ab", "ba", "seconds");
    assertThat(json.get("model").asText()).isEqualTo("csgan");
    assertThat(json.get("step").asInt()).isEqualTo(2);
    assertThat(json.get("n").asInt()).isEqualTo(4);
    for (String d : List.of("ab", "ba")) {
      assertThat(json.get(d).fieldNames()).toIterable().containsExactly("l1", "psnr", "ssim", "fid");
      assertThat(json.get(d).get("l1").asDouble()).isBetween(0.0, 2.0);
      assertThat(json.get(d).get("ssim").asDouble()).isBetween(-1.0, 1.0);
      assertThat(Double.isFinite(json.get(d).get("fid").asDouble())).isTrue();
    }
    assertOneLineError(CliTest.run("eval", "--run", run.toString(), "--n", "5"), "--n must be in [1, 4] (the test pairs), got 5");
  }
}
