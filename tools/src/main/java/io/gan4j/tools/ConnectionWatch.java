package io.gan4j.tools;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.io.Connection;

/**
 * Watches the server's connections: counts them, marks each one opened beyond the connection limit
 * (its request is answered 503 and the connection closed), and closes a connection that has not
 * delivered a complete request header within the read timeout of opening or of its previous answer.
 * Jetty's idle timeout alone would let a client that drips one header byte per idle period hold a
 * connection for ever; this deadline does not move with the bytes. (Bodies have their own deadline,
 * kept by {@link RequestHandling}, which can answer 408 because the request is known by then.)
 *
 * <p>Usage: {@code connector.addEventListener(watch); ... watch.admit(connection); ... watch.sweep();}
 */
final class ConnectionWatch implements Connection.Listener {

  private static final class Watched {
    final boolean overLimit;
    volatile long deadline; // System.nanoTime() by which a request header must be complete; MAX_VALUE while one is handled

    Watched(boolean overLimit, long deadline) {
      this.overLimit = overLimit;
      this.deadline = deadline;
    }
  }

  private final Map<Connection, Watched> open = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private final int maxConnections;
  private final long timeoutNanos;
  private final ServerMetrics metrics;

  ConnectionWatch(int maxConnections, long timeoutNanos, ServerMetrics metrics) {
    this.maxConnections = maxConnections;
    this.timeoutNanos = timeoutNanos;
    this.metrics = metrics;
  }

  @Override
  public void onOpened(Connection connection) {
    int n = count.incrementAndGet();
    open.put(connection, new Watched(n > maxConnections, System.nanoTime() + timeoutNanos));
  }

  @Override
  public void onClosed(Connection connection) {
    if (open.remove(connection) != null) {
      count.decrementAndGet();
    }
  }

  int open() {
    return count.get();
  }

  int maxConnections() {
    return maxConnections;
  }

  /** A request's header arrived on {@code connection}: false if the connection is beyond the limit (answer 503). */
  boolean admit(Connection connection) {
    Watched w = open.get(connection);
    if (w == null) {
      return true; // not a network connection we saw open (e.g. an in-memory one)
    }
    w.deadline = Long.MAX_VALUE;
    return !w.overLimit;
  }

  /** The request on {@code connection} was answered: the next one's header must be complete within the timeout. */
  void answered(Connection connection) {
    Watched w = open.get(connection);
    if (w != null) {
      w.deadline = System.nanoTime() + timeoutNanos;
    }
  }

  /** Closes every connection whose request header is overdue; runs every fraction of the timeout. */
  void sweep() {
    long now = System.nanoTime();
    open.forEach((connection, w) -> {
      if (now - w.deadline > 0) {
        w.deadline = Long.MAX_VALUE; // close once
        metrics.timedOut("headers");
        connection.getEndPoint().close();
      }
    });
  }
}
