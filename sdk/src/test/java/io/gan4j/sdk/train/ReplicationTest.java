package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.ops.SpectralNorm;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.terms.LazyRegularization;
import io.gan4j.sdk.gan.terms.R1Penalty;
import io.gan4j.sdk.recipes.Recipe;
import io.gan4j.sdk.recipes.Recipes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;

/**
 * Data parallelism on two CPU devices of one process: the same replica machinery the cluster uses.
 * Each replica's loss is the mean over its slice of b/k rows, so the average of the replicas'
 * gradients, (1/k)·Σ_r (k/b)·Σ_{i∈r} ∇ℓ_i = (1/b)·Σ_i ∇ℓ_i, is the gradient of the mean over the
 * global batch: with no batch norm (whose statistics would be per slice) the runs agree up to float
 * summation order.
 */
class ReplicationTest {

  @TempDir Path dir;

  static TrainConfig mlp(int steps) {
    GaussianMixture2d data = GaussianMixture2d.grid25();
    return Recipes.MLP.config("grid25", data.elementShape()).steps(steps).batch(24).checkpointEvery(steps).seed(11).build();
  }

  @Test
  void twoDevicesTrainTheSameWeightsAsOne() {
    GaussianMixture2d data = GaussianMixture2d.grid25();
    TrainConfig c = mlp(50);
    Map<String, float[]> one = train(dir.resolve("one"), c, data, Placement.LOCAL);
    Map<String, float[]> two = train(dir.resolve("two"), c, data, Placement.devices(List.of("/cpu:0", "/cpu:1")));
    double worst = maxRelativeDifference(one, two);
    System.out.printf("two CPU devices vs one, 50 steps: max relative difference over %d variables %.3g%n", one.size(), worst);
    assertThat(one.keySet()).isEqualTo(two.keySet());
    assertThat(worst).isLessThan(1e-5);
    // and the runs did train: the weights moved from their start
    assertThat(maxRelativeDifference(one, train(dir.resolve("zero"), mlp(1), data, Placement.LOCAL))).isGreaterThan(1e-2);
  }

