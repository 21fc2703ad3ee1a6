package io.gan4j.tools;

import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.savedmodels.TranslatorModel;
import io.gan4j.tools.BenchClients.Window;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j serve}: serves an exported generator, or one direction of an exported translator
 * ({@code model/ab}, {@code model/ba}), over HTTP with TensorFlow Serving's REST predict
 * API (see {@link ModelServer}) until SIGTERM or Ctrl-C, then stops gracefully; with {@code --bench},
 * starts it on a free loopback port, drives it with concurrent clients and prints latency percentiles
 * and images/s instead; with {@code --bench --soak N}, adds malformed and stalled clients for N seconds
 * (see {@link SoakBench}).
 *
 * <p>Usage: {@code gan4j serve --model runs/demo/model --port 8501 --name demo}
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Serve a generator or translator SavedModel over HTTP (TensorFlow Serving REST API), or benchmark that with --bench.")
final class ServeCommand implements Callable<Integer> {

  @Option(names = "--model", required = true, description = "generator SavedModel, or translator RUN/model/ab | RUN/model/ba (written by export/train)")
  Path model;

  @Option(names = "--port", defaultValue = "8501", description = "port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--name", defaultValue = "gan", description = "model name in the URLs (default: ${DEFAULT-VALUE})")
  String name;

  @Option(names = "--threads", defaultValue = "8", description = "threads that run the model (default: ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--read-timeout", defaultValue = "10", paramLabel = "SECONDS",
      description = "a request's headers and body must arrive within this of its first byte, else 408 and the connection closes;"
          + " a connection that starts no request within it is closed (default: ${DEFAULT-VALUE})")
  double readTimeout;

  @Option(names = "--max-connections", defaultValue = "256",
      description = "beyond this many open connections a request gets 503 and its connection closes (default: ${DEFAULT-VALUE})")
  int maxConnections;

  @Option(names = "--shutdown-timeout", defaultValue = "10", paramLabel = "SECONDS",
      description = "on SIGTERM or Ctrl-C, in-flight requests get this long to finish (default: ${DEFAULT-VALUE})")
  double shutdownTimeout;

  @Option(names = "--bench", description = "benchmark: concurrent clients on loopback, then exit")
  boolean bench;

  @Option(names = "--clients", defaultValue = "8", description = "--bench: concurrent well-behaved clients (default: ${DEFAULT-VALUE})")
  int clients;

  @Option(names = "--requests", defaultValue = "200", description = "--bench: requests per client (default: ${DEFAULT-VALUE})")
  int requests;

  @Option(names = "--count", defaultValue = "4", description = "--bench: images per request (default: ${DEFAULT-VALUE})")
  int count;

  @Option(names = "--soak", paramLabel = "SECONDS", defaultValue = "0",
      description = "--bench: instead of --requests, run the well-behaved clients with malformed and stalled ones for this long")
  int soak;

  @Option(names = "--stalled", defaultValue = "64", description = "--soak: stalled connections held open (default: ${DEFAULT-VALUE})")
  int stalled;

  @Option(names = "--malformed", defaultValue = "2", description = "--soak: clients sending malformed requests, about 10/s each (default: ${DEFAULT-VALUE})")
  int malformed;

  @Option(names = "--report-every", defaultValue = "30", paramLabel = "SECONDS",
      description = "--soak: report period; a period without attack comes before the first and after every third (default: ${DEFAULT-VALUE})")
  int reportEvery;

  @Override
  public Integer call() throws Exception {
    if (!name.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("--name may hold letters, digits, '_', '.' and '-', got '" + name + "'");
    }
    if (soak < 0 || (soak > 0 && !bench)) {
      throw new IllegalArgumentException("--soak SECONDS goes with --bench and must be positive, got " + soak);
    }
    if (soak > 0 && (reportEvery < 1 || soak < reportEvery)) {
      throw new IllegalArgumentException("--soak must be at least --report-every (" + reportEvery + " s), got " + soak);
    }
    ServerOptions options = ServerOptions.DEFAULTS.withThreads(threads)
        .withReadTimeout(Duration.ofMillis(Math.round(readTimeout * 1000))).withMaxConnections(maxConnections)
        .withShutdownTimeout(Duration.ofMillis(Math.round(shutdownTimeout * 1000)));
    if (TranslatorModel.isTranslatorPair(model)) {
      throw new IllegalArgumentException(model + " holds a translator per direction: serve --model " + model.resolve("ab")
          + " (A to B) or " + model.resolve("ba") + " (B to A)");
    }
    boolean translator = TranslatorModel.isTranslator(model);
    if (translator && soak > 0) {
      throw new IllegalArgumentException("--soak drives generators (its malformed requests are a generator's); a translator is"
          + " benchmarked with --bench alone");
    }
    CountDownLatch closed = new CountDownLatch(1); // opened once the server and the model are closed
    try (Loaded m = translator ? Loaded.translator(model) : Loaded.generator(model);
        ModelServer server = ModelServer.listen(m.served(), name, bench ? 0 : port, options)) {
      String base = "http://127.0.0.1:" + server.port() + "/v1/models/" + name;
      if (bench) {
        server.warmUp();
        return soak > 0
            ? new SoakBench(server, name, m.generator().zDim(), clients, count, stalled, malformed, System.out)
                .run(Duration.ofSeconds(soak), Duration.ofSeconds(reportEvery))
            : runBench(base, m.served());
      }
      return serve(server, m.served(), base, options, closed);
    } finally {
      closed.countDown();
    }
  }

