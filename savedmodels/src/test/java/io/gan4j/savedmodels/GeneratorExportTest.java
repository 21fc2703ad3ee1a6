package io.gan4j.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.TrainedGenerator;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

class GeneratorExportTest {
  @TempDir Path dir;

  static TrainConfig tinyConfig(TrainingData data, boolean spectralNorm) {
    return Recipes.DCGAN.config("shapes", data.elementShape())
        .generator(Recipes.DCGAN.generator(data.elementShape()).newBuilder().widths(32, 16, 8, 8)
            .spectralNorm(spectralNorm).build())
        .discriminator(Recipes.DCGAN.discriminator(data.elementShape()).newBuilder().stemWidth(8).widths(8, 16, 16).build())
        .batch(16).steps(12).checkpointEvery(12).emaDecay(0.5f).emaStart(2).build();
  }

  static Path trainedRun(Path dir, boolean spectralNorm) {
    TrainingData data = Shapes.generate(256, 1);
    Path run = dir.resolve(spectralNorm ? "run-sn" : "run");
    try (Trainer t = Trainer.open(run, tinyConfig(data, spectralNorm), data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    return run;
  }

  @Test
  void standingStatisticsChangeTheSamplesAndTheExportCarriesThem() throws java.io.IOException {
    Path run = trainedRun(dir, false);
    Path model = dir.resolve("standing");
    GeneratorExport.fromRun(run, model, 4);
    float[] trained;
    float[] standing;
    try (TrainedGenerator g = TrainedGenerator.open(run); TrainedGenerator untouched = TrainedGenerator.open(run)) {
      trained = g.sample(5, 6);
      g.useStandingStatistics(4, GeneratorExport.STANDING_BATCH, GeneratorExport.STANDING_SEED);
      standing = g.sample(5, 6);
      // The stored means are now averages of the moving-average G's batch means, not training's statistics.
      assertThat(g.variables().get("G_stem_bn_moving_mean")).isNotEqualTo(untouched.variables().get("G_stem_bn_moving_mean"));
    }
    assertThat(maxAbsDiff(standing, trained)).isGreaterThan(1e-3);
    try (GeneratorModel m = GeneratorModel.load(model)) {
      assertThat(maxAbsDiff(m.generate(6, 5), standing)).isLessThanOrEqualTo(1e-5);
    }
    assertThat(java.nio.file.Files.readString(model.resolve("assets.extra").resolve(GeneratorExport.METADATA)))
        .contains("\"batch_norm\" : \"standing statistics over 4 batches of 64 samples\"");
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

  /** 64 random 32×32×1 images with labels 0..3: enough to run a conditional model. */
  static io.gan4j.sdk.data.ImageDataset labelled() {
    Random r = new Random(5);
    byte[] pixels = new byte[64 * 32 * 32];
    r.nextBytes(pixels);
    int[] labels = new int[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = i % 4;
    }
    return new io.gan4j.sdk.data.ImageDataset("toy", 64, 32, 32, 1, pixels, labels);
  }

  @Test
  void conditionalExportTakesLabelsAndMatchesTheRun() {
    var data = labelled();
    List<Integer> shape = data.elementShape();
    TrainConfig c = Recipes.SAGAN.config("toy", shape)
        .generator(Recipes.SAGAN.generator(shape).newBuilder().widths(16, 16, 8, 8).classes(4).build())
        .discriminator(Recipes.SAGAN.discriminator(shape).newBuilder().widths(8, 8, 16).classes(4).build())
        .batch(8).steps(4).checkpointEvery(4).emaStart(2).build();
    Path run = dir.resolve("cond");
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    Path model = dir.resolve("cond-model");
    GeneratorExport.fromRun(run, model);
    try (TrainedGenerator g = TrainedGenerator.open(run); GeneratorModel m = GeneratorModel.load(model)) {
      assertThat(m.classes()).isEqualTo(4);
      float[] spread = g.sample(9, 8);
      assertThat(maxAbsDiff(m.generate(8, 9), spread)).isLessThanOrEqualTo(1e-5);
      float[] three = g.sample(9, 8, 3);
      assertThat(maxAbsDiff(m.generate(8, 9, 3), three)).isLessThanOrEqualTo(1e-5);
      // Spread labels are i·4/8: rows 6 and 7 are class 3, so they match the all-class-3 rows; row 0 does not.
      int px = 32 * 32;
      assertThat(java.util.Arrays.copyOfRange(spread, 6 * px, 8 * px)).containsExactly(java.util.Arrays.copyOfRange(three, 6 * px, 8 * px));
      assertThat(java.util.Arrays.copyOfRange(spread, 0, px)).isNotEqualTo(java.util.Arrays.copyOfRange(three, 0, px));
      assertThatThrownBy(() -> m.generate(8, 9, 4)).hasMessage("class label must be in [0, 4), got 4");
      assertThatThrownBy(() -> m.generate(new float[1][128])).hasMessage("this generator is conditional on 4 classes: use generate(z, labels)");
      assertThat(m.generate(new float[][] {new float[128]}, new int[] {2})).hasSize(px);
      assertThat(g.attentionMaps(9, 2, 1)).hasSize(1);
      assertThat(g.attentionMaps(9, 2, 1).get(0)).hasSize(2 * 256 * 64);
    }
  }

  @Test
  void bigganWithHierarchicalLatentsAndOrthogonalRegularisationExportsAndMatchesTheRun() {
    List<Integer> shape = labelled16().elementShape();
    TrainConfig c = Recipes.BIGGAN.config("toy", shape)
        .generator(new io.gan4j.sdk.nets.BigGanGenerator(48, 4, 16, List.of(16, 8, 8), List.of(8), shape))
        .discriminator(Recipes.SAGAN.discriminator(shape).newBuilder().widths(8, 16).classes(4).attention(List.of()).build())
        .batch(8).steps(3).checkpointEvery(3).emaStart(1).build();
    assertThat(c.nDis()).isEqualTo(2);
    assertThat(c.terms()).containsExactly(new io.gan4j.sdk.gan.terms.OrthogonalRegularization(1e-4f));
    assertExportOfConditionalRunMatches(c, "biggan");
  }

  @Test
  void bigganDeepExportsAndMatchesTheRun() {
    List<Integer> shape = labelled16().elementShape();
    TrainConfig c = Recipes.BIGGAN_DEEP.config("toy", shape)
        .generator(new io.gan4j.sdk.nets.BigGanDeepGenerator(16, 4, 8, List.of(16, 8, 8), List.of(), shape))
        .discriminator(new io.gan4j.sdk.nets.BigGanDeepDiscriminator(4, List.of(8, 16), List.of(), shape))
        .batch(8).steps(2).checkpointEvery(2).emaStart(1).build();
    assertExportOfConditionalRunMatches(c, "deep");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"wgan", "wgan-gp"})
  void wassersteinRecipesExportAndMatchTheRun(String recipe) {
    TrainingData data = Shapes.generate(64, 1);
    List<Integer> shape = data.elementShape();
    var r = Recipes.named(recipe);
    TrainConfig c = r.config("shapes", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8, 8).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 8, 16).build())
        .batch(8).steps(2).checkpointEvery(2).build();
    Path run = dir.resolve(recipe);
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    Path model = dir.resolve(recipe + "-model");
    GeneratorExport.fromRun(run, model);
    try (TrainedGenerator g = TrainedGenerator.open(run); GeneratorModel m = GeneratorModel.load(model)) {
      assertThat(m.classes()).isZero();
      assertThat(maxAbsDiff(m.generate(4, 7), g.sample(7, 4))).isLessThanOrEqualTo(1e-5);
    }
  }

