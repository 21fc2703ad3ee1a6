package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.gan4j.savedmodels.GeneratorModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model server against hostile or unlucky clients, over raw sockets: stalled bodies, dripped
 * headers, too many connections, and a shutdown with a request in flight. Each test starts its own
 * server with a short read timeout so it takes seconds.
 */
class ModelServerGuardsTest {
  @TempDir static Path dir;
  static GeneratorModel model;
  static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  static final String SAMPLE = "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 3, \"count\": 2}]}";

  @BeforeAll
  static void load() throws Exception {
    model = GeneratorModel.load(ModelServerTest.tinyModel(dir));
  }

  @AfterAll
  static void close() {
    model.close();
  }

  @Test
  void sixtyFourStalledBodiesNeitherStarveTheNextClientNorStayOpen() throws Exception {
    ServerOptions options = ServerOptions.DEFAULTS.withThreads(2).withReadTimeout(Duration.ofMillis(1500)).withMaxConnections(100);
    try (ModelServer s = ModelServer.listen(model, "shapes", 0, options)) {
      s.warmUp();
      List<Socket> stalled = new ArrayList<>();
      long opened = System.nanoTime();
      try {
        for (int i = 0; i < 64; i++) {
          // headers and the first bytes of a 1,000-byte body, then nothing
          stalled.add(rawRequest(s.port(), "POST /v1/models/shapes:predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              + "Content-Length: 1000\r\n\r\n{\"instances\": [[0.1"));
        }
        waitFor(() -> s.metrics().render().contains("gan4j_connections_open{model=\"shapes\"} 64"), 5_000);

        long t0 = System.nanoTime();
        HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/models/shapes:predict"))
            .timeout(Duration.ofSeconds(1)).POST(HttpRequest.BodyPublishers.ofString(SAMPLE)).build(), HttpResponse.BodyHandlers.ofString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("{\"predictions\":[[[[");
        assertThat(seconds).as("the 65th client's answer time").isLessThan(1.0);

        for (Socket k : stalled) {
          String answer = readToEnd(k, 5_000); // EOF: the server closed it
          assertThat(answer).startsWith("HTTP/1.1 408 Request Timeout\r\n").contains("Connection: close\r\n")
              .endsWith("\r\n\r\n{\"error\":\"the request was not complete within the read timeout of 1.5 s; closing the connection\"}");
        }
        double closedAfter = (System.nanoTime() - opened) / 1e9;
        assertThat(closedAfter).as("all 64 closed by the timeout").isBetween(1.4, 1.5 + 3.0);
        waitFor(() -> s.metrics().render().contains("gan4j_connections_timed_out_total{model=\"shapes\",phase=\"body\"} 64"), 2_000);
      } finally {
        for (Socket k : stalled) {
          k.close();
        }
      }
    }
  }

  @Test
  void headersDrippedOrStalledAreClosedAtTheReadTimeout() throws Exception {
    ServerOptions options = ServerOptions.DEFAULTS.withThreads(1).withReadTimeout(Duration.ofMillis(1000));
    try (ModelServer s = ModelServer.listen(model, "shapes", 0, options)) {
      s.warmUp();
      long t0 = System.nanoTime();
      Socket silent = rawRequest(s.port(), "GET /v1/models/shapes HTTP/1.1\r\nHo");
      Socket drip = rawRequest(s.port(), "GET /v1/models/shapes HTTP/1.1\r\n");
      // One header byte every 200 ms never lets Jetty's idle timeout fire; the header deadline does not move.
      String header = "X-Slow: " + "a".repeat(100);
      boolean cut = false;
      for (int i = 0; i < header.length() && !cut; i++) {
        try {
          drip.getOutputStream().write(header.charAt(i));
          drip.getOutputStream().flush();
        } catch (IOException e) {
          cut = true;
        }
        cut |= System.nanoTime() - t0 > 4_000_000_000L;
        Thread.sleep(200);
      }
      assertThat(readToEnd(drip, 3_000)).isEmpty();
      assertThat(readToEnd(silent, 3_000)).isEmpty();
      double seconds = (System.nanoTime() - t0) / 1e9;
      assertThat(seconds).isLessThan(1.0 + 2.5);
      waitFor(() -> s.metrics().render().contains("gan4j_connections_timed_out_total{model=\"shapes\",phase=\"headers\"} 2"), 2_000);
      silent.close();
      drip.close();
    }
  }

  @Test
  void beyondMaxConnectionsARequestGetsA503AndItsConnectionIsClosed() throws Exception {
    ServerOptions options = ServerOptions.DEFAULTS.withThreads(1).withMaxConnections(4);
    try (ModelServer s = ModelServer.listen(model, "shapes", 0, options)) {
      s.warmUp();
      List<Socket> idle = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        idle.add(new Socket("127.0.0.1", s.port()));
      }
      waitFor(() -> s.metrics().render().contains("gan4j_connections_open{model=\"shapes\"} 4"), 5_000);
      Socket fifth = rawRequest(s.port(), "GET /v1/models/shapes HTTP/1.1\r\nHost: x\r\n\r\n");
      String answer = readToEnd(fifth, 5_000);
      assertThat(answer).startsWith("HTTP/1.1 503 Service Unavailable\r\n").contains("Connection: close\r\n")
          .endsWith("\r\n\r\n{\"error\":\"too many connections: 5 open, the limit is 4 (--max-connections); retry later\"}");
      fifth.close();
      for (Socket k : idle) {
        k.close();
      }
      waitFor(() -> s.metrics().render().contains("gan4j_connections_open{model=\"shapes\"} 0"), 5_000);
      assertThat(CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.port() + "/v1/models/shapes")).build(),
          HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
      assertThat(s.metrics().render()).contains("gan4j_connections_refused_total{model=\"shapes\"} 1");
    }
  }

  @Test
  void shutdownFinishesTheRequestInFlightAndRefusesNewOnes() throws Exception {
    ServerOptions options = ServerOptions.DEFAULTS.withThreads(1).withReadTimeout(Duration.ofSeconds(20));
    ModelServer s = ModelServer.listen(model, "shapes", 0, options);
    try {
      s.warmUp();
      int port = s.port();
      // A keep-alive connection that has had one answer, and a request in flight: headers and half its body.
      Socket open = rawRequest(port, "GET /v1/models/shapes HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(readResponse(open)).startsWith("HTTP/1.1 200 OK\r\n");
      waitFor(() -> s.inFlight() == 0, 5_000); // its last byte can reach us just before Jetty counts it done
      byte[] body = SAMPLE.getBytes(StandardCharsets.UTF_8);
      Socket inFlight = rawRequest(port, "POST /v1/models/shapes:predict HTTP/1.1\r\nHost: x\r\nContent-Length: " + body.length + "\r\n\r\n"
          + SAMPLE.substring(0, 20));
      waitFor(() -> s.inFlight() == 1, 5_000);

      CompletableFuture<Long> cut = CompletableFuture.supplyAsync(() -> s.shutdown(Duration.ofSeconds(10)));
      waitFor(() -> s.state().equals("UNLOADING"), 5_000);
      waitFor(() -> refused(port), 5_000);
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

      open.getOutputStream().write("GET /v1/models/shapes HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.UTF_8));
      assertThat(readResponse(open)).startsWith("HTTP/1.1 503 Service Unavailable\r\n")
          .endsWith("\r\n\r\n{\"error\":\"the server is shutting down; no new requests\"}");
      assertThat(cut).isNotDone();

      inFlight.getOutputStream().write(SAMPLE.substring(20).getBytes(StandardCharsets.UTF_8));
      String answer = readResponse(inFlight);
      assertThat(answer).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\n{\"predictions\":[[[[");
      assertThat(cut.get()).as("requests cut off by the deadline").isZero();
      assertThat(s.state()).isEqualTo("UNLOADING");
      open.close();
      inFlight.close();
    } finally {
      s.close();
    }
  }

  @Test
  void jettysOwnErrorsAreJsonToo() throws Exception {
    try (ModelServer s = ModelServer.listen(model, "shapes", 0, ServerOptions.DEFAULTS.withThreads(1))) {
      Socket big = rawRequest(s.port(), "GET /v1/models/shapes HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(10_000) + "\r\n\r\n");
      String answer = readToEnd(big, 5_000);
      assertThat(answer).startsWith("HTTP/1.1 431 ").contains("Content-Type: application/json\r\n")
          .endsWith("\r\n\r\n{\"error\":\"Request Header Fields Too Large\"}");
      big.close();
    }
  }

  private static boolean refused(int port) {
    try (Socket k = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }

  static Socket rawRequest(int port, String text) throws IOException {
    Socket k = new Socket("127.0.0.1", port);
    k.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
    k.getOutputStream().flush();
    return k;
  }

  /** Everything the server sends until it closes the connection; fails if it is still open after {@code millis}. */
  static String readToEnd(Socket k, int millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    InputStream in = k.getInputStream();
    byte[] buf = new byte[8192];
    while (true) {
      int left = (int) ((end - System.nanoTime()) / 1_000_000L);
      if (left <= 0) {
        throw new AssertionError("the connection is still open after " + millis + " ms; read so far: " + out);
      }
      k.setSoTimeout(left);
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        break; // reset by the server: closed too
      }
      if (n < 0) {
        break;
      }
      out.write(buf, 0, n);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** One response (status line, headers, Content-Length body) from a connection that stays open. */
  static String readResponse(Socket k) throws IOException {
    k.setSoTimeout(10_000);
    InputStream in = k.getInputStream();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new AssertionError("the connection closed before a whole response: " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = 0;
    for (String line : headers.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
      }
    }
    return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  static void waitFor(BooleanSupplier condition, long millis) throws InterruptedException {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + millis + " ms");
      }
      Thread.sleep(10);
    }
  }
}
