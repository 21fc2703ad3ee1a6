package io.gan4j.tools;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The model server's numbers for operators, rendered in the Prometheus text exposition format
 * (version 0.0.4) at {@code /monitoring/prometheus/metrics}, TensorFlow Serving's path: requests by
 * endpoint and status code, a latency histogram per endpoint (from the request's first byte to its
 * last response byte), images served, and the connection guards' counts (open, refused over the
 * limit, closed by the read timeout). Lock-free: recording is a few atomic adds on the request path.
 *
 * <p>Usage: {@code metrics.record("predict", 200, nanos, 4); String text = metrics.render();}
 */
final class ServerMetrics {

  /** Upper bounds of the latency buckets in seconds: 1 ms to 30 s, about ×2.5 apart. */
  static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  /** Content type of the text format. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final String model;
  private final Map<String, LongAdder> requests = new ConcurrentHashMap<>(); // "endpoint\0code" → count
  private final Map<String, Histogram> latency = new ConcurrentHashMap<>();
  private final LongAdder images = new LongAdder();
  private final LongAdder refused = new LongAdder();
  private final LongAdder inFlight = new LongAdder();
  private final Map<String, LongAdder> timedOut = new ConcurrentHashMap<>();
  private final IntSupplier openConnections;
  private final Supplier<String> state;

  ServerMetrics(String model, IntSupplier openConnections, Supplier<String> state) {
    this.model = model;
    this.openConnections = openConnections;
    this.state = state;
  }

  /** One answered request; {@code code} is the HTTP status, or 0 when the connection closed before an answer. */
  void record(String endpoint, int code, long nanos, int imagesServed) {
    requests.computeIfAbsent(endpoint + '\0' + code, k -> new LongAdder()).increment();
    latency.computeIfAbsent(endpoint, k -> new Histogram()).observe(nanos / 1e9);
    if (imagesServed > 0) {
      images.add(imagesServed);
    }
  }

  /** A request (other than for the metrics) began: its header is in. {@link #record} ends it. */
  void began() {
    inFlight.increment();
  }

  /** A request counted by {@link #began()} was answered (or its connection closed). */
  void ended() {
    inFlight.decrement();
  }

  /** Requests counted by {@link #began()} and not yet {@link #ended()}. */
  long inFlight() {
    return inFlight.sum();
  }

  /** A connection refused with 503 because --max-connections were open. */
  void refused() {
    refused.increment();
  }

  /** A connection closed because its request (phase {@code headers} or {@code body}) did not arrive within the read timeout. */
  void timedOut(String phase) {
    timedOut.computeIfAbsent(phase, k -> new LongAdder()).increment();
  }

  long requests(String endpoint, int code) {
    LongAdder a = requests.get(endpoint + '\0' + code);
    return a == null ? 0 : a.sum();
  }

  String render() {
    StringBuilder b = new StringBuilder();
    String m = "model=\"" + model + "\"";
    b.append("# HELP gan4j_requests_total HTTP requests answered, by endpoint and status code (0: closed before an answer).\n");
    b.append("# TYPE gan4j_requests_total counter\n");
    requests.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      String[] k = e.getKey().split("\0");
      b.append("gan4j_requests_total{").append(m).append(",endpoint=\"").append(k[0]).append("\",code=\"").append(k[1]).append("\"} ")
          .append(e.getValue().sum()).append('\n');
    });
    b.append("# HELP gan4j_request_duration_seconds Time from a request's first byte to its last response byte.\n");
    b.append("# TYPE gan4j_request_duration_seconds histogram\n");
    latency.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> e.getValue().render(b,
        "gan4j_request_duration_seconds", m + ",endpoint=\"" + e.getKey() + "\""));
    b.append("# HELP gan4j_images_served_total Images returned by predict and sample.png.\n");
    b.append("# TYPE gan4j_images_served_total counter\n");
    b.append("gan4j_images_served_total{").append(m).append("} ").append(images.sum()).append('\n');
    b.append("# HELP gan4j_requests_in_flight Requests (other than for these metrics) whose header is in and whose answer is not yet out.\n");
    b.append("# TYPE gan4j_requests_in_flight gauge\n");
    b.append("gan4j_requests_in_flight{").append(m).append("} ").append(inFlight.sum()).append('\n');
    b.append("# HELP gan4j_connections_open Client connections open now.\n");
    b.append("# TYPE gan4j_connections_open gauge\n");
    b.append("gan4j_connections_open{").append(m).append("} ").append(openConnections.getAsInt()).append('\n');
    b.append("# HELP gan4j_connections_refused_total Connections answered 503 because --max-connections were open.\n");
    b.append("# TYPE gan4j_connections_refused_total counter\n");
    b.append("gan4j_connections_refused_total{").append(m).append("} ").append(refused.sum()).append('\n');
    b.append("# HELP gan4j_connections_timed_out_total Connections closed because a request's headers or body did not arrive within the read timeout.\n");
    b.append("# TYPE gan4j_connections_timed_out_total counter\n");
    for (String phase : new String[] {"headers", "body"}) {
      LongAdder a = timedOut.get(phase);
      b.append("gan4j_connections_timed_out_total{").append(m).append(",phase=\"").append(phase).append("\"} ")
          .append(a == null ? 0 : a.sum()).append('\n');
    }
    b.append("# HELP gan4j_model_available 1 once the model answered its warm-up request, 0 while loading or shutting down.\n");
    b.append("# TYPE gan4j_model_available gauge\n");
    b.append("gan4j_model_available{").append(m).append("} ").append(state.get().equals("AVAILABLE") ? 1 : 0).append('\n');
    return b.toString();
  }

  /** A cumulative histogram over {@link #BUCKETS}. */
  private static final class Histogram {
    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS.length + 1); // the last: above every bound
    private final LongAdder micros = new LongAdder();

    void observe(double seconds) {
      int i = 0;
      while (i < BUCKETS.length && seconds > BUCKETS[i]) {
        i++;
      }
      counts.incrementAndGet(i);
      micros.add(Math.round(seconds * 1e6));
    }

    void render(StringBuilder b, String name, String labels) {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += counts.get(i);
        b.append(name).append("_bucket{").append(labels).append(",le=\"").append(BUCKETS[i]).append("\"} ").append(cumulative).append('\n');
      }
      cumulative += counts.get(BUCKETS.length);
      b.append(name).append("_bucket{").append(labels).append(",le=\"+Inf\"} ").append(cumulative).append('\n');
      b.append(name).append("_sum{").append(labels).append("} ").append(String.format(Locale.ROOT, "%.6f", micros.sum() / 1e6)).append('\n');
      b.append(name).append("_count{").append(labels).append("} ").append(cumulative).append('\n');
    }
  }
}