  /** 64 random 16×16×1 images with labels 0..3: the small conditional data of the BigGAN export tests. */
  static io.gan4j.sdk.data.ImageDataset labelled16() {
    byte[] pixels = new byte[64 * 16 * 16];
    new Random(5).nextBytes(pixels);
    int[] labels = new int[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = i % 4;
    }
    return new io.gan4j.sdk.data.ImageDataset("toy16", 64, 16, 16, 1, pixels, labels);
  }

  /** Trains {@code c} on {@link #labelled16()}, exports it, and checks the model's class-1 images are the run's. */
  private void assertExportOfConditionalRunMatches(TrainConfig c, String name) {
    Path run = dir.resolve(name);
    try (Trainer t = Trainer.open(run, c, labelled16(), Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    Path model = dir.resolve(name + "-model");
    GeneratorExport.fromRun(run, model);
    try (TrainedGenerator g = TrainedGenerator.open(run); GeneratorModel m = GeneratorModel.load(model)) {
      assertThat(m.classes()).isEqualTo(4);
      assertThat(maxAbsDiff(m.generate(8, 9, 1), g.sample(9, 8, 1))).isLessThanOrEqualTo(1e-5);
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

  @Test
  void truncationRedrawsLargeLatentsAndZeroLeavesThemAlone() {
    try (org.tensorflow.Graph g = new org.tensorflow.Graph(); org.tensorflow.Session s = new org.tensorflow.Session(g)) {
      org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
      var shape = tf.constant(new int[] {64, 50});
      var seed = tf.constant(3L);
      var z = tf.random.statelessRandomNormal(shape, tf.stack(List.of(seed, tf.constant(0L))));
      float[] raw = fetch(s, z);
      float[] cut = fetch(s, io.gan4j.sdk.gan.Sampler.truncate(tf, z, shape, seed, tf.constant(0.5f)));
      float[] off = fetch(s, io.gan4j.sdk.gan.Sampler.truncate(tf, z, shape, seed, tf.constant(0f)));
      assertThat(off).containsExactly(raw);
      int kept = 0;
      for (int i = 0; i < raw.length; i++) {
        assertThat(Math.abs(cut[i])).isLessThanOrEqualTo(0.5f);
        if (Math.abs(raw[i]) <= 0.5f) {
          assertThat(cut[i]).isEqualTo(raw[i]);
          kept++;
        }
      }
      assertThat(kept).isBetween(1000, 1500); // P(|z| ≤ 0.5) = 0.383 of 3200
    }
  }

  private static float[] fetch(org.tensorflow.Session s, org.tensorflow.Operand<org.tensorflow.types.TFloat32> x) {
    try (org.tensorflow.Result r = s.runner().fetch(x).run()) {
      var t = (org.tensorflow.types.TFloat32) r.get(0);
      float[] out = new float[(int) t.shape().size()];
      t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
      return out;
    }
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
