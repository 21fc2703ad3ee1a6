package io.gan4j.tools;

import io.gan4j.savedmodels.GeneratorModel;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j serve}: serves an exported generator over HTTP with TensorFlow Serving's REST predict
 * API (see {@link ModelServer}); with {@code --bench}, starts it on a free loopback port, drives it
 * with concurrent clients and prints latency percentiles and images/s instead.
 *
 * <p>Usage: {@code gan4j serve --model runs/demo/model --port 8501 --name demo}
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve a generator SavedModel over HTTP (TensorFlow Serving REST API), or benchmark that with --bench.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "generator SavedModel (written by export/train)")
  Path model;

  @Option(names = "--port", defaultValue = "8501", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--name", defaultValue = "gan", description = "model name in the URLs (default: ${DEFAULT-VALUE})")
  String name;

  @Option(names = "--threads", defaultValue = "8", description = "request threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--bench", description = "benchmark: concurrent clients on loopback, then exit")
  boolean bench;

  @Option(names = "--clients", defaultValue = "8", description = "--bench: concurrent clients (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--requests", defaultValue = "200", description = "--bench: requests per client (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--count", defaultValue = "4", description = "--bench: images per request (default: ${DEFAULT-VALUE})")
  int count;

  @Override
  public Integer call() throws Exception {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("--name may hold letters, digits, '_', '.' and '-', got '" + name + "'");
    }
    try (GeneratorModel m = GeneratorModel.load(model);
        ModelServer server = ModelServer.start(m, name, bench ? 0 : port, threads)) {
      String base = "http://127.0.0.1:" + server.port() + "/v1/models/" + name;
      if (bench) {
        return runBench(base);
      }
      System.out.printf("gan4j: serving %s as '%s' (z %d, images %s%s)%n  GET  %s%n  POST %s:predict%n  GET  %s/sample.png?count=16&seed=1%n",
          model, name, m.zDim(), m.imageShape(), m.classes() > 0 ? ", " + m.classes() + " classes" : "", base, base, base);
      Thread.currentThread().join(); // until the process is stopped
    }
    return 0;
  }

  private int runBench(String base) throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger errors = new AtomicInteger();
    CountDownLatch done = new CountDownLatch(clients);
    // Warm-up: the first session runs pay for graph optimisation.
    client.send(request(base, 1, 1), HttpResponse.BodyHandlers.ofString());
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int id = c;
      new Thread(() -> {
        try {
          for (int r = 0; r < requests; r++) {
            long t0 = System.nanoTime();
            HttpResponse<String> resp = client.send(request(base, id * 100_000 + r, count), HttpResponse.BodyHandlers.ofString());
            latencies.add(System.nanoTime() - t0);
            if (resp.statusCode() != 200) {
              errors.incrementAndGet();
            }
          }
        } catch (Exception e) {
          errors.incrementAndGet();
        } finally {
          done.countDown();
        }
      }).start();
    }
    done.await();
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    int total = clients * requests;
    System.out.printf("gan4j serve --bench: %d clients x %d requests of %d images (signature 'sample'), %d cores%n",
        clients, requests, count, Runtime.getRuntime().availableProcessors());
    System.out.printf("  errors %d of %d%n  latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n", errors.get(), total,
        pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted.get(sorted.size() - 1) / 1e6);
    System.out.printf("  %.1f requests/s, %.1f images/s over %.1f s%n", total / seconds, total * count / seconds, seconds);
    return errors.get() == 0 ? 0 : Main.EXIT_FAILURE;
  }

  private static HttpRequest request(String base, long seed, int count) {
    String body = "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": " + seed + ", \"count\": " + count + "}]}";
    return HttpRequest.newBuilder(URI.create(base + ":predict")).POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private static double pct(List<Long> sorted, double q) {
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
  }
}
