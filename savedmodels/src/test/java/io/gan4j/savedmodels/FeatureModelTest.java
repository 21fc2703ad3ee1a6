package io.gan4j.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

class FeatureModelTest {
  @TempDir Path dir;

  @Test
  void shippedNetworkClassifiesTheTestSetAsItsMetadataSays() {
    assumeThat(FashionMnist.isInstalled()).as("Fashion-MNIST installed").isTrue();
    ImageDataset test = FashionMnist.loadTest(FashionMnist.DEFAULT_DIR);
    try (FeatureModel model = FeatureModel.load(FeatureModel.defaultLocation())) {
      assertThat(model.featureDimension()).isEqualTo(128);
      assertThat(model.hasLogits()).isTrue();
      double accuracy = FeatureNetworkTraining.accuracy(model, test);
      assertThat(accuracy).isGreaterThanOrEqualTo(0.90);
      assertThat(model.metadata().orElseThrow().get("test_accuracy").asDouble()).isEqualTo(accuracy);
      // Features are the penultimate ReLU layer: non-negative.
      double[][] f = model.apply(test.toFloats(0, 8), 8, 32, 32, 1).features();
      assertThat(java.util.Arrays.stream(f).flatMapToDouble(java.util.Arrays::stream).min().orElseThrow())
          .isGreaterThanOrEqualTo(0);
    }
  }

  @Test
  void conditionalScoringIgnoresClassBlockOrderAndReportsClassAccuracy() {
    assumeThat(FashionMnist.isInstalled()).as("Fashion-MNIST installed").isTrue();
    ImageDataset test = FashionMnist.loadTest(FashionMnist.DEFAULT_DIR);
    int n = 2000;
    int[] labels = test.labels().orElseThrow();
    // 2,000 test images sorted by class, as a conditional generator delivers them (class blocks).
    int[] sorted = java.util.stream.IntStream.range(0, n).boxed()
        .sorted(java.util.Comparator.comparingInt(i -> labels[i])).mapToInt(Integer::intValue).toArray();
    ImageDataset blocks = test.select("blocks", sorted);
    ImageDataset reference = test.select("ref", java.util.stream.IntStream.range(5000, 7000).toArray());
    try (FeatureModel model = FeatureModel.load(FeatureModel.defaultLocation())) {
      FeatureScorer scorer = FeatureScorer.of(model, reference, io.gan4j.sdk.metrics.Evaluation.parse("fid,is"),
          new io.gan4j.sdk.metrics.Evaluation.Options(10, 1000, 1, 3, 10));
      Map<String, Double> unordered = scorer.score(test.toFloats(0, n), n);
      Map<String, Double> conditional = scorer.score(blocks.toFloats(0, n), n, blocks.labels().orElseThrow());
      // Contiguous splits of class blocks would score ≈ 1; shuffled they score like the unordered set.
      assertThat(unordered.get("is")).isGreaterThan(7);
      assertThat(conditional.get("is")).isCloseTo(unordered.get("is"), org.assertj.core.data.Percentage.withPercentage(5));
      // The same images in another order: equal up to float32 features (oneDNN's kernels for a batch
      // depend on its grouping; on an AVX-512 host the two differ by 5e-7 relative).
      assertThat(conditional.get("fid")).isCloseTo(unordered.get("fid"), org.assertj.core.data.Percentage.withPercentage(1e-4));
      assertThat(conditional.get("class_accuracy")).isGreaterThan(0.88); // the network's accuracy on these images
    }
  }

  @Test
  void trainingIsDeterministicForASeed() {
    assumeThat(FashionMnist.isInstalled()).as("Fashion-MNIST installed").isTrue();
    ImageDataset train = FashionMnist.load(FashionMnist.DEFAULT_DIR);
    ImageDataset test = FashionMnist.loadTest(FashionMnist.DEFAULT_DIR).select("test", new int[] {0, 1, 2, 3, 4, 5, 6, 7});
    var options = new FeatureNetworkTraining.Options(7, 20, 32, 1e-3f);
    FeatureNetworkTraining.run(train, test, options, dir.resolve("a"), s -> {});
    FeatureNetworkTraining.run(train, test, options, dir.resolve("b"), s -> {});
    FeatureNetworkTraining.run(train, test, new FeatureNetworkTraining.Options(8, 20, 32, 1e-3f), dir.resolve("c"), s -> {});
    float[] x = test.toFloats(0, 8);
    try (FeatureModel a = FeatureModel.load(dir.resolve("a")); FeatureModel b = FeatureModel.load(dir.resolve("b"));
        FeatureModel c = FeatureModel.load(dir.resolve("c"))) {
      assertThat(b.apply(x, 8, 32, 32, 1).features()).isDeepEqualTo(a.apply(x, 8, 32, 32, 1).features());
      assertThat(java.util.Arrays.deepEquals(c.apply(x, 8, 32, 32, 1).features(), a.apply(x, 8, 32, 32, 1).features()))
          .isFalse();
    }
  }

