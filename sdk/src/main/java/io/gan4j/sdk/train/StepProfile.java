package io.gan4j.sdk.train;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.NodeExecStats;
import org.tensorflow.proto.StepStats;

/**
 * Where the time of a training step goes, from TensorFlow's own per-kernel trace (FULL_TRACE step
 * stats): kernel milliseconds per step summed by op type, as TensorFlow ran the graph after its
 * rewrites (so fused oneDNN kernels appear under their own names). Kernels of different ops can run
 * at once, so the kernel total may exceed the wall time. {@link #bfloat16KernelsPerStep()} counts the
 * kernels with a bfloat16 output: 0 in float32, most of the step under {@link Precision#BF16}, the
 * evidence that TensorFlow's mixed-precision rewrite actually ran.
 *
 * <p>Usage: {@code System.out.println(trainer.profileSteps(20).format(15));}
 */
public record StepProfile(int steps, double wallMsPerStep, List<Row> rows, double bfloat16KernelsPerStep) {

  /** One op type: summed kernel time per step and kernels run per step. */
  public record Row(String opType, double msPerStep, double kernelsPerStep) {}

  public StepProfile {
    rows = List.copyOf(rows);
  }

  /** Kernel milliseconds per step over all op types. */
  public double kernelMsPerStep() {
    return rows.stream().mapToDouble(Row::msPerStep).sum();
  }

  /** A Markdown table of the {@code top} op types by time, then the rest in one row. */
  public String format(int top) {
    double total = kernelMsPerStep();
    StringBuilder s = new StringBuilder(String.format(Locale.ROOT,
        "%d traced steps: wall %.1f ms/step, kernels %.1f ms/step, %.0f kernels/step with a bfloat16 output%n%n"
            + "| op type | ms/step | share | kernels/step |%n|---|---:|---:|---:|%n",
        steps, wallMsPerStep, total, bfloat16KernelsPerStep));
    double rest = 0;
    double restKernels = 0;
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      if (i < top) {
        s.append(String.format(Locale.ROOT, "| %s | %.2f | %.1f %% | %.0f |%n", r.opType(), r.msPerStep(), 100 * r.msPerStep() / total,
            r.kernelsPerStep()));
      } else {
        rest += r.msPerStep();
        restKernels += r.kernelsPerStep();
      }
    }
    if (rows.size() > top) {
      s.append(String.format(Locale.ROOT, "| %d other op types | %.2f | %.1f %% | %.0f |%n", rows.size() - top, rest, 100 * rest / total,
          restKernels));
    }
    return s.toString();
  }

  /** Sums the kernels of traced runs by op type (parsed from the timeline label "name = Type(...)"). */
  static StepProfile of(List<StepStats> traces, int steps, double wallSeconds) {
    Map<String, double[]> byType = new HashMap<>(); // type -> {micros, count}
    long bfloat16 = 0;
    for (StepStats stats : traces) {
      for (DeviceStepStats dev : stats.getDevStatsList()) {
        for (NodeExecStats node : dev.getNodeStatsList()) {
          double[] acc = byType.computeIfAbsent(opType(node), k -> new double[2]);
          acc[0] += node.getOpEndRelMicros() - node.getOpStartRelMicros();
          acc[1] += 1;
          if (node.getOutputList().stream().anyMatch(o -> o.getTensorDescription().getDtype() == DataType.DT_BFLOAT16)) {
            bfloat16++;
          }
        }
      }
    }
    List<Row> rows = new ArrayList<>();
    byType.forEach((type, acc) -> rows.add(new Row(type, acc[0] / 1000.0 / steps, acc[1] / steps)));
    rows.sort(Comparator.comparingDouble(Row::msPerStep).reversed());
    return new StepProfile(steps, wallSeconds * 1000 / steps, rows, (double) bfloat16 / steps);
  }

  static String opType(NodeExecStats node) {
    String label = node.getTimelineLabel();
    int eq = label.indexOf(" = ");
    int paren = label.indexOf('(', eq + 3);
    if (eq >= 0 && paren > eq) {
      return label.substring(eq + 3, paren);
    }
    // Kernels without a label (e.g. _SOURCE): the node name says what it is.
    return node.getNodeName();
  }
}
