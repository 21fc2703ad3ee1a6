package io.gan4j.sdk.train.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TaskProbeTest {

  @Test
  void aMissingTaskIsNamedAfterTheTimeout() throws Exception {
    try (ServerSocket chief = new ServerSocket(0)) {
      int missing = NativeShimTest.freePort();
      ClusterSpec spec = ClusterSpec.parse("worker=localhost:" + chief.getLocalPort() + ",localhost:" + missing);
      long start = System.nanoTime();
      assertThatThrownBy(() -> TaskProbe.awaitAll(spec, Duration.ofSeconds(1)))
          .isInstanceOfSatisfying(ClusterUnavailableException.class, e -> assertThat(e.task()).isEqualTo(1))
          .hasMessage("worker task 1 (localhost:" + missing + ") did not answer within 1 s; start it with: gan4j worker --cluster "
              + spec + " --task 1");
      assertThat((System.nanoTime() - start) / 1e9).isBetween(1.0, 3.0);
    }
  }

  @Test
  void returnsOnceEveryTaskListens() throws Exception {
    try (ServerSocket a = new ServerSocket(0); ServerSocket b = new ServerSocket(0)) {
      ClusterSpec spec = ClusterSpec.parse("worker=localhost:" + a.getLocalPort() + ",localhost:" + b.getLocalPort());
      long start = System.nanoTime();
      TaskProbe.awaitAll(spec, Duration.ofSeconds(5));
      assertThat((System.nanoTime() - start) / 1e9).isLessThan(1.0);
    }
  }
}
