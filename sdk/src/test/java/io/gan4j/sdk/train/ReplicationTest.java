package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.recipes.Recipes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    try (Trainer t = Trainer.open(run, c, data, false, options, placement)) {
      t.train(TrainingListener.NONE);
      return t.variables();
    }
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
