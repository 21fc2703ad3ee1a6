package io.gan4j.tools;

import io.gan4j.sdk.train.Placement;
import io.gan4j.sdk.train.cluster.ClusterSpec;
import io.gan4j.sdk.train.cluster.TaskProbe;
import io.gan4j.sdk.train.cluster.TaskServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --devices}, {@code --cluster}, {@code --task} and {@code --wait} of {@code train}: where the
 * replicas of the step run. With {@code --cluster} this process is the chief, task 0 of the
 * {@code worker} job: it starts that task's TensorFlow server, waits for the other tasks and trains.
 */
final class PlacementOptions {

  @Option(names = "--devices", split = ",", description = "one replica of the step per device of this process, e.g. /cpu:0,/cpu:1"
      + " or /gpu:0,/gpu:1; --batch is the global batch, split equally")
  List<String> devices;

  @Option(names = "--cluster", description = "train on a TensorFlow cluster, one replica per worker task: worker=host:port,host:port"
      + " (task 0 first: this process, the chief); start the others with gan4j worker --cluster ... --task N")
  String cluster;

  @Option(names = "--task", defaultValue = "0", description = "with --cluster: this process's worker task; train runs the chief, 0")
  int task;

  @Option(names = "--wait", defaultValue = "60", description = "with --cluster: seconds to wait for every worker task at startup (default: ${DEFAULT-VALUE})")
  int waitSeconds;

  /** The spec of {@code --cluster}, or null without it. */
  ClusterSpec spec() {
    return cluster == null ? null : ClusterSpec.parse(cluster);
  }

  /**
   * The placement these options ask for; with {@code --cluster}, after starting the chief's server
   * and waiting for every worker (the server lives as long as the process: TensorFlow cannot stop it).
   */
  Placement open(PrintStream console) {
    if (waitSeconds < 0) {
      throw new IllegalArgumentException("--wait must be >= 0 seconds, got " + waitSeconds);
    }
    if (devices != null && cluster != null) {
      throw new IllegalArgumentException("--devices and --cluster exclude each other: a cluster runs one replica per worker task");
    }
    if (devices != null) {
      return Placement.devices(devices);
    }
    if (cluster == null) {
      if (task != 0) {
        throw new IllegalArgumentException("--task needs --cluster");
      }
      return Placement.LOCAL;
    }
    ClusterSpec spec = spec();
    spec.checkTask(ClusterSpec.WORKER, task);
    if (task != 0) {
      throw new IllegalArgumentException("train runs the chief, worker task 0; start task " + task + " with: gan4j worker --cluster "
          + spec + " --task " + task);
    }
    TaskServer server = TaskServer.start(spec, ClusterSpec.WORKER, 0);
    console.printf("gan4j: chief %s started; waiting up to %d s for %d worker task(s)%n", server, waitSeconds,
        spec.tasks(ClusterSpec.WORKER) - 1);
    TaskProbe.awaitAll(spec, Duration.ofSeconds(waitSeconds));
    return Placement.cluster(spec);
  }

  /** The flags that put a resumed run back on the same placement, e.g. {@code  --cluster worker=... --task 0}. */
  String resumeFlags() {
    if (devices != null) {
      return " --devices " + String.join(",", devices);
    }
    return cluster == null ? "" : " --cluster " + spec() + " --task 0";
  }
}
