package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real SIGTERM to {@code gan4j serve} in a child JVM while a request is in flight (its body half
 * sent): the server stops accepting, the request still gets its 200, the CLI says so and the JVM
 * exits 143 (128 + SIGTERM).
 */
class ModelServerSigtermTest {
  @TempDir static Path dir;

  @Test
  void sigtermFinishesTheRequestInFlightRefusesNewConnectionsAndExits143() throws Exception {
    Path model = ModelServerTest.tinyModel(dir);
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "serve", "--model", model.toString(), "--port", "0", "--name", "shapes", "--shutdown-timeout", "20")
        .redirectErrorStream(true).start();
    ChildOutput out = ChildOutput.of(p);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!out.text().contains("AVAILABLE after") && p.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      Matcher port = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)").matcher(out.text());
      assertThat(port.find()).as(out.text()).isTrue();
      int serving = Integer.parseInt(port.group(1));
      String body = ModelServerGuardsTest.SAMPLE;
      Socket inFlight = ModelServerGuardsTest.rawRequest(serving, "POST /v1/models/shapes:predict HTTP/1.1\r\nHost: x\r\nContent-Length: "
          + body.length() + "\r\n\r\n" + body.substring(0, 10));
      HttpClient http = HttpClient.newHttpClient();
      URI metrics = URI.create("http://127.0.0.1:" + serving + RequestHandling.METRICS_PATH);
      ModelServerGuardsTest.waitFor(() -> { // the header is in: the request is in flight
        try {
          return http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body()
              .contains("gan4j_requests_in_flight{model=\"shapes\"} 1");
        } catch (Exception e) {
          throw new AssertionError(e);
        }
      }, 20_000);

      p.toHandle().destroy(); // SIGTERM
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!out.text().contains("get up to 20.0 s\n") && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(out.text()).contains("gan4j: stopping: refusing new requests, 1 in flight get up to 20.0 s");
      ModelServerGuardsTest.waitFor(() -> {
        try (Socket k = new Socket("127.0.0.1", serving)) {
          return false;
        } catch (IOException refused) {
          return true;
        }
      }, 10_000);

      inFlight.getOutputStream().write(body.substring(10).getBytes(StandardCharsets.UTF_8));
      assertThat(ModelServerGuardsTest.readResponse(inFlight)).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\n\r\n{\"predictions\":[[[[");
      inFlight.close();
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }
    out.join(10_000);
    assertThat(out.text()).contains("gan4j: stopped; 1 request(s) finished, 0 cut off by the deadline");
    assertThat(out.text()).doesNotContain("SIGSEGV").doesNotContain("Exception");
    assertThat(p.exitValue()).isEqualTo(128 + 15);
  }
}
