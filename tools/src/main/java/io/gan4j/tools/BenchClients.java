package io.gan4j.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Well-behaved load for {@code gan4j serve --bench}: {@code clients} threads, each sending one
 * {@code :predict} after another over a kept-alive connection (the model's {@link ServedModel.BenchLoad}:
 * a generator's {@code sample} with a fresh seed, a translator's PNGs), recording every latency and every failure by kind into the current
 * {@link Window}. The soak swaps the window every report period; the plain bench keeps one.
 *
 * <p>Usage: {@code BenchClients c = new BenchClients(base, 8, model.benchLoad(4)); c.start(window, 200); c.join();}
 */
final class BenchClients {

  /** What the clients saw in one period: latencies of good answers and failures by kind. */
  static final class Window {
    private final List<Long> nanos = new ArrayList<>();
    private final Map<String, Long> errors = new TreeMap<>();

    synchronized void ok(long latencyNanos) {
      nanos.add(latencyNanos);
    }

    synchronized void error(String kind) {
      errors.merge(kind, 1L, Long::sum);
    }

    synchronized long[] sortedNanos() {
      return nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    synchronized Map<String, Long> errors() {
      return new TreeMap<>(errors);
    }

    synchronized long errorCount() {
      return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The {@code q} quantile of sorted latencies, in ms (NaN when empty). */
    static double quantileMs(long[] sorted, double q) {
      return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, (int) Math.ceil(q * sorted.length) - 1))] / 1e6;
    }
  }

  private final String base;
  private final int clients;
  private final ServedModel.BenchLoad load;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stop;

  BenchClients(String base, int clients, ServedModel.BenchLoad load) {
    this.base = base;
    this.clients = clients;
    this.load = load;
  }

  /** One request before timing: the first session runs pay for graph optimisation. */
  void warmUp() throws Exception {
    http.send(request(0), HttpResponse.BodyHandlers.ofString());
  }

  /** Starts the clients; each sends {@code requestsPerClient} requests (0: until {@link #stop()}). */
  void start(AtomicReference<Window> sink, int requestsPerClient) {
    stop = false;
    for (int c = 0; c < clients; c++) {
      int id = c;
      Thread t = new Thread(() -> {
        for (int r = 0; (requestsPerClient == 0 || r < requestsPerClient) && !stop; r++) {
          long t0 = System.nanoTime();
          try {
            HttpResponse<String> resp = http.send(request(id * 10_000_000L + r + 1), HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() == 200) {
              sink.get().ok(System.nanoTime() - t0);
            } else {
              sink.get().error("HTTP " + resp.statusCode());
            }
          } catch (HttpTimeoutException e) {
            sink.get().error("timeout (30 s)");
          } catch (InterruptedException e) {
            return;
          } catch (Exception e) {
            sink.get().error(e.getClass().getSimpleName());
          }
        }
      }, "gan4j-bench-client-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
  }

  void stop() {
    stop = true;
  }

  void join() throws InterruptedException {
    for (Thread t : threads) {
      t.join();
    }
    threads.clear();
  }

  private HttpRequest request(long seed) {
    String body = load.body().apply(seed);
    return HttpRequest.newBuilder(URI.create(base + ":predict")).timeout(Duration.ofSeconds(30))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }
}
