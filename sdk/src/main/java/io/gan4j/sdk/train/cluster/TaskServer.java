package io.gan4j.sdk.train.cluster;

import org.tensorflow.Server;
import org.tensorflow.proto.ServerDef;

/**
 * One task of a TensorFlow cluster: TensorFlow's own gRPC server ({@link Server}) for task
 * {@code task} of {@code job}, listening on that task's port of the {@link ClusterSpec}. A worker
 * process runs one and waits; the chief runs one for itself and opens its session on it.
 *
 * <p>Usage: {@code try (TaskServer s = TaskServer.start(spec, ClusterSpec.WORKER, 1)) { s.join(); }}
 */
public final class TaskServer implements AutoCloseable {

  private final Server server;
  private final String name;

  private TaskServer(Server server, String name) {
    this.server = server;
    this.name = name;
  }

  /**
   * Starts the server of {@code job}'s task {@code task}.
   *
   * @throws IllegalArgumentException when the task is not in the spec
   * @throws ClusterUnavailableException with one line naming the task and address when the server
   *     cannot start (typically its port is in use)
   */
  public static TaskServer start(ClusterSpec spec, String job, int task) {
    spec.checkTask(job, task);
    String address = spec.address(job, task);
    ServerDef def = ServerDef.newBuilder()
        .setCluster(spec.toClusterDef())
        .setJobName(job)
        .setTaskIndex(task)
        .setProtocol("grpc")
        .build();
    Server server;
    try {
      server = new Server(def);
    } catch (RuntimeException e) {
      throw new ClusterUnavailableException(job, task, "cannot start " + job + " task " + task + " on " + address + ": "
          + firstLine(e) + portHint(e), e);
    }
    try {
      server.start();
    } catch (RuntimeException e) {
      close(server);
      throw new ClusterUnavailableException(job, task, "cannot start " + job + " task " + task + " on " + address + ": "
          + firstLine(e), e);
    }
    return new TaskServer(server, job + " task " + task + " on " + address);
  }

  /** Blocks until the server stops (a worker process's main loop). */
  public void join() {
    server.join();
  }

  @Override
  public String toString() {
    return name;
  }

  /**
   * Releases the server as far as TensorFlow allows: its gRPC server cannot be stopped in TF 2.18
   * ("Clean shutdown is not currently implemented"), so the port stays bound until the process
   * exits. A worker process therefore ends by exiting, and tests use fresh ports.
   */
  @Override
  public void close() {
    close(server);
  }

  private static void close(Server server) {
    try {
      server.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (org.tensorflow.exceptions.TFUnimplementedException e) {
      // see close(): nothing more can be released
    }
  }

  private static String firstLine(RuntimeException e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.split("\n")[0].strip();
  }

  private static String portHint(RuntimeException e) {
    String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
    return m.contains("bind") || m.contains("address already in use") || m.contains("could not start")
        ? " (is the port in use by another process?)" : "";
  }
}
