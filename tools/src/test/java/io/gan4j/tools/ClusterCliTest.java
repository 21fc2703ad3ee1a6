package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster flags' failures are one line each, with exit 1 for a bad command and 3 for an unreachable or unstartable task. */
class ClusterCliTest {

  @TempDir Path dir;

  @Test
  void aBadSpecIsNamed() {
    assertOneLine(CliTest.run("worker", "--cluster", "worker=h1:abc", "--task", "1"), 1,
        "gan4j: error: bad port in 'h1:abc' of cluster spec 'worker=h1:abc' (1 to 65535)");
  }

  @Test
  void task0IsTheChiefNotAWorker() throws Exception {
    String spec = "worker=localhost:" + DistributedTrainingTest.freePort() + ",localhost:" + DistributedTrainingTest.freePort();
    assertOneLine(CliTest.run("worker", "--cluster", spec, "--task", "0"), 1, "gan4j: error: worker task 0 is the chief: run gan4j"
        + " train ... --cluster " + spec + " --task 0 on " + spec.substring("worker=".length(), spec.indexOf(',')));
    assertOneLine(CliTest.run("worker", "--cluster", spec, "--task", "2"), 1,
        "gan4j: error: task 2 is not in job 'worker' of cluster spec " + spec + " (tasks 0 to 1)");
  }

  @Test
  void aPortInUseIsNamed() throws Exception {
    try (ServerSocket taken = new ServerSocket(0)) {
      String address = "localhost:" + taken.getLocalPort();
      String spec = "worker=localhost:" + DistributedTrainingTest.freePort() + "," + address;
      assertOneLine(CliTest.run("worker", "--cluster", spec, "--task", "1"), 3, "gan4j: error: cannot start worker task 1 on "
          + address + ": Could not start gRPC server (is the port in use by another process?)");
    }
  }

  @Test
  void theChiefNamesAWorkerThatNeverCame() throws Exception {
    String missing = "localhost:" + DistributedTrainingTest.freePort();
    String spec = "worker=localhost:" + DistributedTrainingTest.freePort() + "," + missing;
    CliTest.Outcome o = CliTest.run("train", "--model", "mlp", "--data", "grid25", "--steps", "5", "--batch", "8",
        "--out", dir.resolve("run").toString(), "--cluster", spec, "--task", "0", "--wait", "1");
    assertOneLine(o, 3, "gan4j: error: worker task 1 (" + missing + ") did not answer within 1 s; start it with: gan4j worker"
        + " --cluster " + spec + " --task 1");
    assertThat(o.out()).contains("gan4j: chief worker task 0 on " + spec.substring("worker=".length(), spec.indexOf(','))
        + " started; waiting up to 1 s for 1 worker task(s)");
  }

  @Test
  void aBatchThatDoesNotSplitOverTheDevicesLeavesNoConfigJson() {
    Path out = dir.resolve("unsplit");
    assertOneLine(CliTest.run("train", "--model", "mlp", "--data", "grid25", "--steps", "2", "--batch", "6", "--devices", "/cpu:0,/cpu:1",
        "--out", out.toString()), 1, "gan4j: error: --batch 6 does not split into 2 equal replica slices of whole packs of 2; use a"
        + " multiple of 4");
    assertThat(out.resolve("config.json")).doesNotExist();
  }

  @Test
  void aNegativeWaitIsRefusedBeforeAnyServerStarts() throws Exception {
    String spec = "worker=localhost:" + DistributedTrainingTest.freePort() + ",localhost:" + DistributedTrainingTest.freePort();
    CliTest.Outcome o = CliTest.run("train", "--model", "mlp", "--data", "grid25", "--steps", "5", "--batch", "8",
        "--out", dir.resolve("run").toString(), "--cluster", spec, "--task", "0", "--wait", "-1");
    assertOneLine(o, 1, "gan4j: error: --wait must be >= 0 seconds, got -1");
    assertThat(o.out()).doesNotContain("started");
  }

  private static void assertOneLine(CliTest.Outcome o, int exit, String line) {
    assertThat(o.exit()).as(o.err()).isEqualTo(exit);
    assertThat(o.err().lines().filter(l -> l.startsWith("gan4j: error:")).toList()).containsExactly(line);
    assertThat(o.err()).doesNotContain("\tat ");
  }
}
