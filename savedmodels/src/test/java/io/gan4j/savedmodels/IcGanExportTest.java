package io.gan4j.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.gan.InstanceFeatures;
import io.gan4j.sdk.metrics.Npy;
import io.gan4j.sdk.nets.IcGanDiscriminator;
import io.gan4j.sdk.nets.IcGanGenerator;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.TrainedGenerator;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** IC-GAN export: features in, and instance images through the frozen feature network inside the SavedModel. */
class IcGanExportTest {
  @TempDir Path dir;

  @Test
  void theExportOnFeaturesEqualsTheRunsGeneratorAndItsImageSignatureComputesTheTablesFeatures() throws Exception {
    assumeTrue(FashionMnist.isInstalled(), "needs Fashion-MNIST");
    ImageDataset data = FashionMnist.load(FashionMnist.DEFAULT_DIR).select("fmnist-128", IntStream.range(0, 128).toArray());
    Path run = dir.resolve("run");
    InstanceSetup.Prepared p = InstanceSetup.prepare(InstanceFeatures.unresolved("default", 5), data, run);
    InstanceFeatures inst = p.features();
    assertThat(inst.count()).isEqualTo(128);
    assertThat(inst.dimension()).isEqualTo(128);
    List<Integer> shape = data.elementShape();
    TrainConfig c = Recipes.ICGAN.config("fmnist-128", shape)
        .generator(new IcGanGenerator(16, 8, List.of(16, 8, 8, 8), List.of(), shape, inst))
        .discriminator(new IcGanDiscriminator(
            Recipes.BIGGAN.discriminator(shape).newBuilder().classes(0).widths(8, 8, 16).attention(List.of()).build(), inst))
        .batch(8).seed(2).steps(2).emaStart(0).build();
    try (Trainer t = Trainer.open(run, c, p.data(), Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    Path model = dir.resolve("model");
    GeneratorExport.fromRun(run, model);

    int n = 4;
    int instance = 17;
    long seed = 9;
    float[] table = Npy.readFloats(inst.featuresFile(), new long[] {128, 128});
    float[] h = java.util.Arrays.copyOfRange(table, instance * 128, (instance + 1) * 128);
    float[][] z = samplerLatents(seed, n, 16);
    float[] expected;
    try (TrainedGenerator g = TrainedGenerator.open(run)) {
      expected = g.sample(seed, n, instance); // all n from instance 17, z from the seed
    }
    try (GeneratorModel m = GeneratorModel.load(model)) {
      assertThat(m.featureDim()).isEqualTo(128);
      float[][] hs = new float[n][];
      java.util.Arrays.fill(hs, h);
      assertThat(maxAbsDiff(m.generateWithFeatures(z, hs), expected)).isLessThanOrEqualTo(1e-5);

      // the image signature: the instance's own image through the feature network inside the model
      GeneratorModel.InstanceSamples s = m.generateForInstances(data.toFloats(instance, 2), 2, seed, 3, 0f);
      assertThat(s.images()).hasSize(2 * 3 * 32 * 32);
      assertThat(maxAbsDiff(s.features()[0], h)).isLessThanOrEqualTo(1e-5);
      assertThat(maxAbsDiff(s.features()[1], java.util.Arrays.copyOfRange(table, (instance + 1) * 128, (instance + 2) * 128)))
          .isLessThanOrEqualTo(1e-5);
      assertThatThrownBy(() -> m.generate(4, 1L)).hasMessageContaining("instance-conditioned");

      // a plain TensorFlow Java client (no gan4j class): the 'sample' signature on an image gives the same samples
      try (org.tensorflow.SavedModelBundle b = org.tensorflow.SavedModelBundle.load(model.toString(), "serve");
          org.tensorflow.types.TFloat32 x = org.tensorflow.types.TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(2, 32, 32, 1),
              org.tensorflow.ndarray.buffer.DataBuffers.of(data.toFloats(instance, 2), true, false));
          org.tensorflow.types.TInt64 sd = org.tensorflow.types.TInt64.scalarOf(seed);
          org.tensorflow.types.TInt32 cnt = org.tensorflow.types.TInt32.scalarOf(3);
          org.tensorflow.types.TFloat32 tr = org.tensorflow.types.TFloat32.scalarOf(0f);
          org.tensorflow.Result r = b.function("sample").call(java.util.Map.of("image", x, "seed", sd, "count", cnt, "truncation", tr))) {
        org.tensorflow.types.TFloat32 images = (org.tensorflow.types.TFloat32) r.get("images").orElseThrow();
        assertThat(images.shape().asArray()).containsExactly(6, 32, 32, 1);
        float[] plain = new float[6 * 32 * 32];
        images.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(plain, false, false));
        assertThat(maxAbsDiff(plain, s.images())).isZero();
      }
    }
  }