  /**
   * The parts of a step where replication is most likely to go wrong, at tiny shapes (16×16×1,
   * batch 16, 8 rows per replica): the sngan recipe with spectral norm in D and in G and no batch norm
   * (BatchNormReplicationTest covers that), so each step's power iteration writes every u once from
   * replica 0's pass while the other replica reads the old u; hinge loss; n_dis = 2, so D-only runs
   * alternate with full steps; and R1 gated to D steps 0 and 3 ({@link LazyRegularization} of R1, every 3), so one
   * D-only run and one full step take the variant with the second-order penalty and the others not.
   */
  static TrainConfig spectralNormLazyR1TwoDSteps(int steps) {
    List<Integer> shape = StepParityTest.data(false).elementShape();
    Recipe r = Recipes.SNGAN;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8).batchNorm(false).spectralNorm(true).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 16).build())
        .terms(List.of(new LazyRegularization(new R1Penalty(1f), 3))).nDis(2)
        .batch(16).steps(steps).checkpointEvery(steps).seed(5).build();
  }

  @Test
  void spectralNormLazyR1AndTwoDStepsTrainTheSameOnTwoDevicesAsOnOne() {
    ImageDataset data = StepParityTest.data(false);
    TrainConfig c = spectralNormLazyR1TwoDSteps(3);
    Map<String, float[]>[] two = trainFromStart(dir.resolve("two"), c, data, Placement.devices(List.of("/cpu:0", "/cpu:1")));
    Map<String, float[]>[] one = trainFromStart(dir.resolve("one"), c, data, Placement.LOCAL);
    assertThat(two[1].keySet()).isEqualTo(one[1].keySet());
    assertThat(maxAbsoluteDifference(two[0], one[0])).isZero(); // the same start
    Set<String> u = one[1].keySet().stream().filter(n -> n.endsWith(SpectralNorm.U_SUFFIX)).collect(Collectors.toSet());
    assertThat(u).anyMatch(n -> n.startsWith("D_")).anyMatch(n -> n.startsWith("G_"));
    double worst = maxAbsoluteDifference(two[1], one[1]);
    System.out.printf("sn + lazy R1 + n_dis 2, two CPU devices vs one, 3 G steps: max abs difference over %d variables"
        + " (%d u vectors) %.3g (u alone %.3g), max relative %.3g%n", one[1].size(), u.size(), worst,
        maxAbsoluteDifference(only(two[1], u), only(one[1], u)), maxRelativeDifference(two[1], one[1]));
    // Measured 8.9e-8 (under one float32 ulp at 1.0); 1e-6 leaves 11× for summation order.
    // Breaks it caught: gradients summed, not averaged (0.069); both replicas on the first half of the
    // batch (0.047); D's u written again by the G step's D pass (0.14); replica 1 never taking the
    // gated R1 (0.021).
    assertThat(worst).isLessThan(1e-6);
    // and the step did something: the weights and every u moved from their start
    assertThat(maxAbsoluteDifference(one[1], one[0])).isGreaterThan(1e-4);
    for (String n : u) {
      assertThat(maxAbsoluteDifference(Map.of(n, one[1].get(n)), Map.of(n, one[0].get(n)))).as(n).isGreaterThan(1e-4);
    }
  }

  @Test
  void eachReplicasPassesAndGradientsRunOnItsDeviceAndVariablesOnTheFirst() {
    GaussianMixture2d data = GaussianMixture2d.grid25();
    try (Graph g = new Graph()) {
      new TrainingGraph(g, mlp(5), data, Placement.devices(List.of("/cpu:0", "/cpu:1")));
      int onSecond = 0;
      int gradientsOnSecond = 0;
      for (var it = g.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        if (op.type().equals("VariableV2")) {
          assertThat(op.device()).as(op.name()).isEqualTo("/device:CPU:0");
        }
        if (op.device().equals("/cpu:1") || op.device().equals("/device:CPU:1")) {
          onSecond++;
          gradientsOnSecond += op.name().contains("Gradients") ? 1 : 0;
        }
      }
      assertThat(onSecond).isGreaterThan(100);
      assertThat(gradientsOnSecond).isGreaterThan(50);
    }
  }

  @Test
  void aBatchThatDoesNotSplitIntoWholePacksIsRefused() {
    GaussianMixture2d data = GaussianMixture2d.grid25();
    TrainConfig c = Recipes.MLP.config("grid25", data.elementShape()).steps(5).batch(20).seed(1).build();
    try (Graph g = new Graph()) {
      assertThatThrownBy(() -> new TrainingGraph(g, c, data, Placement.devices(List.of("/cpu:0", "/cpu:1", "/cpu:2"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("--batch 20 does not split into 3 equal replica slices of whole packs of 2; use a multiple of 6");
    }
  }

  @Test
  void badDevicesAreNamed() {
    assertThatThrownBy(() -> Placement.devices(List.of("/cpu:0", "cpu1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bad device 'cpu1' (want /cpu:N, /gpu:N or /job:NAME/task:N)");
    assertThatThrownBy(() -> Placement.devices(List.of("/cpu:0", "/cpu:0")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("devices /cpu:0,/cpu:0 name a device twice");
  }

  static Map<String, float[]> train(Path run, TrainConfig c, GaussianMixture2d data, Placement placement) {
    // Without Grappler's rewrites both graphs run the kernels they were built with.
    SessionOptions options = SessionOptions.DEFAULT.withThreads(1, 1).withGraphRewrites(false);
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH, options, placement)) {
      t.train(TrainingListener.NONE);
      return t.variables();
    }
  }

  /** The variables before and after training. */
  @SuppressWarnings("unchecked")
  static Map<String, float[]>[] trainFromStart(Path run, TrainConfig c, TrainingData data, Placement placement) {
    SessionOptions options = SessionOptions.DEFAULT.withThreads(1, 1).withGraphRewrites(false);
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH, options, placement)) {
      Map<String, float[]> start = t.variables();
      t.train(TrainingListener.NONE);
      return new Map[] {start, t.variables()};
    }
  }

  static Map<String, float[]> only(Map<String, float[]> vars, Set<String> names) {
    return vars.entrySet().stream().filter(e -> names.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  /** max over all elements of all variables of |a − b|. */
  static double maxAbsoluteDifference(Map<String, float[]> a, Map<String, float[]> b) {
    double worst = 0;
    for (Map.Entry<String, float[]> e : b.entrySet()) {
      float[] x = a.get(e.getKey());
      float[] y = e.getValue();
      for (int i = 0; i < y.length; i++) {
        worst = Math.max(worst, Math.abs((double) x[i] - y[i]));
      }
    }
    return worst;
  }

  /** max over variables of ‖a − b‖ / ‖b‖. */
  static double maxRelativeDifference(Map<String, float[]> a, Map<String, float[]> b) {
    double worst = 0;
    for (Map.Entry<String, float[]> e : b.entrySet()) {
      float[] x = a.get(e.getKey());
      float[] y = e.getValue();
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < y.length; i++) {
        diff += (double) (x[i] - y[i]) * (x[i] - y[i]);
        norm += (double) y[i] * y[i];
      }
      worst = Math.max(worst, Math.sqrt(diff) / Math.max(Math.sqrt(norm), 1e-12));
    }
    return worst;
  }
}
