package io.gan4j.sdk.train.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Waits until every task of a cluster accepts connections on its port, so that a chief started
 * before its workers waits for them, and one started against a missing worker says which one
 * instead of hanging inside TensorFlow's session setup.
 *
 * <p>Usage: {@code TaskProbe.awaitAll(spec, Duration.ofSeconds(60));}
 */
public final class TaskProbe {

  private static final int CONNECT_MILLIS = 500;
  private static final int RETRY_MILLIS = 200;

  private TaskProbe() {}

  /**
   * Returns once every task of every job of {@code spec} listens, checking again every 200 ms.
   *
   * @throws ClusterUnavailableException naming the first task still missing after {@code timeout}
   */
  public static void awaitAll(ClusterSpec spec, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String[]> missing = new ArrayList<>();
    spec.jobs().forEach((job, tasks) -> {
      for (int i = 0; i < tasks.size(); i++) {
        missing.add(new String[] {job, Integer.toString(i), tasks.get(i)});
      }
    });
    while (!missing.isEmpty()) {
      missing.removeIf(t -> listens(t[2]));
      if (missing.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        String[] t = missing.get(0);
        throw new ClusterUnavailableException(t[0], Integer.parseInt(t[1]), t[0] + " task " + t[1] + " (" + t[2]
            + ") did not answer within " + timeout.toSeconds() + " s" + (missing.size() > 1 ? " (nor " + (missing.size() - 1)
            + " other task" + (missing.size() > 2 ? "s" : "") + ")" : "") + "; start it with: gan4j worker --cluster " + spec
            + " --task " + t[1]);
      }
      try {
        Thread.sleep(RETRY_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClusterUnavailableException(missing.get(0)[0], -1, "interrupted while waiting for the cluster's tasks");
      }
    }
  }

  static boolean listens(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon).replace("[", "").replace("]", "");
    int port = Integer.parseInt(address.substring(colon + 1));
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(host, port), CONNECT_MILLIS);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
