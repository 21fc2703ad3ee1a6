package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.train.SessionOptions;
import io.gan4j.sdk.train.Trainer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A chief and two workers, each its own JVM on loopback ports, train the MLP GAN (no batch norm) for
 * 50 steps with a global batch of 24; the single-process run with the same batch ends with the same
 * weights. Why: the chief slices every global batch (data, z) into three equal slices of 8; each
 * worker's loss is the mean over its slice, so (1/3)·Σ_r ∇(mean over slice r) = ∇(mean over the 24)
 * exactly in real arithmetic, and one update per player is applied from that mean on the chief. What
 * is left is float summation order, far below 1e-5 after 50 Adam steps.
 */
class DistributedTrainingTest {

  @TempDir Path dir;
  private final List<Process> children = new ArrayList<>();

  @AfterEach
  void stopChildren() {
    children.forEach(Process::destroyForcibly);
  }

  @Test
  void chiefAndTwoWorkerProcessesTrainTheSameWeightsAsOneProcess() throws Exception {
    String spec = "worker=localhost:" + freePort() + ",localhost:" + freePort() + ",localhost:" + freePort();
    ChildOutput w1 = worker(spec, 1);
    ChildOutput w2 = worker(spec, 2);
    List<String> common = List.of("train", "--model", "mlp", "--data", "grid25", "--steps", "50", "--batch", "24", "--seed", "3",
        "--checkpoint-every", "50");
    List<String> chiefArgs = new ArrayList<>(common);
    chiefArgs.addAll(List.of("--out", dir.resolve("cluster").toString(), "--cluster", spec, "--task", "0"));
    Process chief = start(chiefArgs);
    ChildOutput chiefOut = ChildOutput.of(chief);
    assertThat(chief.waitFor(90, TimeUnit.SECONDS)).as("chief finished").isTrue();
    chiefOut.join(5000);
    assertThat(chief.exitValue()).as(chiefOut.text()).isZero();
    assertThat(chiefOut.text()).contains("gan4j: 3 replicas of the step (/job:worker/replica:0/task:0/device:CPU:0, "
        + "/job:worker/replica:0/task:1/device:CPU:0, /job:worker/replica:0/task:2/device:CPU:0), 8 samples each");
    assertThat(w1.text()).contains("gan4j: worker task 1 on " + spec.split("[=,]")[2] + " is up");
    assertThat(w2.text()).contains("is up");

    List<String> localArgs = new ArrayList<>(common);
    localArgs.addAll(List.of("--out", dir.resolve("local").toString()));
    assertThat(Main.run(localArgs.toArray(String[]::new))).isZero();

    Map<String, float[]> distributed = weights(dir.resolve("cluster"));
    Map<String, float[]> local = weights(dir.resolve("local"));
    double worst = maxRelativeDifference(distributed, local);
    System.out.printf("chief + 2 worker JVMs vs 1 process, 50 steps, batch 24: max relative difference over %d variables %.3g%n",
        local.size(), worst);
    assertThat(distributed.keySet()).isEqualTo(local.keySet());
    assertThat(worst).isLessThan(1e-5);
    assertThat(maxRelativeDifference(distributed, weights(dir.resolve("cluster"), 0))).isGreaterThan(1e-2); // it trained
  }

  /**
   * A worker killed mid-run: the chief ends with one line naming it and exit code 3, promptly. (With a
   * worker gone, closing the grpc:// session waited for it forever; the chief hung after its error.)
   */
  @Test
  void aWorkerKilledMidRunEndsTheChiefWithExitCode3AndOneLine() throws Exception {
    String spec = "worker=localhost:" + freePort() + ",localhost:" + freePort();
    Process worker = start(List.of("worker", "--cluster", spec, "--task", "1"));
    ChildOutput workerOut = ChildOutput.of(worker);
    awaitUp(worker, workerOut, 1);
    Path run = dir.resolve("killed");
    Process chief = start(List.of("train", "--model", "mlp", "--data", "grid25", "--steps", "1000000", "--batch", "24",
        "--checkpoint-every", "50", "--out", run.toString(), "--cluster", spec, "--task", "0"));
    ChildOutput chiefOut = ChildOutput.of(chief);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (!run.resolve("checkpoints").resolve("step-00000050").toFile().isDirectory() && chief.isAlive()
        && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(chief.isAlive()).as(chiefOut.text()).isTrue();
    worker.destroyForcibly().waitFor();
    assertThat(chief.waitFor(60, TimeUnit.SECONDS)).as("the chief exited within 60 s of the kill: " + chiefOut.text()).isTrue();
    chiefOut.join(5000);
    assertThat(chief.exitValue()).as(chiefOut.text()).isEqualTo(3);
    assertThat(chiefOut.text()).containsPattern("gan4j: error: worker task 1 failed at step \\d+ \\(TensorFlow: [^\\n]+\\); "
        + "the newest checkpoint, \\S+step-\\d{8}, is what a resume continues from; nothing after it is kept; restart the worker "
        + "and continue with: gan4j train --resume --out " + Pattern.quote(run.toString()) + " --cluster " + Pattern.quote(spec) + " --task 0");
  }

  private ChildOutput worker(String spec, int task) throws Exception {
    Process p = start(List.of("worker", "--cluster", spec, "--task", Integer.toString(task)));
    ChildOutput out = ChildOutput.of(p);
    awaitUp(p, out, task);
    return out;
  }

  private static void awaitUp(Process p, ChildOutput out, int task) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!out.text().contains("is up") && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(out.text()).as("worker %d output", task).contains("is up");
  }

  private Process start(List<String> args) throws IOException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> cmd = new ArrayList<>(List.of(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    children.add(p);
    return p;
  }

  /** Every variable of a run's newest checkpoint (weights, Adam slots, the moving average). */
  static Map<String, float[]> weights(Path run) {
    try (Trainer t = Trainer.open(run, Trainer.readConfig(run), GaussianMixture2d.grid25(), Trainer.Start.RESUME, SessionOptions.DEFAULT)) {
      return t.variables();
    }
  }

  /** The weights a run starts from (a fresh run of the same config, not trained). */
  static Map<String, float[]> weights(Path run, int steps) {
    Path fresh = run.resolveSibling(run.getFileName() + "-start");
    try (Trainer t = Trainer.open(fresh, Trainer.readConfig(run), GaussianMixture2d.grid25(), Trainer.Start.FRESH, SessionOptions.DEFAULT)) {
      return t.variables();
    }
  }

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

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
