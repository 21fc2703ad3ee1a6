package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.recipes.Recipe;
import io.gan4j.sdk.recipes.Recipes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;

/**
 * With batch norm, two replicas differ from one device by exactly what per-replica statistics
 * explain. A tiny dcgan with batch norm in G and in D (whose pass judges {@code [real; generated]},
 * so a replica's statistics mix its slice of each) trains from the same start on the same global
 * batch three ways:
 *
 * <ol>
 *   <li>two CPU devices, each replica normalising its own b/2 rows, replica 0's moving statistics kept;
 *   <li>one device ({@link Placement#LOCAL}), statistics over the whole batch;
 *   <li>one device whose batch norms normalise 2 ghost groups of rows, the rows each replica has, and
 *       keep group 0's moving statistics ({@link Placement#emulatingReplicas}).
 * </ol>
 *
 * The check: (1) differs from (2) by far more than float summation order (max relative difference
 * above 1e-3), while (1) equals (3) to the exactness of the batch-norm-free {@link ReplicationTest}
 * (below 1e-5). Once one device takes per-group statistics, nothing else separates it from the
 * replicas: not the gradient averaging, the data slicing, the placement or which replica's state
 * is kept. If the replicas did anything else differently (another slicing of D's concatenated
 * batch, another replica's moving statistics, a gradient not averaged), (3) would not match (1):
 * measured with D's groups as the halves [real | generated] (6.72) and with group 1's moving
 * statistics kept (1.06), against 4.1e-6 as built (20 steps).
 *
 * <p>Both comparisons are over every variable (weights, γ, β, moving variances, Adam slots, EMA)
 * except the {@link #INERT} ones: the per-channel bias of a convolution feeding a batch norm, which
 * the batch norm subtracts again. Its exact gradient is zero, so what it receives is float round-off,
 * which Adam's normalisation scales up to steps of about the learning rate whatever its size; its
 * value, its slots and EMA, and the moving mean that accumulates it are amplified round-off of the
 * summation order, and differ between any two summation orders, (1) and (3) included. The test
 * reports their largest absolute value, which Adam bounds near steps × learning rate.
 */
class BatchNormReplicationTest {

  static final int STEPS = 20;

  /**
   * The variables of {@link #dcganWithBatchNorm} that a batch norm makes inert: the biases added just
   * before one (D's {@code down*_conv1}, G's {@code up*}), their Adam slots and EMA, and that batch
   * norm's moving mean.
   */
  static final Pattern INERT =
      Pattern.compile("(D_down\\d_conv1_b|G_up\\d_b)(_adam_m|_adam_v|_ema)?|(D_down\\d_bn1|G_up\\d_bn)_moving_mean");

  @TempDir Path dir;

  /** The dcgan recipe at tiny widths with batch norm in D as well as in G; global batch 16, 8 rows per replica. */
  static TrainConfig dcganWithBatchNorm(int steps) {
    List<Integer> shape = StepParityTest.data(false).elementShape();
    Recipe r = Recipes.DCGAN;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 16).batchNorm(true).build())
        .batch(16).steps(steps).checkpointEvery(steps).emaStart(1).seed(7).build();
  }

  @Test
  void twoReplicasDifferFromOneDeviceOnlyByTheirPerReplicaStatistics() {
    ImageDataset data = StepParityTest.data(false);
    TrainConfig c = dcganWithBatchNorm(STEPS);
    Map<String, float[]> two = train(dir.resolve("two"), c, data, Placement.devices(List.of("/cpu:0", "/cpu:1")));
    Map<String, float[]> one = train(dir.resolve("one"), c, data, Placement.LOCAL);
    Map<String, float[]> ghost = train(dir.resolve("ghost"), c, data, Placement.emulatingReplicas(2));
    assertThat(two.keySet()).isEqualTo(one.keySet()).isEqualTo(ghost.keySet());
    Set<String> inert = two.keySet().stream().filter(n -> INERT.matcher(n).matches()).collect(Collectors.toSet());
    // 2 D biases × (value, 2 slots) + 2 G biases × (value, 2 slots, EMA) + 4 moving means: nothing else is left out.
    assertThat(inert).hasSize(18);
    double replicasVsOne = ReplicationTest.maxRelativeDifference(without(two, inert), without(one, inert));
    double replicasVsGhost = ReplicationTest.maxRelativeDifference(without(two, inert), without(ghost, inert));
    double inertScale = 0;
    for (String n : inert) {
      if (!n.contains("_adam_") && !n.contains("moving")) {
        for (float v : two.get(n)) {
          inertScale = Math.max(inertScale, Math.abs(v));
        }
      }
    }
    System.out.printf("dcgan with BN in G and D, batch 16, %d steps, %d of %d variables, max relative difference:"
        + " two CPU devices vs one device %.3g; vs one device with 2 ghost batch-norm groups %.3g"
        + " (inert pre-BN biases: |b| <= %.3g, vs ghost %.3g)%n", STEPS, two.size() - inert.size(), two.size(),
        replicasVsOne, replicasVsGhost, inertScale, ReplicationTest.maxRelativeDifference(only(two, inert), only(ghost, inert)));
    assertThat(two.keySet()).contains("D_down1_bn1_moving_var", "G_up1_bn_moving_var", "G_stem_bn_moving_mean");
    assertThat(replicasVsOne).isGreaterThan(1e-3);
    assertThat(replicasVsGhost).isLessThan(1e-5);
  }

  @Test
  void ghostGroupsAreForOneInProcessDeviceAndMustSplitTheBatch() {
    assertThatThrownBy(() -> new Placement(List.of("/cpu:0", "/cpu:1"), "/cpu:0", "", 2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batch-norm groups (2) emulate replicas on one in-process device; they need >= 1 and, above 1,"
            + " no devices or cluster");
    TrainingData data = StepParityTest.data(false);
    try (Graph g = new Graph()) {
      assertThatThrownBy(() -> new TrainingGraph(g, dcganWithBatchNorm(1), data, Placement.emulatingReplicas(3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("--batch 16 does not split into 3 equal batch-norm groups; use a multiple of 3");
    }
  }

  static Map<String, float[]> without(Map<String, float[]> vars, Set<String> names) {
    return vars.entrySet().stream().filter(e -> !names.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static Map<String, float[]> only(Map<String, float[]> vars, Set<String> names) {
    return vars.entrySet().stream().filter(e -> names.contains(e.getKey()))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  static Map<String, float[]> train(Path run, TrainConfig c, TrainingData data, Placement placement) {
    // As ReplicationTest: one thread each and no Grappler rewrites, so the runs differ only in what they compute.
    SessionOptions options = SessionOptions.DEFAULT.withThreads(1, 1).withGraphRewrites(false);
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH, options, placement)) {
      t.train(TrainingListener.NONE);
      return t.variables();
    }
  }
}
