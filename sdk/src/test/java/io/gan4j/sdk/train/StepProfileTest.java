package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.StepStats;

class StepProfileTest {
  @TempDir Path dir;

  private static NodeExecStats node(String name, String label, long startRel, long endRel) {
    return NodeExecStats.newBuilder().setNodeName(name).setTimelineLabel(label)
        .setOpStartRelMicros(startRel).setOpEndRelMicros(endRel).build();
  }

  @Test
  void sumsKernelTimeByOpTypeAndStep() {
    StepStats step = StepStats.newBuilder().addDevStats(DeviceStepStats.newBuilder().setDevice("cpu:0")
        .addNodeStats(node("D_conv1", "D_conv1 = _MklNativeConv2D(x, w)", 10, 3010))
        .addNodeStats(node("G_conv1", "G_conv1 = _MklNativeConv2D(z, w)", 0, 1000))
        .addNodeStats(node("D_add", "D_add = Add(a, b)", 5, 505))
        .addNodeStats(node("_SOURCE", "", 0, 0))).build();
    // Two traced steps of the same stats.
    StepProfile p = StepProfile.of(List.of(step, step), 2, 0.010);

    assertThat(p.wallMsPerStep()).isCloseTo(5.0, within(1e-9));
    assertThat(p.rows()).extracting(StepProfile.Row::opType).containsExactly("_MklNativeConv2D", "Add", "_SOURCE");
    assertThat(p.rows().get(0).msPerStep()).isCloseTo(4.0, within(1e-9)); // (3000 + 1000) µs per step
    assertThat(p.rows().get(0).kernelsPerStep()).isEqualTo(2.0);
    assertThat(p.rows().get(1).msPerStep()).isCloseTo(0.5, within(1e-9));
    assertThat(p.kernelMsPerStep()).isCloseTo(4.5, within(1e-9));
    assertThat(p.format(1)).contains("| _MklNativeConv2D | 4.00 | 88.9 % | 2 |", "| 2 other op types | 0.50 | 11.1 % | 2 |",
        "wall 5.0 ms/step, kernels 4.5 ms/step");
  }

  @Test
  void profilesARealTrainingStep() {
    TrainingData data = Shapes.generate(256, 1);
    TrainConfig config = TrainerTest.tinyImageConfig(data);
    try (Trainer t = Trainer.open(dir.resolve("run"), config, data, Trainer.Start.FRESH, SessionOptions.DEFAULT.withThreads(1, 1))) {
      StepProfile p = t.profileSteps(2);
      assertThat(p.steps()).isEqualTo(2);
      // Both optimisers ran once per step: one ApplyAdam kernel per trained variable of G and D.
      int trained = (int) t.variables().keySet().stream().filter(n -> n.matches("[GD]_.*") && !n.contains("adam")
          && !n.contains("moving") && !n.contains("_ema")).count();
      double adam = p.rows().stream().filter(r -> r.opType().equals("ApplyAdam")).findFirst().orElseThrow().kernelsPerStep();
      assertThat(adam).isEqualTo(trained);
      assertThat(p.kernelMsPerStep()).isPositive();
      assertThat(t.step()).isEqualTo(2);
    }
  }

  @Test
  void sessionOptionsBecomeTheConfigProto() {
    ConfigProto proto = SessionOptions.DEFAULT.withThreads(2, 1).withXlaJit(true).toConfigProto();
    assertThat(proto.getIntraOpParallelismThreads()).isEqualTo(2);
    assertThat(proto.getInterOpParallelismThreads()).isEqualTo(1);
    assertThat(proto.getGraphOptions().getOptimizerOptions().getGlobalJitLevel()).isEqualTo(OptimizerOptions.GlobalJitLevel.ON_1);
    assertThat(SessionOptions.DEFAULT.toConfigProto().hasGraphOptions()).isFalse();
    assertThat(SessionOptions.DEFAULT.withGraphRewrites(false).toConfigProto().getGraphOptions().getRewriteOptions()
        .getDisableMetaOptimizer()).isTrue();
    assertThat(SessionOptions.DEFAULT.withGraphRewrites(false)).hasToString("intra-op default, inter-op default, no graph rewrites");
    assertThatThrownBy(() -> SessionOptions.DEFAULT.withThreads(-1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("thread counts must be >= 0 (0 = TensorFlow's default), got intra-op -1 and inter-op 0");
  }
}