  @Test
  void withClassesOnTopTheExportTakesALabelBesideTheFeatures() throws Exception {
    assumeTrue(FashionMnist.isInstalled(), "needs Fashion-MNIST");
    ImageDataset data = FashionMnist.load(FashionMnist.DEFAULT_DIR).select("fmnist-64", IntStream.range(0, 64).toArray());
    Path run = dir.resolve("cc");
    InstanceSetup.Prepared p = InstanceSetup.prepare(InstanceFeatures.unresolved("default", 4).withClasses(10), data, run);
    InstanceFeatures inst = p.features();
    assertThat(inst.classes()).isEqualTo(10);
    assertThat(p.data().classes()).isEqualTo(64 * 4);
    List<Integer> shape = data.elementShape();
    TrainConfig c = Recipes.ICGAN.config("fmnist-64", shape)
        .generator(new IcGanGenerator(16, 8, List.of(16, 8, 8, 8), List.of(), shape, inst))
        .discriminator(new IcGanDiscriminator(
            Recipes.BIGGAN.discriminator(shape).newBuilder().classes(0).widths(8, 8, 16).attention(List.of()).build(), inst))
        .batch(8).seed(2).steps(2).emaStart(0).build();
    try (Trainer t = Trainer.open(run, c, p.data(), Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    Path model = dir.resolve("cc-model");
    GeneratorExport.fromRun(run, model);
    int instance = 9;
    int rank = 2;
    int condition = instance * 4 + rank;
    int neighbour = p.data().neighbours().get(instance, rank);
    int label = data.labels().orElseThrow()[neighbour];
    float[] table = Npy.readFloats(inst.featuresFile(), new long[] {64, 128});
    float[] h = java.util.Arrays.copyOfRange(table, instance * 128, (instance + 1) * 128);
    float[] expected;
    try (TrainedGenerator g = TrainedGenerator.open(run)) {
      expected = g.sample(5, 3, condition);
    }
    try (GeneratorModel m = GeneratorModel.load(model)) {
      assertThat(m.classes()).isEqualTo(10);
      float[][] hs = {h, h, h};
      assertThat(maxAbsDiff(m.generateWithFeatures(samplerLatents(5, 3, 16), hs, new int[] {label, label, label}), expected))
          .isLessThanOrEqualTo(1e-5);
      assertThat(m.generateForInstances(data.toFloats(instance, 1), 1, 5, 2, 0f, label).images()).hasSize(2 * 32 * 32);
      assertThatThrownBy(() -> m.generateWithFeatures(samplerLatents(5, 3, 16), hs)).hasMessageContaining("give labels");
    }
  }

  /** The sampler's z for {@code seed}: stateless normals keyed (seed, 0). */
  static float[][] samplerLatents(long seed, int n, int zDim) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var z = tf.random.statelessRandomNormal(tf.constant(new int[] {n, zDim}), tf.constant(new long[] {seed, 0L}));
      try (Result r = s.runner().fetch(z).run()) {
        float[] flat = new float[n * zDim];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(flat, false, false));
        float[][] out = new float[n][zDim];
        for (int i = 0; i < n; i++) {
          System.arraycopy(flat, i * zDim, out[i], 0, zDim);
        }
        return out;
      }
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
