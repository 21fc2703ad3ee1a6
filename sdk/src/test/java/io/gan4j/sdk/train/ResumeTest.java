package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 steps in one go and a run killed right after its step-100 checkpoint (or stopped on request at
 * step 37), then resumed, must end with the same weights, optimiser state included (the config, and
 * so the lr schedule, is the same).
 */
class ResumeTest {
  @TempDir Path dir;

  @Test
  void mlpResumeIsExact() {
    GaussianMixture2d data = GaussianMixture2d.grid25();
    TrainConfig c = Recipes.MLP.config("grid25", data.elementShape()).steps(200).batch(64).checkpointEvery(100).seed(5).build();
    assertResumeExact(c, data, 200, 100);
  }

  @Test
  void dcganWithBatchNormAndSpectralNormResumeIsExact() {
    TrainingData data = Shapes.generate(512, 3);
    TrainConfig c = Recipes.SNGAN.config("shapes", data.elementShape())
        .generator(Recipes.DCGAN.generator(data.elementShape()).newBuilder().widths(32, 16, 8, 8).build())
        .discriminator(Recipes.SNGAN.discriminator(data.elementShape()).newBuilder().stemWidth(8).widths(8, 16, 16).build())
        .batch(16).steps(40).checkpointEvery(20).nDis(2).seed(9).build();
    assertResumeExact(c, data, 40, 20);
  }

  @Test
  void aConditionalGanOnAStreamedImageFolderResumesExactly() throws java.io.IOException {
    // 96 labelled 32×32 colour PNGs in 3 class folders, read from disk and resampled to 16×16 every step (budget 0).
    io.gan4j.sdk.data.ImageDataset shapes = Shapes.generate(96, 4);
    Path folder = dir.resolve("folder");
    byte[] px = shapes.pixels();
    for (int n = 0; n < 96; n++) {
      java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(32, 32, java.awt.image.BufferedImage.TYPE_INT_RGB);
      for (int p = 0; p < 32 * 32; p++) {
        int o = (n * 1024 + p) * 3;
        img.setRGB(p % 32, p / 32, ((px[o] & 0xff) << 16) | ((px[o + 1] & 0xff) << 8) | (px[o + 2] & 0xff));
      }
      Path file = folder.resolve("class" + n % 3).resolve(String.format("%03d.png", n));
      java.nio.file.Files.createDirectories(file.getParent());
      javax.imageio.ImageIO.write(img, "png", file.toFile());
    }
    io.gan4j.sdk.data.ImageFolderOptions streamed = io.gan4j.sdk.data.ImageFolderOptions.builder().imageSize(16).memoryBudget(0).build();
    TrainingData data = io.gan4j.sdk.data.ImageFolder.scan(folder, streamed).load(streamed);
    assertThat(data.classes()).isEqualTo(3);
    TrainConfig c = Recipes.SAGAN.config(folder.toString(), data.elementShape())
        .generator(Recipes.SAGAN.generator(data.elementShape()).newBuilder().classes(3).widths(16, 8, 8).attention(java.util.List.of()).build())
        .discriminator(Recipes.SAGAN.discriminator(data.elementShape()).newBuilder().classes(3).widths(8, 16).attention(java.util.List.of()).build())
        .batch(8).steps(12).checkpointEvery(6).seed(3).build();
    assertResumeExact(c, data, 12, 6);
  }

