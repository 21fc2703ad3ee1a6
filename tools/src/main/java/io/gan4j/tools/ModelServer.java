package io.gan4j.tools;

import io.gan4j.savedmodels.GeneratorModel;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * An HTTP server for one model (a {@link GeneratorModel} or a translator, see {@link ServedModel}) that follows TensorFlow Serving's REST API (see
 * {@link RestApi}) and survives hostile clients: Jetty reads bodies without holding a thread, every
 * request must arrive within the read timeout, connections beyond the limit get 503 (see
 * {@link ServerOptions}), metrics are at {@value RequestHandling#METRICS_PATH}. The model reports
 * {@code LOADING} (503) until {@link #warmUp()} has run a request through it, then {@code AVAILABLE};
 * {@link #shutdown(Duration)} refuses new requests and lets in-flight ones finish within a deadline.
 *
 * <p>Usage: {@code try (ModelServer s = ModelServer.start(model, "demo", 8501, 8)) { ... }}
 */
final class ModelServer implements AutoCloseable {

  /** Largest request body accepted (bytes). */
  static final int MAX_BODY = 8 << 20;

  /** Jetty logs its start, stop and connection-limit events at INFO; the CLI prints its own lines. Held: JUL keeps loggers weakly. */
  private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

  static {
    JETTY_LOG.setLevel(Level.WARNING);
  }

  private final Server jetty;
  private final ServerConnector connector;
  private final GracefulHandler graceful;
  private final ExecutorService workers;
  private final ScheduledExecutorService timers;
  private final RestApi api;
  private final ServerMetrics metrics;
  private final ConnectionWatch watch;
  private final ServerOptions options;
  private volatile String state = "LOADING";

  private ModelServer(ServedModel model, String name, int port, ServerOptions options) {
    this.options = options;
    this.api = new RestApi(model, name, this::state);
    this.metrics = new ServerMetrics(name, this::openConnections, this::state);
    this.watch = new ConnectionWatch(options.maxConnections(), options.readTimeout().toNanos(), metrics);
    this.workers = Executors.newFixedThreadPool(options.threads(), daemon("gan4j-model"));
    this.timers = Executors.newSingleThreadScheduledExecutor(daemon("gan4j-deadlines"));
    // Jetty's threads only parse, read and write without blocking; the model runs on `workers`.
    QueuedThreadPool pool = new QueuedThreadPool(16, 2);
    pool.setName("gan4j-http");
    pool.setDaemon(true);
    this.jetty = new Server(pool);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setRequestHeaderSize(8192);
    this.connector = new ServerConnector(jetty, 1, 1, new HttpConnectionFactory(http));
    connector.setHost("127.0.0.1");
    connector.setPort(port);
    // No byte either way for twice the read timeout: Jetty closes the connection. That is the backstop for a
    // client that does not read its answer; requests themselves meet the read deadline first (408, or a
    // close while the header is incomplete), which Jetty's idle timeout must not pre-empt.
    connector.setIdleTimeout(2 * options.readTimeout().toMillis());
    connector.setAcceptQueueSize(128);
    connector.addEventListener(watch);
    jetty.addConnector(connector);
    // The hard bound behind the 503s: past twice the limit the server stops accepting until some close,
    // so a flood of connections costs the kernel's backlog, not file descriptors.
    jetty.addBean(new NetworkConnectionLimit(2 * options.maxConnections(), connector));
    this.graceful = new GracefulHandler(new RequestHandling(api, metrics, watch, workers, timers, options.readTimeout(), MAX_BODY));
    jetty.setHandler(graceful);
    jetty.setErrorHandler(new JsonErrors());
    jetty.setStopAtShutdown(false); // the CLI's own hook shuts down gracefully
  }

  /** Listens on 127.0.0.1:{@code port} (0: a free port); the model reports LOADING until {@link #warmUp()}. */
  static ModelServer listen(GeneratorModel model, String name, int port, ServerOptions options) throws IOException {
    return listen(new ServedGenerator(model), name, port, options);
  }

  /** As {@link #listen(GeneratorModel, String, int, ServerOptions)} for any kind of model. */
  static ModelServer listen(ServedModel model, String name, int port, ServerOptions options) throws IOException {
    ModelServer s = new ModelServer(model, name, port, options);
    try {
      s.jetty.start();
    } catch (Exception e) {
      s.close();
      throw new IOException("cannot serve on 127.0.0.1:" + port + ": " + (e.getCause() != null ? e.getCause().getMessage() : e.getMessage()), e);
    }
    long period = Math.max(10, Math.min(1000, options.readTimeout().toMillis() / 4));
    s.timers.scheduleAtFixedRate(s.watch::sweep, period, period, TimeUnit.MILLISECONDS);
    return s;
  }

  /** Listens and warms up: a server that answers at once, with the default protections and {@code threads} model threads. */
  static ModelServer start(GeneratorModel model, String name, int port, int threads) throws IOException {
    return start(new ServedGenerator(model), name, port, threads);
  }

  /** As {@link #start(GeneratorModel, String, int, int)} for any kind of model. */
  static ModelServer start(ServedModel model, String name, int port, int threads) throws IOException {
    ModelServer s = listen(model, name, port, ServerOptions.DEFAULTS.withThreads(threads));
    try {
      s.warmUp();
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
    return s;
  }

  /** Runs the warm-up request on every signature, then reports AVAILABLE. Throws if the model fails it. */
  void warmUp() {
    api.warmUp();
    if (state.equals("LOADING")) {
      state = "AVAILABLE";
    }
  }

  /** LOADING, AVAILABLE or UNLOADING (TensorFlow Serving's names). */
  String state() {
    return state;
  }

  int port() {
    return connector.getLocalPort();
  }

  ServerOptions options() {
    return options;
  }

  /** The model this server answers for. */
  ServedModel model() {
    return api.model();
  }

  ServerMetrics metrics() {
    return metrics;
  }

  private int openConnections() {
    return watch.open();
  }

  /**
   * Model requests between their header and their answer now. Not Jetty's own count: that includes the
   * metrics requests, whose completion lags their last byte, so a scrape just before SIGTERM was
   * reported as a second request in flight (ModelServerSigtermTest saw "2 in flight" under load).
   */
  long inFlight() {
    return metrics.inFlight();
  }

  /**
   * Stops gracefully: closes the listening socket (new connections are refused), answers new requests
   * on open connections 503, and waits up to {@code deadline} for in-flight requests to finish before
   * closing every connection. Returns how many requests were still in flight when the deadline cut them off.
   */
  synchronized long shutdown(Duration deadline) {
    if (state.equals("UNLOADING") && !jetty.isRunning()) {
      return 0;
    }
    state = "UNLOADING";
    jetty.setStopTimeout(deadline.toMillis());
    long cut = 0;
    try {
      long end = System.nanoTime() + deadline.toNanos();
      jetty.stop(); // with a stop timeout: GracefulHandler and the connector shut down first, then wait
      cut = Math.max(0, graceful.getCurrentRequestCount());
      workers.shutdown();
      // A request cut off by the deadline may still be running the model: let it end before the caller closes the model.
      workers.awaitTermination(Math.max(1_000_000_000L, end - System.nanoTime()) + 5_000_000_000L, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      throw new IllegalStateException("stopping the server failed: " + e.getMessage(), e);
    } finally {
      workers.shutdownNow();
      timers.shutdownNow();
    }
    return cut;
  }

  /** Stops at once (in-flight requests are cut off). */
  @Override
  public void close() {
    shutdown(Duration.ZERO);
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
