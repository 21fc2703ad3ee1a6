package io.gan4j.tools;

import io.gan4j.tools.BenchClients.Window;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code gan4j serve --bench --soak N}: the server under attack for N seconds, on loopback. Well-behaved
 * clients ({@link BenchClients}) run throughout; beside them malformed clients send one bad request after
 * another (each must get a 4xx) and stalled clients hold connections that send headers and part of a body
 * and stop, send part of a header and stop, or drip a body one byte a second (each must be closed by the
 * server's read timeout, with or without a 408). Every report period it prints the good clients' throughput,
 * p50/p99 and errors, the bad clients' outcomes and the process's resident memory; no-attack periods
 * interleaved with the attack (the attackers pause) give the throughput without attack from the same run
 * and the same background load, so the ratio can be stated.
 *
 * <p>Usage: {@code new SoakBench(server, "demo", 8, 4, 64, 2, System.out).run(Duration.ofSeconds(600), Duration.ofSeconds(30))}
 */
final class SoakBench {

  /** The malformed requests, by kind: method, path suffix (after the model URL), body. */
  private record Bad(String kind, String method, String path, String body) {}

  private final ModelServer server;
  private final String base;
  private final String modelBase;
  private final int clients;
  private final int count;
  private final int stalled;
  private final int malformed;
  private final PrintStream out;
  private final List<Bad> bad;
  private final Map<String, Map<String, Long>> badOutcomes = new TreeMap<>(); // kind → outcome → count
  private final Map<String, Double> slowestClose = new TreeMap<>(); // stalled kind → longest seconds from open to close
  private volatile boolean attacking; // the attackers misbehave only while this is set
  private volatile boolean finished;

  SoakBench(ModelServer server, String name, int zDim, int clients, int count, int stalled, int malformed, PrintStream out) {
    this.server = server;
    this.base = "http://127.0.0.1:" + server.port();
    this.modelBase = base + "/v1/models/" + name;
    this.clients = clients;
    this.count = count;
    this.stalled = stalled;
    this.malformed = malformed;
    this.out = out;
    String zeros = ",0".repeat(zDim - 1);
    this.bad = List.of(
        new Bad("malformed JSON", "POST", ":predict", "{\"instances\": [[0.1, "),
        new Bad("z of 1e308 (infinite as float32)", "POST", ":predict", "{\"instances\": [[1e308" + zeros + "]]}"),
        new Bad("NaN token", "POST", ":predict", "{\"instances\": [[NaN" + zeros + "]]}"),
        new Bad("wrong z length", "POST", ":predict", "{\"instances\": [[0.1, 0.2]]}"),
        new Bad("count 100000", "POST", ":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 100000}]}"),
        new Bad("truncation 1e39", "POST", ":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 1, \"truncation\": 1e39}]}"),
        new Bad("text seed", "POST", ":predict", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": \"x\", \"count\": 1}]}"),
        new Bad("5,000-deep nesting", "POST", ":predict", "{\"instances\": " + "[".repeat(5000) + "]".repeat(5000) + "}"),
        new Bad("unknown model", "POST", "-other:predict", "{\"instances\": [[0]]}"),
        new Bad("GET on :predict", "GET", ":predict", null),
        new Bad("sample.png?truncation=NaN", "GET", "/sample.png?count=2&truncation=NaN", null));
  }

  /**
   * Runs {@code attack} of attack in report periods, with a no-attack period before the first and after
   * every third (the good clients never stop). Interleaving matters on a shared machine: other jobs change
   * the throughput by more than the attack does, and alternating samples the same background for both.
   * Returns 0 if every check held, else {@link Main#EXIT_FAILURE}.
   */
  int run(Duration attack, Duration period) throws Exception {
    double readTimeout = server.options().readTimeout().toMillis() / 1e3;
    int attackPeriods = (int) (attack.toNanos() / period.toNanos());
    out.printf(Locale.ROOT, "gan4j serve --bench --soak %d: %d well-behaved clients (signature 'sample', %d images per request) throughout;"
        + " %d periods of %d s under attack by %d malformed-request clients and %d stalled connections, a no-attack period before the"
        + " first and after every third; read timeout %s s; %d cores; every period: good requests, p50/p99, errors, bad outcomes so far,"
        + " RSS of this JVM (server and clients), load average%n",
        attack.toSeconds(), clients, count, attackPeriods, period.toSeconds(), malformed, stalled, fmt(readTimeout),
        Runtime.getRuntime().availableProcessors());
    BenchClients good = new BenchClients(modelBase, clients, server.model().benchLoad(count));
    good.warmUp();
    AtomicReference<Window> window = new AtomicReference<>(new Window());
    List<Thread> attackers = startAttackers();
    good.start(window, 0);
    long start = System.nanoTime();
    long[] okCount = new long[2]; // [no attack, attack]
    double[] seconds = new double[2];
    Map<String, Long> goodErrors = new TreeMap<>();
    List<Double> rss = new ArrayList<>();
    List<long[]> underAttack = new ArrayList<>();
    List<long[]> quiet = new ArrayList<>();
    long t = 0;
    int done = 0;
    for (int k = 0; done < attackPeriods; k++) {
      boolean attackNow = k % 4 != 0;
      attacking = attackNow;
      long t0 = System.nanoTime();
      window.set(new Window());
      t += period.toNanos();
      sleepUntil(start + t);
      Window w = window.getAndSet(new Window());
      double s = (System.nanoTime() - t0) / 1e9;
      long[] lat = w.sortedNanos();
      (attackNow ? underAttack : quiet).add(lat);
      okCount[attackNow ? 1 : 0] += lat.length;
      seconds[attackNow ? 1 : 0] += s;
      done += attackNow ? 1 : 0;
      w.errors().forEach((e, v) -> goodErrors.merge(e, v, Long::sum));
      double mb = rssMb();
      rss.add(mb);
      out.printf(Locale.ROOT, "  t=%4d s %-9s good %5d ok (%5.1f req/s) p50 %6.1f ms p99 %7.1f ms errors %d | bad so far: %s | RSS %.1f MB | load %s%n",
          t / 1_000_000_000L, attackNow ? "attack" : "no attack", lat.length, lat.length / s, Window.quantileMs(lat, 0.5),
          Window.quantileMs(lat, 0.99), w.errorCount(), badSummary(), mb, loadAverage());
    }
    // and a last quiet period, so the attack is bracketed
    attacking = false;
    t += period.toNanos();
    long t0 = System.nanoTime();
    window.set(new Window());
    sleepUntil(start + t);
    Window last = window.get();
    long[] lastLat = last.sortedNanos();
    quiet.add(lastLat);
    okCount[0] += lastLat.length;
    seconds[0] += (System.nanoTime() - t0) / 1e9;
    last.errors().forEach((e, v) -> goodErrors.merge(e, v, Long::sum));
    rss.add(rssMb());
    out.printf(Locale.ROOT, "  t=%4d s %-9s good %5d ok (%5.1f req/s) p50 %6.1f ms p99 %7.1f ms errors %d | RSS %.1f MB | load %s%n",
        t / 1_000_000_000L, "no attack", lastLat.length, lastLat.length / ((System.nanoTime() - t0) / 1e9), Window.quantileMs(lastLat, 0.5),
        Window.quantileMs(lastLat, 0.99), last.errorCount(), rss.get(rss.size() - 1), loadAverage());
    good.stop();
    finished = true;
    good.join();
    for (Thread a : attackers) {
      a.interrupt();
    }
    for (Thread a : attackers) {
      a.join(Math.round(readTimeout * 4000) + 5000);
    }

    long[] attackLat = underAttack.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
    long[] quietLat = quiet.stream().flatMapToLong(java.util.Arrays::stream).sorted().toArray();
    double attackRate = okCount[1] / seconds[1];
    double quietRate = okCount[0] / seconds[0];
    out.printf(Locale.ROOT, "summary%n");
    out.printf(Locale.ROOT, "  under attack: %d ok in %.0f s = %.1f req/s (%.1f images/s); p50 %.1f ms, p99 %.1f ms%n",
        okCount[1], seconds[1], attackRate, attackRate * count, Window.quantileMs(attackLat, 0.5), Window.quantileMs(attackLat, 0.99));
    out.printf(Locale.ROOT, "  no attack (interleaved): %d ok in %.0f s = %.1f req/s; p50 %.1f ms, p99 %.1f ms%n",
        okCount[0], seconds[0], quietRate, Window.quantileMs(quietLat, 0.5), Window.quantileMs(quietLat, 0.99));
    out.printf(Locale.ROOT, "  throughput under attack / no attack = %.3f%n", attackRate / quietRate);
    out.printf(Locale.ROOT, "  well-behaved errors: %s%n", goodErrors.isEmpty() ? "0" : goodErrors.toString());
    out.printf(Locale.ROOT, "  RSS every %d s (MB): %s; min %.1f, max %.1f%n", period.toSeconds(),
        rss.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList(), rss.stream().mapToDouble(d -> d).min().orElse(0),
        rss.stream().mapToDouble(d -> d).max().orElse(0));
    boolean badOk = true;
    out.printf("  bad clients, by kind and outcome:%n");
    synchronized (badOutcomes) {
      for (var e : badOutcomes.entrySet()) {
        out.printf(Locale.ROOT, "    %-34s %s%s%n", e.getKey(), e.getValue(),
            slowestClose.containsKey(e.getKey()) ? String.format(Locale.ROOT, ", slowest close %.1f s after opening", slowestClose.get(e.getKey())) : "");
        for (String outcome : e.getValue().keySet()) {
          badOk &= outcome.startsWith("HTTP 4") || outcome.startsWith("closed");
        }
      }
    }
    out.printf("  server's metrics (%s):%n", RequestHandling.METRICS_PATH);
    HttpClient http = HttpClient.newHttpClient();
    String metrics = http.send(HttpRequest.newBuilder(URI.create(base + RequestHandling.METRICS_PATH)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    metrics.lines().filter(l -> l.startsWith("gan4j_requests_total") || l.startsWith("gan4j_connections_")
        || l.startsWith("gan4j_images_served_total")).forEach(l -> out.println("    " + l));
    boolean ok = goodErrors.isEmpty() && badOk;
    out.printf("  %s%n", ok ? "PASS: 0 errors for well-behaved requests; every malformed request a 4xx; every stalled connection closed by the server"
        : "FAIL: see the errors above");
    return ok ? 0 : Main.EXIT_FAILURE;
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private List<Thread> startAttackers() {
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < malformed; i++) {
      int id = i;
      threads.add(daemon("gan4j-soak-malformed-" + i, () -> malformedLoop(id)));
    }
    String[] kinds = {"stalled body", "stalled header", "dripped body (1 byte/s)"};
    for (int i = 0; i < stalled; i++) {
      String kind = kinds[i % kinds.length];
      threads.add(daemon("gan4j-soak-stalled-" + i, () -> stalledLoop(kind)));
    }
    return threads;
  }

  private void malformedLoop(int id) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (int i = id; !finished; i++) {
      if (!pause()) {
        return;
      }
      Bad b = bad.get(i % bad.size());
      HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(modelBase + b.path())).timeout(Duration.ofSeconds(30));
      r = b.body() == null ? r.GET() : r.POST(HttpRequest.BodyPublishers.ofString(b.body()));
      String outcome;
      try {
        outcome = "HTTP " + http.send(r.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        outcome = "client error " + e.getClass().getSimpleName();
      }
      if (attacking) {
        outcome(b.kind(), outcome);
      }
      try {
        Thread.sleep(100); // about 10 bad requests a second per client
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Opens a connection, misbehaves as {@code kind}, and waits for the server to close it; again until the attack ends. */
  private void stalledLoop(String kind) {
    long limitNanos = server.options().readTimeout().toNanos() * 4 + 5_000_000_000L;
    while (!finished) {
      if (!pause()) {
        return;
      }
      long t0 = System.nanoTime();
      String outcome;
      try (Socket k = new Socket("127.0.0.1", server.port())) {
        OutputStream o = k.getOutputStream();
        String head = "POST " + modelBase.substring(base.length()) + ":predict HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n";
        switch (kind) {
          case "stalled header" -> o.write(head.getBytes(StandardCharsets.UTF_8));
          default -> o.write((head + "Content-Length: 100000\r\n\r\n{\"instances\": [[0.1").getBytes(StandardCharsets.UTF_8));
        }
        o.flush();
        outcome = awaitClose(k, kind.startsWith("dripped"), t0, limitNanos);
      } catch (IOException e) {
        outcome = "client error " + e.getClass().getSimpleName();
      }
      if (outcome.startsWith("interrupted")) {
        continue; // the attack paused: this connection is not counted
      }
      double s = (System.nanoTime() - t0) / 1e9;
      outcome(kind, outcome);
      synchronized (badOutcomes) {
        slowestClose.merge(kind, s, Math::max);
      }
    }
  }

  /** Reads until the server closes; a dripper writes a byte a second meanwhile. What happened, as an outcome label. */
  private String awaitClose(Socket k, boolean drip, long t0, long limitNanos) throws IOException {
    InputStream in = k.getInputStream();
    k.setSoTimeout(drip ? 1000 : 500);
    StringBuilder got = new StringBuilder();
    byte[] buf = new byte[4096];
    while (System.nanoTime() - t0 < limitNanos) {
      if (!attacking) {
        return "interrupted";
      }
      try {
        int n = in.read(buf);
        if (n < 0) {
          break;
        }
        got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
      } catch (SocketTimeoutException e) {
        if (drip) {
          try {
            k.getOutputStream().write('0');
            k.getOutputStream().flush();
          } catch (IOException closed) {
            break;
          }
        }
      } catch (IOException reset) {
        break;
      }
    }
    if (System.nanoTime() - t0 >= limitNanos) {
      return "STILL OPEN after " + fmt(limitNanos / 1e9) + " s";
    }
    if (got.length() == 0) {
      return "closed without an answer";
    }
    String status = got.toString().split("\r\n", 2)[0];
    return "closed after " + (status.startsWith("HTTP/1.1 ") ? "HTTP " + status.substring(9, 12) : "'" + status + "'");
  }

  /** Waits while the attack is paused; false once the soak is over. */
  private boolean pause() {
    while (!attacking && !finished) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return false;
      }
    }
    return !finished;
  }

  private void outcome(String kind, String outcome) {
    synchronized (badOutcomes) {
      badOutcomes.computeIfAbsent(kind, k -> new TreeMap<>()).merge(outcome, 1L, Long::sum);
    }
  }

  private String badSummary() {
    long requests = 0;
    long closed = 0;
    long wrong = 0;
    synchronized (badOutcomes) {
      for (Map<String, Long> m : badOutcomes.values()) {
        for (var e : m.entrySet()) {
          if (e.getKey().startsWith("HTTP 4")) {
            requests += e.getValue();
          } else if (e.getKey().startsWith("closed")) {
            closed += e.getValue();
          } else {
            wrong += e.getValue();
          }
        }
      }
    }
    return requests + " malformed answered 4xx, " + closed + " stalled closed, " + wrong + " otherwise";
  }

  private static Thread daemon(String name, Runnable r) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long left;
    while ((left = nanoTime - System.nanoTime()) > 0) {
      Thread.sleep(Math.max(1, left / 1_000_000L));
    }
  }

  /** Resident memory of this process (server and clients), from /proc; NaN where there is none. */
  static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux: reported as NaN
    }
    return Double.NaN;
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
  }
}