  @Test
  void aStopRequestCheckpointsTheCurrentStepAndTheRunResumesExactly() {
    GaussianMixture2d data = GaussianMixture2d.grid25();
    TrainConfig c = Recipes.MLP.config("grid25", data.elementShape()).steps(200).batch(64).checkpointEvery(100).seed(5).build();
    Path run = dir.resolve("resumed");
    Path checkpoint = run.resolve("checkpoints/step-00000037");
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      TrainingListener stopAt37 = new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          if (step == 37) {
            t.requestStop(); // what the command line's Ctrl-C hook does, from its own thread
          }
        }
      };
      assertThatThrownBy(() -> t.train(stopAt37))
          .isInstanceOfSatisfying(TrainingStoppedException.class, e -> {
            assertThat(e.step()).isEqualTo(37);
            assertThat(e.checkpoint()).isEqualTo(checkpoint);
          })
          .hasMessage("training stopped at step 37 of 200 on request; checkpoint " + checkpoint + " holds it");
    }
    assertThat(checkpoint.resolve("variables.index")).exists();
    assertThat(run.resolve(Trainer.SUMMARY_FILE)).doesNotExist(); // a stopped run has not finished
    assertResumedMatchesStraight(c, data, 200, 37);
  }

  private void assertResumeExact(TrainConfig c, TrainingData data, long total, long half) {
    try (Trainer t = Trainer.open(dir.resolve("resumed"), c, data, Trainer.Start.FRESH)) {
      TrainingListener crashAfterCheckpoint = new TrainingListener() {
        @Override
        public void onCheckpoint(long step, Path directory) {
          if (step == half) {
            throw new IllegalStateException("simulated crash");
          }
        }
      };
      assertThatThrownBy(() -> t.train(crashAfterCheckpoint)).hasMessage("simulated crash");
    }
    assertResumedMatchesStraight(c, data, total, half);
  }

  /** Resumes dir/resumed from its checkpoint at {@code half} and compares it with a straight run. */
  private void assertResumedMatchesStraight(TrainConfig c, TrainingData data, long total, long half) {
    Map<String, float[]> straight;
    try (Trainer t = Trainer.open(dir.resolve("straight"), c, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
      straight = t.variables();
    }
    Map<String, float[]> resumed;
    try (Trainer t = Trainer.open(dir.resolve("resumed"), c, data, Trainer.Start.RESUME)) {
      assertThat(t.step()).isEqualTo(half);
      t.train(TrainingListener.NONE);
      assertThat(t.step()).isEqualTo(total);
      resumed = t.variables();
    }
    assertThat(resumed.keySet()).isEqualTo(straight.keySet());
    double maxDiff = 0;
    boolean changed = false;
    try (Trainer fresh = Trainer.open(dir.resolve("fresh"), c, data, Trainer.Start.FRESH)) {
      Map<String, float[]> init = fresh.variables();
      for (String k : straight.keySet()) {
        float[] a = straight.get(k);
        float[] b = resumed.get(k);
        for (int i = 0; i < a.length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
          changed |= a[i] != init.get(k)[i];
        }
      }
    }
    assertThat(changed).as("training changed the weights").isTrue();
    assertThat(maxDiff).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void aCorruptNewestCheckpointIsSkippedWithAWarningAndTheRunResumesExactlyFromThePreviousOne() throws java.io.IOException {
    GaussianMixture2d data = GaussianMixture2d.grid25();
    TrainConfig c = Recipes.MLP.config("grid25", data.elementShape()).steps(60).batch(64).checkpointEvery(20).seed(5).build();
    Path run = dir.resolve("resumed");
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      TrainingListener crashAt40 = new TrainingListener() {
        @Override
        public void onCheckpoint(long step, Path directory) {
          if (step == 40) {
            throw new IllegalStateException("simulated crash");
          }
        }
      };
      assertThatThrownBy(() -> t.train(crashAt40)).hasMessage("simulated crash");
    }
    // What a crash or a full disk mid-write of the index looks like: half of it.
    Path bad = run.resolve("checkpoints/step-00000040");
    Path index = bad.resolve("variables.index");
    byte[] bytes = java.nio.file.Files.readAllBytes(index);
    java.nio.file.Files.write(index, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    Path good = run.resolve("checkpoints/step-00000020");
    String warning = "checkpoint " + bad + " is unreadable (not an sstable (bad magic number)); resuming from " + good;
    try (TrainedGenerator g = TrainedGenerator.open(run)) {
      assertThat(g.step()).isEqualTo(20);
    }
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.RESUME)) {
      assertThat(t.restoreWarnings()).containsExactly(warning);
    }
    // The same resume, compared with a run that never stopped: exact.
    assertResumedMatchesStraight(c, data, 60, 20);
  }

  @Test
  void resumeWithoutCheckpointAndOverwriteAreRefused() {
    GaussianMixture2d data = GaussianMixture2d.ring8();
    TrainConfig c = Recipes.MLP.config("ring8", data.elementShape()).steps(5).build();
    Path run = dir.resolve("run");
    assertThatThrownBy(() -> Trainer.open(run, c, data, Trainer.Start.RESUME))
        .isInstanceOf(CheckpointException.class)
        .hasMessage("cannot resume: no checkpoint in " + run.resolve("checkpoints"));
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    assertThatThrownBy(() -> Trainer.open(run, c, data, Trainer.Start.FRESH))
        .isInstanceOf(CheckpointException.class)
        .hasMessage(run + " already holds checkpoints (newest step-00000005); pass --resume to continue it or choose another --out");
  }
}