  /** A model whose features are its input pixels, as it received them (float or uint8, fixed size). */
  private Path identityModel(String name, boolean uint8, int size) {
    Path out = dir.resolve(name);
    SavedModelWriter.write(out, (tf, store) -> {
      Operand<?> in = uint8
          ? tf.withName("x").placeholder(TUint8.class, Placeholder.shape(Shape.of(-1, size, size, 1)))
          : tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, size, size, 1)));
      Operand<TFloat32> asFloat = uint8 ? tf.dtypes.cast(in, TFloat32.class) : (Operand<TFloat32>) in;
      Operand<TFloat32> features = tf.reshape(asFloat, tf.constant(new int[] {-1, size * size}));
      return List.of(Signature.builder().key(FeatureModel.SIGNATURE).input("x", in).output("features", features).build());
    }, Map.of(), Map.of());
    return out;
  }

  @Test
  void inputsAreConvertedToWhatTheModelTakes() {
    float[] image = new float[32 * 32];
    for (int i = 0; i < image.length; i++) {
      image[i] = i % 3 == 0 ? -1f : i % 3 == 1 ? 0f : 1f;
    }
    try (FeatureModel f = FeatureModel.load(identityModel("float", false, 32))) {
      assertThat(f.hasLogits()).isFalse();
      assertThat(f.apply(image, 1, 32, 32, 1).features()[0]).containsExactly(toDoubles(image));
    }
    try (FeatureModel u = FeatureModel.load(identityModel("uint8", true, 32))) {
      double[] bytes = u.apply(image, 1, 32, 32, 1).features()[0];
      assertThat(bytes[0]).isEqualTo(0); // -1
      assertThat(bytes[1]).isEqualTo(128); // round(127.5), half to even
      assertThat(bytes[2]).isEqualTo(255); // 1
    }
    float[] flat = new float[32 * 32];
    java.util.Arrays.fill(flat, 0.25f);
    try (FeatureModel small = FeatureModel.load(identityModel("small", false, 16))) {
      // A constant image stays constant under bilinear resizing.
      assertThat(small.apply(flat, 1, 32, 32, 1).features()[0]).hasSize(256).containsOnly(0.25);
    }
  }

  private static double[] toDoubles(float[] x) {
    double[] out = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      out[i] = x[i];
    }
    return out;
  }

  @Test
  void modelsThatDoNotFollowTheContractAreRefusedClearly() throws Exception {
    assertThatThrownBy(() -> FeatureModel.load(dir.resolve("missing")))
        .hasMessage(dir.resolve("missing") + ": no such directory (expected a SavedModel feature network)");
    Files.createDirectories(dir.resolve("empty"));
    assertThatThrownBy(() -> FeatureModel.load(dir.resolve("empty")))
        .hasMessage(dir.resolve("empty") + " is not a SavedModel directory (no saved_model.pb)");
    Path other = dir.resolve("other");
    SavedModelWriter.write(other, (tf, store) -> {
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4)));
      return List.of(Signature.builder().key("predict").input("x", x).output("y", tf.math.neg(x)).build());
    }, Map.of(), Map.of());
    assertThatThrownBy(() -> FeatureModel.load(other)).hasMessage(
        other + " has no 'serving_default' signature (it has [predict]); a feature network maps images to 'features'");
    Path noFeatures = dir.resolve("nofeatures");
    SavedModelWriter.write(noFeatures, (tf, store) -> {
      Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 1)));
      return List.of(Signature.builder().key(FeatureModel.SIGNATURE).input("x", x).output("y", tf.math.neg(x)).build());
    }, Map.of(), Map.of());
    assertThatThrownBy(() -> FeatureModel.load(noFeatures))
        .hasMessage(noFeatures + ": signature 'serving_default' has no 'features' output (outputs: [y])");
  }

  @Test
  void writerRefusesToOverwriteSomethingElse() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    Files.createDirectories(dir.resolve("busy"));
    Files.writeString(dir.resolve("busy/keep.txt"), "y");
    assertThatThrownBy(() -> SavedModelWriter.write(dir.resolve("busy"), (tf, s) -> List.of(), Map.of(), Map.of()))
        .hasMessage(dir.resolve("busy") + " exists and is not a SavedModel; choose another output directory");
    assertThat(file).exists();
    assertThat(dir.resolve("busy/keep.txt")).exists();
  }
}
