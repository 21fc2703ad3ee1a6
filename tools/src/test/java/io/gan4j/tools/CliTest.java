package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input gets one clear line on stderr and a non-zero exit, never a stack trace. */
class CliTest {
  @TempDir Path dir;

  record Outcome(int exit, String out, String err) {}

  static synchronized Outcome run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }

  private static void assertOneLineError(Outcome o, int exit, String line) {
    assertThat(o.exit()).isEqualTo(exit);
    assertThat(o.err().lines().filter(l -> l.startsWith("gan4j: error:")).toList()).containsExactly(line);
    assertThat(o.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void dryRunCountsParametersAndWritesNothing() {
    Path out = dir.resolve("dry");
    Outcome o = run("train", "--model", "mlp", "--data", "ring8", "--dry-run", "--out", out.toString());
    assertThat(o.exit()).isZero();
    // By hand. G: 16→256→256→256→2 with biases = 4,352 + 65,792 + 65,792 + 514. D judges packs of 2
    // points (4 inputs): 1,280 + 65,792 + 65,792 + 257. State: Adam's m and v per parameter, two β
    // powers per player, and the moving average of G: 2·(136,450 + 133,121) + 4 + 136,450.
    assertThat(o.out()).contains("generator           136,450 parameters")
        .contains("discriminator       133,121 parameters").contains("state               675,596 values")
        .contains("objective      non-saturating\n").contains("1 D step(s) per G step, 1 step variant(s)");
    assertThat(out).doesNotExist();
    Outcome mixed = run("train", "--model", "unetgan", "--data", "shapes", "--dry-run", "--out", out.toString());
    assertThat(mixed.out()).contains("objective      hinge + [UNetPixelLoss[], UNetCutMix[mixing=MixingConfig[method=cutmix")
        .contains("2 step variant(s)");
    // --gp / --r1 replace the recipe's term of their kind, add one, or (0) remove it.
    assertThat(run("train", "--model", "wgan-gp", "--data", "ring8", "--gp", "0.1", "--r1", "2", "--dry-run").out())
        .contains("objective      wasserstein + [GradientPenalty[lambda=0.1], R1Penalty[gamma=2.0]]\n");
    assertThat(run("train", "--model", "wgan-gp", "--data", "ring8", "--gp", "0", "--dry-run").out()).contains("objective      wasserstein\n");
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--r1", "-1", "--dry-run"), 1, "gan4j: error: --r1 must be >= 0, got -1.0");
    // --conditioning: ac/adc drop D's projection and add their classifier term; projection+adc keeps it.
    Outcome adc = run("train", "--model", "sagan", "--data", "shapes", "--conditioning", "adc", "--dry-run");
    assertThat(adc.out()).contains("objective      hinge + [AuxiliaryDiscriminativeClassifier[lambda=1.0]]\n")
        .contains("bn=false, sn=true, attention=[16]}"); // D without classes: no projection
    assertThat(run("train", "--model", "sagan", "--data", "shapes", "--conditioning", "projection+adc", "--cond-lambda", "0.5",
        "--dry-run").out()).contains("[AuxiliaryDiscriminativeClassifier[lambda=0.5]]").contains("bn=false, sn=true, classes=3");
    assertThat(run("train", "--model", "sagan", "--data", "shapes", "--conditioning", "ac", "--dry-run").out())
        .contains("[AuxiliaryClassifier[lambda=1.0]]");
    assertOneLineError(run("train", "--model", "dcgan", "--data", "shapes", "--conditioning", "ac", "--dry-run"), 1,
        "gan4j: error: --conditioning needs a conditional model (classes > 0); dcgan on shapes is unconditional");
    assertOneLineError(run("train", "--model", "sagan", "--data", "shapes", "--conditioning", "tac", "--dry-run"), 1,
        "gan4j: error: --conditioning must be projection, ac, adc or projection+adc, got 'tac'");
    assertOneLineError(run("train", "--model", "sagan", "--data", "shapes", "--cond-lambda", "2", "--dry-run"), 1,
        "gan4j: error: --cond-lambda weighs the classifier of --conditioning ac, adc or projection+adc");
  }

  @Test
  void snGEmbeddingOffDropsTheSpectralNormStateOfGsClassEmbedding() {
    Outcome on = run("train", "--model", "sagan", "--data", "shapes", "--dry-run");
    Outcome off = run("train", "--model", "sagan", "--data", "shapes", "--sn-g-embedding", "off", "--dry-run");
    assertThat(off.exit()).as(off.err()).isZero();
    assertThat(on.out()).doesNotContain("embedding without sn");
    assertThat(off.out()).contains("classes=3, attention=[16], embedding without sn}");
    // The only state that goes is the embedding's power-iteration vector u [1, 128] (SN state is never averaged by EMA).
    assertThat(stateValues(on) - stateValues(off)).isEqualTo(128);
    assertThat(stateValues(run("train", "--model", "sagan", "--data", "shapes", "--sn-g-embedding", "on", "--dry-run")))
        .isEqualTo(stateValues(on));
    assertOneLineError(run("train", "--model", "sagan", "--data", "shapes", "--sn-g-embedding", "false", "--dry-run"), 1,
        "gan4j: error: --sn-g-embedding must be on or off, got 'false'");
    assertOneLineError(run("train", "--model", "dcgan", "--data", "shapes", "--sn-g-embedding", "off", "--dry-run"), 1,
        "gan4j: error: --sn-g-embedding needs a conditional sagan-style model (classes > 0); dcgan on shapes has no class embedding in G");
    assertOneLineError(run("train", "--model", "sagan", "--data", "shapes", "--sn-g", "false", "--sn-g-embedding", "on", "--dry-run"), 1,
        "gan4j: error: --sn-g-embedding on needs spectral norm in G (the embedding follows --sn-g)");
    assertOneLineError(run("train", "--model", "biggan", "--data", "shapes", "--sn-g-embedding", "off", "--dry-run"), 1,
        "gan4j: error: --model biggan builds its own networks (BigGanGenerator); --attention, --sn-g, --sn-g-embedding, --sn-d,"
            + " --g-widths and --d-widths apply to the GeneratorSpec/DiscriminatorSpec recipes");
  }

  private static long stateValues(Outcome dryRun) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("state +([0-9,]+) values").matcher(dryRun.out());
    assertThat(m.find()).as(dryRun.out()).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  @Test
  void badStepOptions() {
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--optimizer", "sgd", "--out", dir.resolve("r").toString()),
        1, "gan4j: error: --optimizer must be adam or rmsprop, got 'sgd'");
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--clip-d", "-1", "--out", dir.resolve("r").toString()),
        1, "gan4j: error: clip-d must be >= 0 (0 = off), got -1.0");
    assertOneLineError(run("train", "--model", "dcgan", "--data", "shapes", "--image-every", "0", "--out", dir.resolve("r").toString()),
        1, "gan4j: error: --image-every must be >= 1, got 0");
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--image-every", "5", "--out", dir.resolve("r").toString()),
        1, "gan4j: error: --image-every needs image data, ring8 has points");
  }

  @Test
  void aFolderWithABadImageIsRefusedInOneLineOrSkippedOnRequest() throws IOException {
    Path folder = dir.resolve("pictures");
    Files.createDirectories(folder.resolve("cats"));
    for (int i = 0; i < 3; i++) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB);
      javax.imageio.ImageIO.write(img, "png", folder.resolve("cats/" + i + ".png").toFile());
    }
    Files.write(folder.resolve("cats/empty.png"), new byte[0]);
    Path out = dir.resolve("r");
    assertOneLineError(run("train", "--model", "dcgan", "--data", folder.toString(), "--image-size", "32", "--out", out.toString()),
        1, "gan4j: error: " + folder.toAbsolutePath().normalize().resolve("cats/empty.png")
            + ": empty file (0 bytes); --skip-bad-images trains on the other images");
    Outcome skipped = run("train", "--model", "dcgan", "--data", folder.toString(), "--image-size", "32", "--skip-bad-images",
        "--batch", "2", "--dry-run", "--out", out.toString());
    assertThat(skipped.exit()).isZero();
    assertThat(skipped.out()).contains(": 3 images, 1 class from subfolders\n").contains("  bad files: 1 (skipped)\n")
        .contains("  to 32x32x3: crop the centred square, resample to 32x32 (fit crop; antialiased bilinear)\n")
        .contains("dry run of dcgan on pictures");
    assertOneLineError(run("train", "--model", "dcgan", "--data", folder.toString(), "--fit", "squash", "--out", out.toString()),
        1, "gan4j: error: unknown fit 'squash'; expected one of crop, pad, stretch, center");
    assertOneLineError(run("train", "--model", "dcgan", "--data", folder.toString(), "--data-memory", "lots", "--out", out.toString()),
        1, "gan4j: error: --data-memory takes a size such as 512m, 2g or 0, got 'lots'");
  }

  @Test
  void aStreamedFileThatPassesTheHeaderChecksButDoesNotDecodeEndsTrainingInOneLine() throws IOException {
    Path folder = dir.resolve("broken");
    Files.createDirectories(folder);
    byte[] png = null;
    for (int i = 0; i < 4; i++) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
      javax.imageio.ImageIO.write(img, "png", folder.resolve(i + ".png").toFile());
      png = Files.readAllBytes(folder.resolve(i + ".png"));
    }
    // Junk in IDAT with a correct CRC: the scan cannot see it, the decode can.
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(png);
    for (int pos = 8; pos < png.length; pos += 12 + b.getInt(pos)) {
      if (new String(png, pos + 4, 4, StandardCharsets.ISO_8859_1).equals("IDAT")) {
        int length = b.getInt(pos);
        java.util.Arrays.fill(png, pos + 8, pos + 8 + length, (byte) 0x5a);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, pos + 4, length + 4);
        b.putInt(pos + 8 + length, (int) crc.getValue());
        break;
      }
    }
    Files.write(folder.resolve("3.png"), png);
    assertOneLineError(run("train", "--model", "dcgan", "--data", folder.toString(), "--data-memory", "0", "--batch", "4",
        "--steps", "2", "--out", dir.resolve("r").toString()), 1,
        "gan4j: error: an image failed to decode while training (Invalid PNG data, size " + png.length
            + "); `gan4j data --check DIR` names the file; checkpoints written so far are intact");
  }

  @Test
  void dataExportWritesAFolderThatChecksCleanAndCheckListsEveryBadFile() throws IOException {
    Path out = dir.resolve("shapes-png");
    Outcome export = run("data", "--export", "shapes", "--count", "30", "--out", out.toString());
    assertThat(export.exit()).isZero();
    assertThat(export.out()).isEqualTo("wrote 30 PNG files to " + out + "\n");
    Outcome clean = run("data", "--check", out.toString());
    assertThat(clean.exit()).isZero();
    assertThat(clean.out()).contains(": 30 images, 3 classes from subfolders\n").contains("  bad files: none\n").contains(": all good\n");
    Path circles = out.resolve("0-circle");
    Files.write(circles.resolve("zero.png"), new byte[0]);
    Files.writeString(circles.resolve("note.jpg"), "not a picture");
    Outcome bad = run("data", "--check", out.toString());
    assertThat(bad.exit()).isEqualTo(1);
    assertThat(bad.out()).contains(": 2 bad\n")
        .contains("\n  " + circles.toAbsolutePath().normalize().resolve("note.jpg") + ": not an image: starts with bytes 6E6F742061207069, no PNG, JPEG, GIF or BMP signature\n")
        .contains("\n  " + circles.toAbsolutePath().normalize().resolve("zero.png") + ": empty file (0 bytes)\n");
    assertOneLineError(run("data", "--export", "shapes", "--count", "3", "--out", out.toString()), 1,
        "gan4j: error: " + out + ": already exists and is not empty; export into a new folder");
  }

  @Test
  void truncationScoresEachThresholdAndWritesTableCurveAndGrids() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.gan4j.sdk.data.FashionMnist.isInstalled(), "fashion-mnist not installed");
    Path run = dir.resolve("tiny");
    assertThat(run("train", "--model", "dcgan", "--data", "fashion-mnist", "--steps", "2", "--batch", "8", "--out", run.toString()).exit())
        .isZero();
    assertOneLineError(run("truncation", "--run", run.toString(), "--thresholds", "-1"), 1,
        "gan4j: error: --thresholds must be > 0 (0, no truncation, is always included), got -1.0");
    Outcome o = run("truncation", "--run", run.toString(), "--thresholds", "1,0.5", "--n", "20");
    assertThat(o.exit()).isZero();
    assertThat(o.out()).contains("| none | ").contains("| 1.0 | ").contains("| 0.5 | ");
    Path out = run.resolve("truncation");
    assertThat(out.resolve("truncation.png")).isRegularFile();
    assertThat(out.resolve("samples-none.png")).isRegularFile();
    assertThat(out.resolve("samples-0.5.png")).isRegularFile();
    assertThat(Files.readString(out.resolve("truncation.md")).lines().count()).isEqualTo(2 + 3);
    assertThat(Files.readString(out.resolve("truncation.json"))).contains("\"threshold\" : 0.5").contains("\"fid\"");
  }

  @Test
  void batchZero() {
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--batch", "0", "--out", dir.resolve("r").toString()),
        1, "gan4j: error: batch must be >= 1, got 0");
  }

  @Test
  void unknownModelAndLoss() {
    assertOneLineError(run("train", "--model", "stylegan"), 1,
        "gan4j: error: unknown model 'stylegan'; expected one of dcgan, sngan, mlp, dcgan32, sagan, unetgan, sagan32, wgan, wgan-gp, "
            + "biggan, biggan-deep, logan, icgan, csgan, cyclegan");
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--loss", "bce"), 1,
        "gan4j: error: unknown loss 'bce'; expected one of minimax, non-saturating, hinge, wasserstein, least-squares");
  }

  @Test
  void widthsThatDoNotFitTheImage() {
    assertOneLineError(run("train", "--model", "sagan", "--g-widths", "128,64", "--out", dir.resolve("r").toString()), 1,
        "gan4j: error: GeneratorSpec: base 4 doubled 1 times (one per width after the first, widths=[128, 64]) gives 8x8, "
            + "but outputShape is 32x32");
  }

  @Test
  void benchProfileAndThreadOptions() {
    Outcome o = run("bench", "--model", "dcgan", "--steps", "1", "--warmup", "1", "--profile", "1", "--intra-op", "1", "--inter-op", "1",
        "--d-widths", "8,16,32");
    assertThat(o.exit()).isEqualTo(0);
    // The top 20 op types by time: convolutions lead on any CPU, whatever TensorFlow's rewrites call them.
    assertThat(o.out()).contains("intra-op 1, inter-op 1", "widths=[8, 16, 32]", "1 traced steps: wall", "| op type | ms/step | share | kernels/step |",
        "Conv2D", " other op types | ");
    assertOneLineError(run("bench", "--intra-op", "-2"), 1,
        "gan4j: error: thread counts must be >= 0 (0 = TensorFlow's default), got intra-op -2 and inter-op 0");
  }

  @Test
  void benchTimesATranslationModelOnFmnistEdgesAndRefusesGanOptions() {
    assertOneLineError(run("bench", "--model", "csgan", "--compare-streaming"), 1, "gan4j: error: --compare-streaming does not apply to"
        + " --model csgan: it times an image folder streamed from disk against the folder in memory, and translation data is held in memory");
    org.junit.jupiter.api.Assumptions.assumeTrue(io.gan4j.sdk.data.FashionMnist.isInstalled(), "Fashion-MNIST installed");
    Outcome o = run("bench", "--model", "csgan", "--data", "fmnist-edges", "--steps", "1", "--repeats", "1", "--warmup", "0");
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("csgan on fmnist-edges-train, batch 1");
    java.util.List<String> lines = o.out().lines().toList();
    assertThat(lines.get(lines.size() - 1)).matches("csgan steps/s=[0-9.]+");
  }

  @Test
  void bf16PrecisionReachesTheSessionOfBenchAndTrain() {
    Outcome o = run("bench", "--model", "dcgan", "--steps", "1", "--warmup", "1", "--profile", "1", "--precision", "bf16",
        "--g-widths", "32,16,8,8", "--d-widths", "8,16,32");
    assertThat(o.exit()).isEqualTo(0);
    assertThat(o.out()).contains("inter-op default, bf16").doesNotContain(" 0 kernels/step with a bfloat16 output");
    assertThat(o.out()).containsPattern("wall [0-9.]+ ms/step, kernels [0-9.]+ ms/step, [1-9][0-9]* kernels/step with a bfloat16 output");
    assertOneLineError(run("train", "--precision", "fp16", "--out", dir.resolve("p").toString()), 1,
        "gan4j: error: precision must be fp32 or bf16, got 'fp16'");
  }

  @Test
  void modelThatDoesNotFitTheData() {
    assertOneLineError(run("train", "--model", "dcgan", "--data", "ring8", "--out", dir.resolve("r").toString()), 1,
        "gan4j: error: model 'dcgan' is for images ([H, W, C]); this data has elements of shape [2] (use --model mlp)");
  }

  @Test
  void missingAndBadDataFiles() throws IOException {
    Path missing = dir.resolve("nothing-here");
    assertOneLineError(run("train", "--data", missing.toString()), 1, "gan4j: error: " + missing
        + ": no such file or directory (expected one of fashion-mnist, ring8, grid25, shapes, or a path to IDX data or an image folder)");

    Path wrongMagic = dir.resolve("wrong-magic-idx");
    Files.write(wrongMagic, idx(0x00000801, 2, 28, 28, 2 * 784));
    assertOneLineError(run("train", "--data", wrongMagic.toString()), 1, "gan4j: error: " + wrongMagic
        + ": wrong magic number 0x00000801; IDX images files start with 0x00000803");

    Path truncated = dir.resolve("truncated-idx");
    Files.write(truncated, idx(0x00000803, 2, 28, 28, 1000));
    assertOneLineError(run("train", "--data", truncated.toString()), 1, "gan4j: error: " + truncated
        + ": truncated IDX file: header promises 2 images of 28x28 (1,568 bytes) but the data ends after 1,000 bytes");

    Path mismatch = Files.createDirectories(dir.resolve("mismatch"));
    Files.write(mismatch.resolve("train-images-idx3-ubyte"), idx(0x00000803, 2, 28, 28, 2 * 784));
    ByteArrayOutputStream labels = new ByteArrayOutputStream();
    DataOutputStream l = new DataOutputStream(labels);
    l.writeInt(0x00000801);
    l.writeInt(3);
    l.write(new byte[] {1, 2, 3});
    Files.write(mismatch.resolve("train-labels-idx1-ubyte"), labels.toByteArray());
    assertOneLineError(run("train", "--data", mismatch.toString()), 1, "gan4j: error: "
        + mismatch.resolve("train-labels-idx1-ubyte") + ": 3 labels but train-images-idx3-ubyte has 2 images");

    Path unreadable = Files.createDirectories(dir.resolve("empty-dir"));
    assertOneLineError(run("train", "--data", unreadable.toString()), 1,
        "gan4j: error: " + unreadable
            + ": no images (PNG, JPEG, GIF or BMP) in this folder or its subfolders, and no IDX train-images-idx3-ubyte[.gz] file");
  }

  @Test
  void resumeWithoutCheckpoint() throws IOException {
    Path empty = Files.createDirectories(dir.resolve("empty"));
    assertOneLineError(run("train", "--resume", "--out", empty.toString()), 1,
        "gan4j: error: cannot resume: " + empty + " is not a gan4j run directory (no config.json)");
  }

  @Test
  void badOptionValueIsAUsageError() {
    Outcome o = run("train", "--batch", "many");
    assertThat(o.exit()).isEqualTo(2);
    assertThat(o.err()).startsWith("gan4j: error: Invalid value for option '--batch': 'many' is not an int");
  }

  @Test
  void trainThenSampleAndResume() throws IOException {
    Path run = dir.resolve("ring");
    Outcome train = run("train", "--model", "mlp", "--data", "ring8", "--steps", "30", "--out", run.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(train.out()).contains("gan4j: done: 30 steps").contains(run.resolve("summary.json").toString());
    Path csv = dir.resolve("s.csv");
    Outcome sample = run("sample", "--run", run.toString(), "--n", "10", "--seed", "3", "--out", csv.toString());
    assertThat(sample.exit()).as(sample.err()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(11).first().isEqualTo("x,y");
    assertOneLineError(run("sample", "--run", run.toString(), "--out", dir.resolve("s.png").toString()), 1,
        "gan4j: error: --out must end in .csv for the 2-D model of " + run + ", got " + dir.resolve("s.png"));
    Outcome resumed = run("train", "--resume", "--steps", "40", "--out", run.toString());
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("gan4j: done: 10 steps");
    assertOneLineError(run("train", "--resume", "--out", run.toString()), 1,
        "gan4j: error: " + run + " is already trained to 40 steps; resume it with more than 40 --steps to train further");
  }

  @Test
  void maxMinutesEndsTheRunNormallyAtTheStepPastTheBudget() throws IOException {
    Path run = dir.resolve("budget");
    Outcome train = run("train", "--model", "mlp", "--data", "ring8", "--steps", "1000000", "--max-minutes", "0.002",
        "--checkpoint-every", "100000", "--out", run.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile(
        "gan4j: stopped at the time budget \\(0\\.002 min of training\\) at step (\\d+) of 1000000\n").matcher(train.out());
    assertThat(m.find()).as(train.out()).isTrue();
    long step = Long.parseLong(m.group(1));
    assertThat(train.out()).contains("gan4j: done: " + step + " steps");
    assertThat(run.resolve(String.format("checkpoints/step-%08d", step))).exists();
    var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("summary.json").toFile());
    assertThat(summary.get("steps").asLong()).isEqualTo(step);
    assertThat(summary.get("time_budget_reached").asBoolean()).isTrue();
    assertThat(summary.get("training_minutes").asDouble()).isGreaterThanOrEqualTo(0.002);
    assertThat(run.resolve("samples.csv")).exists();
    // The budget is this invocation's: a resume trains on from the stop step for as long again.
    Outcome resumed = run("train", "--resume", "--max-minutes", "0.002", "--out", run.toString());
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).containsPattern("gan4j: stopped at the time budget \\(0\\.002 min of training\\) at step \\d+ of 1000000");
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("summary.json").toFile()).get("steps").asLong())
        .isGreaterThan(step);
  }

  @Test
  void timeOptionErrors() {
    Path out = dir.resolve("r");
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--max-minutes", "0", "--out", out.toString()), 1,
        "gan4j: error: --max-minutes must be a number of minutes > 0, got 0");
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--max-minutes", "-1.5", "--out", out.toString()), 1,
        "gan4j: error: --max-minutes must be a number of minutes > 0, got -1.5");
    assertOneLineError(run("train", "--model", "dcgan", "--eval-every", "10", "--eval-every-minutes", "5", "--out", out.toString()), 1,
        "gan4j: error: --eval-every and --eval-every-minutes exclude each other: score by steps or by minutes");
    assertOneLineError(run("train", "--model", "dcgan", "--eval-every-minutes", "0", "--out", out.toString()), 1,
        "gan4j: error: --eval-every-minutes must be a number of minutes > 0, got 0");
    assertOneLineError(run("train", "--model", "mlp", "--data", "ring8", "--eval-every-minutes", "1", "--out", out.toString()), 1,
        "gan4j: error: --eval-every-minutes needs 32x32x1 image data for the feature network, ring8 has [2]");
    assertThat(out).doesNotExist();
  }

  @Test
  void evalEveryMinutesScoresOnTrainingTimeUntilTheBudget() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.gan4j.sdk.data.FashionMnist.isInstalled(), "Fashion-MNIST installed");
    Path run = dir.resolve("timed");
    Outcome train = run("train", "--model", "dcgan", "--data", "fashion-mnist", "--steps", "1000000", "--batch", "16",
        "--max-minutes", "0.1", "--eval-every-minutes", "0.05", "--eval-n", "200", "--out", run.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    var summary = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("summary.json").toFile());
    long step = summary.get("steps").asLong();
    assertThat(train.out()).contains("gan4j: stopped at the time budget (0.1 min of training) at step " + step + " of 1000000");
    assertThat(run.resolve("model/saved_model.pb")).exists(); // exported as at a normal end
    var evaluations = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    java.util.List<Double> minutes = evaluations.findValues("minutes").stream().map(v -> v.asDouble()).toList();
    // At the first step past 0.05 min and at the budget's end, the stop step (the fake-clock TrainerTest pins
    // the steps; here TensorFlow's first step, its graph optimisation included, may take longer than both).
    assertThat(minutes).hasSizeBetween(1, 2).isSorted();
    assertThat(minutes.get(0)).isGreaterThanOrEqualTo(0.05);
    assertThat(minutes.get(minutes.size() - 1)).isGreaterThanOrEqualTo(0.1);
    assertThat(summary.get("training_minutes").asDouble()).isEqualTo(minutes.get(minutes.size() - 1));
    var end = evaluations.get(minutes.size() - 1);
    assertThat(end.get("step").asLong()).isEqualTo(step);
    assertThat(end.get("fid").asDouble()).isPositive();
  }

  @Test
  void metricsBetweenNpyFilesAndItsErrors() throws IOException {
    double[] a = new double[40 * 3];
    double[] b = new double[40 * 3];
    for (int i = 0; i < a.length; i++) {
      a[i] = Math.sin(i * 0.7);
      b[i] = Math.sin(i * 0.7) + 0.25;
    }
    Path fa = npy(dir.resolve("a.npy"), "40, 3", a);
    Path fb = npy(dir.resolve("b.npy"), "40, 3", b);
    Path json = dir.resolve("m.json");
    Outcome ok = run("metrics", "--a", fa.toString(), "--b", fb.toString(), "--kid-subset-size", "20", "--json", json.toString());
    assertThat(ok.exit()).as(ok.err()).isZero();
    assertThat(ok.out()).contains("FID").contains("KID").contains("precision");
    // A constant shift of 0.25 in each of 3 dims leaves the covariances equal: FID = 3 · 0.25².
    assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()).get("fid").asDouble())
        .isCloseTo(0.1875, org.assertj.core.data.Offset.offset(1e-9));
    assertOneLineError(run("metrics", "--a", fa.toString(), "--b", fb.toString()), 1,
        "gan4j: error: KID needs at least 1000 samples in each file (subset size), " + fa + " has 40 and " + fb
            + " has 40; pass a smaller --kid-subset-size");
    Path narrow = npy(dir.resolve("c.npy"), "40, 2", new double[80]);
    assertOneLineError(run("metrics", "--a", fa.toString(), "--b", narrow.toString(), "--kid-subset-size", "20"), 1,
        "gan4j: error: feature dimensions differ: " + fa + " has 3, " + narrow + " has 2 (both must come from the same feature network)");
    Path vector = npy(dir.resolve("v.npy"), "40,", new double[40]);
    assertOneLineError(run("metrics", "--a", fa.toString(), "--b", vector.toString()), 1,
        "gan4j: error: " + vector + ": features must be a 2-D array [N, d], got shape (40)");
  }

  @Test
  void evalExportAndTheirErrors() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.gan4j.sdk.data.FashionMnist.isInstalled(), "Fashion-MNIST installed");
    Path run = dir.resolve("tiny");
    Outcome train = run("train", "--model", "dcgan", "--data", "fashion-mnist", "--steps", "4", "--batch", "16",
        "--eval-every", "3", "--eval-n", "200", "--out", run.toString());
    assertThat(train.exit()).as(train.err()).isZero();
    assertThat(run.resolve("model/saved_model.pb")).exists(); // train exports at the end
    var evaluations = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("metrics.json").toFile());
    assertThat(evaluations.findValues("step").stream().map(v -> v.asLong()).toList()).containsExactly(3L, 4L);
    assertThat(evaluations.get(1).get("fid").asDouble()).isPositive();
    assertThat(evaluations.get(1).has("kid")).isTrue();
    assertThat(evaluations.get(1).get("d_loss").isNumber()).isTrue();
    assertThat(train.out()).contains("gan4j: step 4: fid ");
    assertThat(javax.imageio.ImageIO.read(run.resolve("metrics.png").toFile()).getWidth()).isEqualTo(640); // FID and D's loss vs step
    Path json = dir.resolve("eval.json");
    Outcome eval = run("eval", "--run", run.toString(), "--n", "200", "--kid-subset-size", "100", "--kid-subsets", "5",
        "--json", json.toString());
    assertThat(eval.exit()).as(eval.err()).isZero();
    assertThat(eval.out()).contains("FID").contains("KID").contains("IS").contains("precision").contains("intra-FID");
    var fromRun = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    Outcome evalModel = run("eval", "--model", run.resolve("model").toString(), "--n", "200", "--kid-subset-size", "100",
        "--kid-subsets", "5", "--json", json.toString());
    assertThat(evalModel.exit()).as(evalModel.err()).isZero();
    var fromModel = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    // The exported model draws the same z for a seed and computes the same images: the same FID.
    assertThat(fromModel.get("fid").asDouble()).isCloseTo(fromRun.get("fid").asDouble(),
        org.assertj.core.data.Offset.offset(1e-3));

    assertOneLineError(run("eval", "--run", run.toString(), "--n", "500"), 1,
        "gan4j: error: KID needs at least 1000 samples per set (its subset size), got 500 real and 500 generated;"
            + " use more samples or a smaller KID subset size");
    assertOneLineError(run("eval", "--run", run.toString(), "--metrics", "fid,lpips"), 1,
        "gan4j: error: unknown metric 'lpips'; choose from fid, kid, is, pr, intra-fid");
    Path model = run.resolve("model");
    assertOneLineError(run("eval", "--run", run.toString(), "--n", "100", "--metrics", "fid", "--features", model.toString()),
        1, "gan4j: error: " + model + ": signature 'serving_default' has no 'features' output (outputs: [images])");
    assertOneLineError(run("eval", "--model", dir.toString(), "--n", "100", "--metrics", "fid"), 1,
        "gan4j: error: " + dir + " is not a SavedModel directory (no saved_model.pb)");
    assertOneLineError(run("attention", "--run", run.toString(), "--out", dir.resolve("a.png").toString()), 1,
        "gan4j: error: " + run + ": this generator has no self-attention block (train sagan, or pass --attention)");
    assertOneLineError(run("sample", "--run", run.toString(), "--label", "3", "--out", dir.resolve("s.png").toString()), 1,
        "gan4j: error: this generator is unconditional; it takes no class label");
    Path exported = dir.resolve("exported");
    Outcome export = run("export", "--run", run.toString(), "--out", exported.toString());
    assertThat(export.exit()).as(export.err()).isZero();
    assertThat(export.out()).contains("gan4j: exported the generator of " + run + " (step 4) to " + exported);
  }

  @Test
  void evalScoresSamplesSavedByAnyFramework() throws IOException {
    org.junit.jupiter.api.Assumptions.assumeTrue(io.gan4j.sdk.data.FashionMnist.isInstalled(), "Fashion-MNIST installed");
    var test = io.gan4j.sdk.data.FashionMnist.loadTest(Path.of("/usr/share/datasets/fashion-mnist"));
    int n = 300;
    int per = 32 * 32;
    byte[] pixels = java.util.Arrays.copyOf(test.pixels(), n * per);
    int[] y = java.util.Arrays.copyOf(test.labels().orElseThrow(), n);
    int[] wrong = java.util.Arrays.stream(y).map(v -> (v + 1) % 10).toArray();
    Path bytes = rawNpy(dir.resolve("u8.npy"), "|u1", n + ", 32, 32, 1", pixels);
    java.nio.ByteBuffer f = java.nio.ByteBuffer.allocate(n * per * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (float v : test.toFloats(0, n)) {
      f.putFloat(v);
    }
    Path floats = rawNpy(dir.resolve("f4.npy"), "<f4", n + ", 32, 32, 1", f.array());
    java.nio.ByteBuffer l = java.nio.ByteBuffer.allocate(n * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    java.nio.ByteBuffer lw = java.nio.ByteBuffer.allocate(n * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      l.putLong(y[i]);
      lw.putLong(wrong[i]);
    }
    Path labels = rawNpy(dir.resolve("y.npy"), "<i8", n + ",", l.array());
    Path wrongLabels = rawNpy(dir.resolve("w.npy"), "<i8", n + ",", lw.array());
    String[] common = {"--metrics", "fid,pr,intra-fid", "--kid-subset-size", "100"};
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Outcome u8 = run(concat(new String[] {"eval", "--images", bytes.toString(), "--labels", labels.toString(), "--json",
        dir.resolve("u8.json").toString()}, common));
    assertThat(u8.exit()).as(u8.err()).isZero();
    var a = json.readTree(dir.resolve("u8.json").toFile());
    assertThat(a.get("n").asInt()).isEqualTo(n); // every image of the file by default
    // Real test images with their true classes: the feature network classifies most as labelled.
    assertThat(a.get("class_accuracy").asDouble()).isGreaterThan(0.8);
    Outcome f4 = run(concat(new String[] {"eval", "--images", floats.toString(), "--labels", labels.toString(), "--json",
        dir.resolve("f4.json").toString()}, common));
    assertThat(f4.exit()).as(f4.err()).isZero();
    // The same images as float in [-1, 1] score exactly as the bytes do.
    assertThat(json.readTree(dir.resolve("f4.json").toFile()).get("fid").asDouble()).isEqualTo(a.get("fid").asDouble());
    Outcome shifted = run(concat(new String[] {"eval", "--images", bytes.toString(), "--labels", wrongLabels.toString(), "--json",
        dir.resolve("w.json").toString()}, common));
    assertThat(json.readTree(dir.resolve("w.json").toFile()).get("class_accuracy").asDouble()).isLessThan(0.2);
    assertOneLineError(run("eval", "--images", bytes.toString(), "--n", "301", "--metrics", "fid"), 1,
        "gan4j: error: --n 301 but " + bytes + " holds 300 images");
    assertOneLineError(run("eval", "--model", dir.toString(), "--labels", labels.toString(), "--metrics", "fid"), 1,
        "gan4j: error: --labels goes with --images (runs and models know their classes)");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** A version-1 .npy file of {@code descr} and {@code shape} holding {@code data} as is. */
  static Path rawNpy(Path file, String descr, String shape, byte[] data) throws IOException {
    String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shape + "), }";
    String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(10 + header.length() + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    buf.putShort((short) header.length());
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    buf.put(data);
    return Files.write(file, buf.array());
  }

  /** A float64 version-1 .npy file as numpy.save writes it. */
  static Path npy(Path file, String shape, double[] values) throws IOException {
    String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (" + shape + "), }";
    String header = dict + " ".repeat((64 - (10 + dict.length() + 1) % 64) % 64) + "\n";
    java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(10 + header.length() + values.length * 8)
        .order(java.nio.ByteOrder.LITTLE_ENDIAN);
    buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
    buf.putShort((short) header.length());
    buf.put(header.getBytes(StandardCharsets.ISO_8859_1));
    for (double v : values) {
      buf.putDouble(v);
    }
    return Files.write(file, buf.array());
  }

  static byte[] idx(int magic, int count, int rows, int cols, int pixels) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(magic);
    out.writeInt(count);
    out.writeInt(rows);
    out.writeInt(cols);
    out.write(new byte[pixels]);
    return bytes.toByteArray();
  }
}
