package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.RunOptions;

/**
 * Grappler's rewrites reach the training step. When a Grappler pass leaves a graph it cannot sort
 * topologically (TensorFlow logs "The graph couldn't be sorted in topological order"), the session
 * quietly runs the graph as built, unoptimised, and nothing else shows it. What shows it: the graph
 * that actually ran (RunOptions' partition graphs) has nodes only Grappler makes, named
 * {@code ConstantFolding/…}.
 */
class GraphRewritesTest {

  /**
   * The tiny biggan step of {@link StepParityTest#biggan()}, run as a bare target (as the step-parity
   * warm-up runs it; with G's loss fetched the graph differs): its orthogonal regularisation once masked
   * WᵀW with a constant (1 − I), and constant folding's push-down of the gradient's constant into that
   * product made a cycle (the folded constant waits on a control node that waits on the product).
   */
  @Test
  void theBigGanStepRunsTheGraphGrapplerRewrote() {
    try (Graph graph = new Graph()) {
      TrainingGraph tg = new TrainingGraph(graph, StepParityTest.biggan(), StepParityTest.data(true));
      try (Session s = new Session(graph, SessionOptions.DEFAULT.toConfigProto())) {
        s.initialize();
        RunOptions partitions = RunOptions.newBuilder().setOutputPartitionGraphs(true).build();
        try (Result r = s.runner().addTarget(tg.variants().get(0).gStep()).setOptions(partitions).runAndFetchMetadata()) {
          List<GraphDef> ran = r.getMetadata().orElseThrow().getPartitionGraphsList();
          assertThat(ran).isNotEmpty();
          long folded = ran.stream().flatMap(p -> p.getNodeList().stream())
              .filter(n -> n.getName().startsWith("ConstantFolding/")).count();
          assertThat(folded).as("nodes from Grappler's constant folding in the graph the G step ran; 0 = "
              + "Grappler's result was dropped and the step ran unoptimised").isPositive();
        }
      }
    }
  }
}
