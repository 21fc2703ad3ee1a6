package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFInvalidArgumentException;

/** Which failures of a model's run are the client's (400) and which the server's (500), on a model that only throws. */
class RestApiErrorsTest {

  private static RestApi.Reply predictOn(Supplier<RuntimeException> failure) {
    ServedModel throwing = new ServedModel() {
      @Override public String summary() { return "throws"; }
      @Override public ObjectNode metadata() { throw new UnsupportedOperationException(); }
      @Override public Predicted predict(Request request) { throw failure.get(); }
      @Override public List<WarmUp> warmUps() { return List.of(); }
      @Override public RestApi.Reply samplePng(Map<String, String> query) { throw new UnsupportedOperationException(); }
      @Override public boolean hasSamplePng() { return false; }
      @Override public BenchLoad benchLoad(int count) { throw new UnsupportedOperationException(); }
    };
    return new RestApi(throwing, "m", () -> "AVAILABLE")
        .handle("POST", "/v1/models/m:predict", null, "{\"instances\": [{\"seed\": 1}]}".getBytes(StandardCharsets.UTF_8));
  }

  private static String body(RestApi.Reply r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void aClientsMistakeIsA400WithItsMessage() {
    RestApi.Reply r = predictOn(() -> new IllegalArgumentException("instances[0]: 'seed' must be an integer, got 1.5"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(body(r)).isEqualTo("{\"error\":\"instances[0]: 'seed' must be an integer, got 1.5\"}");
  }

  @Test
  void tensorFlowsInvalidArgumentFromARunIsTheServersFaultAndOnlyItsFirstLineIsShown() {
    // TFInvalidArgumentException extends IllegalArgumentException; inputs are checked before a run, so this is a bug
    RestApi.Reply r = predictOn(() -> new TFInvalidArgumentException(
        "Incompatible shapes: [2,3] vs. [4]\n\t [[{{node generator/add}}]]"));
    assertThat(r.status()).isEqualTo(500);
    assertThat(body(r)).isEqualTo("{\"error\":\"internal error: TFInvalidArgumentException: Incompatible shapes: [2,3] vs. [4]\"}");
  }

  @Test
  void anyOtherFailureIsA500NamingItsType() {
    RestApi.Reply r = predictOn(() -> new IllegalStateException("session closed\nmore"));
    assertThat(r.status()).isEqualTo(500);
    assertThat(body(r)).isEqualTo("{\"error\":\"internal error: IllegalStateException: session closed\"}");
  }
}