  /** The native model and how the server answers for it; closing it frees the model. */
  private record Loaded(ServedModel served, GeneratorModel generator, TranslatorModel translator) implements AutoCloseable {
    static Loaded generator(Path dir) {
      GeneratorModel g = GeneratorModel.load(dir);
      return new Loaded(new ServedGenerator(g), g, null);
    }

    static Loaded translator(Path dir) {
      TranslatorModel t = TranslatorModel.load(dir);
      return new Loaded(new ServedTranslator(t), null, t);
    }

    @Override
    public void close() {
      if (generator != null) {
        generator.close();
      }
      if (translator != null) {
        translator.close();
      }
    }
  }

  private int serve(ModelServer server, ServedModel m, String base, ServerOptions options, CountDownLatch closed)
      throws InterruptedException {
    System.out.printf("gan4j: listening on 127.0.0.1:%d; warming up '%s' (%s)...%n", server.port(), name, model);
    long t0 = System.nanoTime();
    server.warmUp();
    System.out.printf(Locale.ROOT, "gan4j: serving %s as '%s' (%s), AVAILABLE after a %.0f ms warm-up%n"
        + "  GET  %s%n  GET  %s/metadata%n  POST %s:predict%n%s  GET  http://127.0.0.1:%d%s%n",
        model, name, m.summary(), (System.nanoTime() - t0) / 1e6, base, base, base,
        m.hasSamplePng() ? "  GET  " + base + "/sample.png?count=16&seed=1\n" : "", server.port(), RequestHandling.METRICS_PATH);
    // SIGTERM / Ctrl-C: the JVM runs shutdown hooks and halts. The hook stops the server gracefully (new
    // requests refused, in-flight ones finished within --shutdown-timeout) and holds the exit until the
    // model is closed here, so no Session.run is cut off mid-kernel.
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      long inFlight = server.inFlight();
      System.out.printf(Locale.ROOT, "gan4j: stopping: refusing new requests, %d in flight get up to %s s%n", inFlight, shutdownTimeout);
      long cut = server.shutdown(options.shutdownTimeout());
      System.out.printf("gan4j: stopped; %d request(s) finished, %d cut off by the deadline%n", Math.max(0, inFlight - cut), cut);
      stopped.countDown();
      try {
        closed.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "gan4j-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    stopped.await();
    return 0; // the JVM exits with 128 + the signal once the hook returns
  }

  private int runBench(String base, ServedModel m) throws Exception {
    ServedModel.BenchLoad load = m.benchLoad(count);
    BenchClients c = new BenchClients(base, clients, load);
    c.warmUp();
    AtomicReference<Window> w = new AtomicReference<>(new Window());
    long start = System.nanoTime();
    c.start(w, requests);
    c.join();
    double seconds = (System.nanoTime() - start) / 1e9;
    long[] sorted = w.get().sortedNanos();
    int total = clients * requests;
    System.out.printf("gan4j serve --bench: %d clients x %d requests (%s), %d cores%n",
        clients, requests, load.description(), Runtime.getRuntime().availableProcessors());
    System.out.printf(Locale.ROOT, "  errors %d of %d%s%n  latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f%n", w.get().errorCount(), total,
        w.get().errors().isEmpty() ? "" : " " + w.get().errors(), Window.quantileMs(sorted, 0.50), Window.quantileMs(sorted, 0.90),
        Window.quantileMs(sorted, 0.99), Window.quantileMs(sorted, 1.0));
    System.out.printf(Locale.ROOT, "  %.1f requests/s, %.1f images/s over %.1f s%n", total / seconds, total * count / seconds, seconds);
    return w.get().errorCount() == 0 ? 0 : Main.EXIT_FAILURE;
  }
}
