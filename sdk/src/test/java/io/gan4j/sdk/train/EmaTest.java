package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.GaussianMixture2d;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The moving average of G's weights: a copy before emaStart, then ema ← k·ema + (1 − k)·w. */
class EmaTest {
  @TempDir Path dir;

  @Test
  void averageCopiesThenDecaysAndDrivesTheSamples() {
    GaussianMixture2d data = GaussianMixture2d.ring8();
    TrainConfig c = Recipes.MLP.config("ring8", data.elementShape()).batch(64).emaDecay(0.5f).emaStart(2).steps(6).build();
    try (Trainer t = Trainer.open(dir.resolve("ema"), c, data, Trainer.Start.FRESH)) {
      t.timeSteps(1);
      Map<String, float[]> v1 = t.variables();
      assertThat(v1.get("G_fc1_w_ema")).containsExactly(v1.get("G_fc1_w"));
      t.timeSteps(1); // this step's counter is 1 < 2: still a copy
      Map<String, float[]> v2 = t.variables();
      assertThat(v2.get("G_out_b_ema")).containsExactly(v2.get("G_out_b"));
      t.timeSteps(1); // counter 2: the average starts
      Map<String, float[]> v3 = t.variables();
      float[] w = v3.get("G_fc2_w");
      float[] avg = v3.get("G_fc2_w_ema");
      float[] prev = v2.get("G_fc2_w_ema");
      boolean differs = false;
      for (int i = 0; i < w.length; i++) {
        assertThat((double) avg[i]).isCloseTo(0.5 * prev[i] + 0.5 * w[i], within(1e-6));
        differs |= avg[i] != w[i];
      }
      assertThat(differs).isTrue();
      assertThat(v3.keySet()).noneMatch(k -> k.startsWith("D_") && k.endsWith("_ema"));

      t.train(TrainingListener.NONE);
      float[] inProcess = t.sample(5, 10);
      try (TrainedGenerator g = TrainedGenerator.open(dir.resolve("ema"))) {
        assertThat(g.sample(5, 10)).containsExactly(inProcess);
      }
    }
  }
}
