package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.PairedImages;
import io.gan4j.sdk.data.StackedDomains;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.nets.PatchDiscriminator;
import io.gan4j.sdk.nets.ResNetTranslator;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.translation.CyclicSynthesized;
import io.gan4j.sdk.translation.Translation;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The csgan recipe, shrunk to 16×16 images and narrow networks, trained by the one {@link Trainer}:
 * its generators' loss falls within a few dozen steps, a run killed after a checkpoint resumes to the
 * straight run's weights, pools and Adam slots included, and its config round-trips.
 */
class TranslationTrainingTest {

  @TempDir Path dir;

  /** 64 pairs: A the outline of a random rectangle, B the filled rectangle (an edges ↔ shapes task). */
  static TrainingData rectangles(int n, long seed) {
    Random rnd = new Random(seed);
    int s = 16;
    byte[] a = new byte[n * s * s];
    byte[] b = new byte[n * s * s];
    for (int i = 0; i < n; i++) {
      int x0 = 1 + rnd.nextInt(6), y0 = 1 + rnd.nextInt(6), x1 = x0 + 4 + rnd.nextInt(5), y1 = y0 + 4 + rnd.nextInt(5);
      for (int y = y0; y <= y1; y++) {
        for (int x = x0; x <= x1; x++) {
          b[i * s * s + y * s + x] = (byte) 200;
          if (y == y0 || y == y1 || x == x0 || x == x1) {
            a[i * s * s + y * s + x] = (byte) 255;
          }
        }
      }
    }
    return new StackedDomains(PairedImages.of("rectangles", new ImageDataset("edges", n, s, s, 1, a, null),
        new ImageDataset("filled", n, s, s, 1, b, null)));
  }

  static TrainConfig.Builder tiny(String recipe, int poolSize) {
    List<Integer> shape = List.of(16, 16, 1);
    TrainConfig base = Recipes.named(recipe).translation("rectangles", shape, shape).build();
    Translation t = base.translation();
    Translation small = new Translation(new ResNetTranslator(shape, 1, 8, 2), new ResNetTranslator(shape, 1, 8, 2),
        new PatchDiscriminator(shape, 8, 1), new PatchDiscriminator(shape, 8, 1), t.terms(), poolSize);
    return base.newBuilder().translation(small).batch(4).seed(3).checkpointEvery(1000);
  }

  @Test
  void csganLearnsWithinAFewDozenStepsAndWritesTheTranslationGrid() {
    TrainConfig c = tiny("csgan", 50).steps(40).lrDecay("none").build();
    assertThat(c.translation().cyclicSynthesizedWeight()).isEqualTo(CyclicSynthesized.LAMBDA);
    List<float[]> losses = new ArrayList<>();
    try (Trainer t = Trainer.open(dir.resolve("run"), c, rectangles(64, 1), Trainer.Start.FRESH)) {
      t.train(new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          losses.add(new float[] {dLoss, gLoss});
        }
      });
    }
    double first = losses.subList(0, 5).stream().mapToDouble(l -> l[1]).average().orElseThrow();
    double last = losses.subList(35, 40).stream().mapToDouble(l -> l[1]).average().orElseThrow();
    System.out.printf("csgan tiny: G loss (adversarial + cycle + CS) mean of steps 1-5 %.4f, of steps 36-40 %.4f%n", first, last);
    assertThat(last).as("G's loss after 40 steps against its first 5").isLessThan(0.6 * first);
    assertThat(losses).allSatisfy(l -> assertThat(Float.isFinite(l[0]) && Float.isFinite(l[1])).isTrue());
    // 6 rows (A, G_AB(A), cycle, B, G_BA(B), cycle) of 8 images of 16 px with 2 px gaps.
    Path png = dir.resolve("run").resolve(Trainer.SAMPLES_PNG);
    assertThat(png).exists();
    assertThat(Trainer.readConfig(dir.resolve("run"))).isEqualTo(c);
  }

  @Test
  void aKilledCycleganRunResumesToTheStraightRunsWeightsAndPools() {
    TrainConfig c = tiny("cyclegan", 5).steps(6).checkpointEvery(3).build();
    assertThat(c.translation().cyclicSynthesizedWeight()).isZero();
    TrainingData data = rectangles(32, 2);
    try (Trainer t = Trainer.open(dir.resolve("resumed"), c, data, Trainer.Start.FRESH)) {
      assertThatThrownBy(() -> t.train(new TrainingListener() {
        @Override
        public void onCheckpoint(long step, Path directory) {
          if (step == 3) {
            throw new IllegalStateException("simulated crash");
          }
        }
      })).hasMessage("simulated crash");
    }
    Map<String, float[]> straight;
    try (Trainer t = Trainer.open(dir.resolve("straight"), c, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
      straight = t.variables();
    }
    Map<String, float[]> resumed;
    try (Trainer t = Trainer.open(dir.resolve("resumed"), c, data, Trainer.Start.RESUME)) {
      assertThat(t.step()).isEqualTo(3);
      t.train(TrainingListener.NONE);
      resumed = t.variables();
    }
    assertThat(resumed.keySet()).isEqualTo(straight.keySet()).contains("pool_a", "pool_b_count", "G_AB_res1_conv1_w", "D_B_out_w");
    assertThat(straight.get("pool_a_count")).containsExactly(5f);
    double maxDiff = 0;
    for (String k : straight.keySet()) {
      float[] a = straight.get(k);
      float[] b = resumed.get(k);
      for (int i = 0; i < a.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
      }
    }
    assertThat(maxDiff).isLessThanOrEqualTo(1e-6);
  }
}
