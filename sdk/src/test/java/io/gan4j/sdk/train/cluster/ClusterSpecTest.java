package io.gan4j.sdk.train.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.ClusterDef;

class ClusterSpecTest {

  @Test
  void parsesJobsAndTasksInOrder() {
    ClusterSpec spec = ClusterSpec.parse(" worker=h1:2222, h2:2223 ,h3:2224");
    assertThat(spec.jobs()).containsExactly(java.util.Map.entry("worker", List.of("h1:2222", "h2:2223", "h3:2224")));
    assertThat(spec.tasks("worker")).isEqualTo(3);
    assertThat(spec.tasks("chief")).isZero();
    assertThat(spec.address("worker", 1)).isEqualTo("h2:2223");
    assertThat(spec.toString()).isEqualTo("worker=h1:2222,h2:2223,h3:2224");
    assertThat(ClusterSpec.device("worker", 1)).isEqualTo("/job:worker/replica:0/task:1/device:CPU:0");
  }

  @Test
  void becomesTensorFlowsClusterDef() {
    ClusterDef def = ClusterSpec.parse("worker=localhost:1,[::1]:2").toClusterDef();
    assertThat(def.getJobCount()).isEqualTo(1);
    assertThat(def.getJob(0).getName()).isEqualTo("worker");
    assertThat(def.getJob(0).getTasksMap()).containsEntry(0, "localhost:1").containsEntry(1, "[::1]:2");
  }

  @Test
  void badSpecsAreNamedExactly() {
    assertMessage("", "empty cluster spec; write it as worker=host:port,host:port");
    assertMessage("h1:2222", "cluster spec 'h1:2222' must start with a job name, e.g. worker=h1:2222");
    assertMessage("worker=h1:2222,,h2:1", "empty address in cluster spec 'worker=h1:2222,,h2:1'");
    assertMessage("worker=h1", "bad address 'h1' in cluster spec 'worker=h1' (want host:port)");
    assertMessage("worker=h1:abc", "bad port in 'h1:abc' of cluster spec 'worker=h1:abc' (1 to 65535)");
    assertMessage("worker=h1:70000", "bad port in 'h1:70000' of cluster spec 'worker=h1:70000' (1 to 65535)");
    assertMessage("Worker=h1:1", "bad job name 'Worker' in cluster spec 'Worker=h1:1' (lower-case letters, digits, _)");
    assertMessage("worker=h1:1,worker=h2:1", "job 'worker' appears twice in cluster spec 'worker=h1:1,worker=h2:1'");
    assertMessage("worker=h1:1,h1:1", "address h1:1 appears twice in cluster spec 'worker=h1:1,h1:1'");
  }

  @Test
  void onlyTheWorkerJobIsAccepted() {
    assertMessage("worker=h1:1,ps=h2:1", "cluster spec 'worker=h1:1,ps=h2:1' has job 'ps'; only worker=host:port,... is supported"
        + " (the trainer runs one replica per worker task and uses no other job)");
    assertMessage("chief=h1:1", "cluster spec 'chief=h1:1' has job 'chief'; only worker=host:port,... is supported"
        + " (the trainer runs one replica per worker task and uses no other job)");
    assertThatThrownBy(() -> new ClusterSpec(java.util.Map.of("ps", List.of("h2:1")))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster spec 'ps=h2:1' has job 'ps'; only worker=host:port,... is supported"
            + " (the trainer runs one replica per worker task and uses no other job)");
    assertThatThrownBy(() -> new ClusterSpec(java.util.Map.of("worker", List.of())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster spec worker= has no worker task; write it as worker=host:port,host:port");
  }

  @Test
  void aTaskOutsideTheJobIsNamedWithTheRange() {
    ClusterSpec spec = ClusterSpec.parse("worker=h1:1,h2:2");
    assertThatThrownBy(() -> spec.checkTask("worker", 2)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("task 2 is not in job 'worker' of cluster spec worker=h1:1,h2:2 (tasks 0 to 1)");
    assertThatThrownBy(() -> spec.checkTask("ps", 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cluster spec worker=h1:1,h2:2 has no job 'ps'");
  }

  private static void assertMessage(String spec, String message) {
    assertThatThrownBy(() -> ClusterSpec.parse(spec)).isInstanceOf(IllegalArgumentException.class).hasMessage(message);
  }
}
