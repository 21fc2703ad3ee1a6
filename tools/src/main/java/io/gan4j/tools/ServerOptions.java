package io.gan4j.tools;

import java.time.Duration;

/**
 * How the model server protects itself: {@code threads} run the model; a request's headers and body
 * must arrive within {@code readTimeout} of its first byte (and a connection that starts no request
 * within it is closed); beyond {@code maxConnections} open connections a request is answered 503 and
 * its connection closed (beyond twice that the server stops accepting until some close); on shutdown,
 * in-flight requests get {@code shutdownTimeout} to finish.
 *
 * <p>Usage: {@code ServerOptions.DEFAULTS.withReadTimeout(Duration.ofMillis(500)).withMaxConnections(100)}
 */
record ServerOptions(int threads, Duration readTimeout, int maxConnections, Duration shutdownTimeout) {

  /** 8 model threads, 10 s read timeout, 256 connections, 10 s to finish on shutdown. */
  static final ServerOptions DEFAULTS = new ServerOptions(8, Duration.ofSeconds(10), 256, Duration.ofSeconds(10));

  ServerOptions {
    if (threads < 1 || threads > 256) {
      throw new IllegalArgumentException("threads must be in [1, 256], got " + threads);
    }
    if (readTimeout.toMillis() < 10 || readTimeout.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException("the read timeout must be between 10 ms and 1 h, got " + readTimeout.toMillis() + " ms");
    }
    if (maxConnections < 1 || maxConnections > 100_000) {
      throw new IllegalArgumentException("max connections must be in [1, 100000], got " + maxConnections);
    }
    if (shutdownTimeout.isNegative()) {
      throw new IllegalArgumentException("the shutdown timeout must be >= 0, got " + shutdownTimeout.toMillis() + " ms");
    }
  }

  ServerOptions withThreads(int n) {
    return new ServerOptions(n, readTimeout, maxConnections, shutdownTimeout);
  }

  ServerOptions withReadTimeout(Duration d) {
    return new ServerOptions(threads, d, maxConnections, shutdownTimeout);
  }

  ServerOptions withMaxConnections(int n) {
    return new ServerOptions(threads, readTimeout, n, shutdownTimeout);
  }

  ServerOptions withShutdownTimeout(Duration d) {
    return new ServerOptions(threads, readTimeout, maxConnections, d);
  }
}
