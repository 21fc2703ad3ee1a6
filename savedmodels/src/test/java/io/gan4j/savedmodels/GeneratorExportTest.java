package io.gan4j.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.Preset;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.TrainedGenerator;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

class GeneratorExportTest {
  @TempDir Path dir;

  static TrainConfig tinyConfig(TrainingData data, boolean spectralNorm) {
    return Preset.DCGAN.config("shapes", data.elementShape())
        .generator(Preset.DCGAN.generator(data.elementShape()).newBuilder().widths(32, 16, 8, 8)
            .spectralNorm(spectralNorm).build())
        .discriminator(Preset.DCGAN.discriminator(data.elementShape()).newBuilder().stemWidth(8).widths(8, 16, 16).build())
        .batch(16).steps(12).checkpointEvery(12).emaDecay(0.5f).emaStart(2).build();
  }

  static Path trainedRun(Path dir, boolean spectralNorm) {
    TrainingData data = Shapes.generate(256, 1);
    Path run = dir.resolve(spectralNorm ? "run-sn" : "run");
    try (Trainer t = Trainer.open(run, tinyConfig(data, spectralNorm), data, false)) {
      t.train(TrainingListener.NONE);
    }
    return run;
  }

  @Test
  void exportedGeneratorMakesTheRunsImages() {
    for (boolean sn : new boolean[] {false, true}) {
      Path run = trainedRun(dir, sn);
      Path model = dir.resolve(sn ? "model-sn" : "model");
      assertThat(GeneratorExport.fromRun(run, model)).isEqualTo(12);
      float[] expected;
      try (TrainedGenerator g = TrainedGenerator.open(run)) {
        expected = g.sample(5, 6);
      }
      try (GeneratorModel m = GeneratorModel.load(model)) {
        assertThat(m.zDim()).isEqualTo(100);
        assertThat(m.imageShape()).containsExactly(32, 32, 3); // shapes are RGB
        float[] got = m.generate(6, 5);
        assertThat(maxAbsDiff(got, expected)).as("spectral norm %s", sn).isLessThanOrEqualTo(1e-5);
        // serving_default on explicit z agrees with sample for the same rows
        float[][] z = new float[2][100];
        Random r = new Random(3);
        for (float[] row : z) {
          for (int i = 0; i < row.length; i++) {
            row[i] = (float) r.nextGaussian();
          }
        }
        float[] both = m.generate(z);
        float[] first = m.generate(new float[][] {z[0]});
        assertThat(java.util.Arrays.copyOf(both, 32 * 32 * 3)).containsExactly(first);
      }
    }
  }

  @Test
  void exportedGraphHoldsOnlyTheGenerator() {
    Path model = dir.resolve("model");
    GeneratorExport.fromRun(trainedRun(dir, true), model);
    Set<String> types = new HashSet<>();
    Set<String> names = new HashSet<>();
    try (SavedModelBundle b = SavedModelBundle.load(model.toString(), "serve")) {
      b.graph().operations().forEachRemaining(op -> {
        types.add(op.type());
        names.add(op.name());
      });
      assertThat(b.metaGraphDef().getSignatureDefMap().values())
          .allSatisfy(s -> assertThat(s.getMethodName()).isEqualTo("tensorflow/serving/predict"));
    }
    assertThat(types).doesNotContain("ApplyAdam", "ApplyRMSProp", "AssignAdd");
    assertThat(names).noneMatch(n -> n.startsWith("D_") || n.endsWith("_ema") || n.contains("_sn_u") || n.contains("Adam"));
    assertThat(model.resolve("assets.extra/gan4j.json")).exists();
  }

  @Test
  void spectralNormFreezingMatchesAHandComputedPowerIteration() {
    // W = [[3, 0], [0, 1]] with u = [1, 0]: v = [1, 0], u' = [1, 0], σ = 3 (ε aside).
    float[] w = GeneratorExport.divideBySigma(new float[] {3, 0, 0, 1}, new float[] {1, 0});
    assertThat(w[0]).isCloseTo(1f, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(w[3]).isCloseTo(1f / 3, org.assertj.core.data.Offset.offset(1e-5f));
  }

  @Test
  void notAGeneratorIsRefusedClearly() {
    assertThatThrownBy(() -> GeneratorModel.load(FeatureModel.defaultLocation()))
        .hasMessage(FeatureModel.defaultLocation() + " does not follow the gan4j generator contract: it needs signatures "
            + "'serving_default' and 'sample', it has [serving_default]");
    assertThatThrownBy(() -> GeneratorModel.load(dir.resolve("nothing")))
        .hasMessage(dir.resolve("nothing") + ": no such directory (expected a generator SavedModel)");
  }

  static double maxAbsDiff(float[] a, float[] b) {
    assertThat(a).hasSameSizeAs(b);
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      m = Math.max(m, Math.abs(a[i] - b[i]));
    }
    return m;
  }
}
