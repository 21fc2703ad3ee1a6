package io.gan4j.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * What {@link RestApi} needs of one kind of model: its metadata, its predict signatures, its
 * warm-up requests and its bench load. {@link RestApi} owns everything the kinds share (routes,
 * status, the predict envelope, errors); a kind reads the request's inputs and answers the outputs.
 * Implementations: {@link ServedGenerator}, {@link ServedTranslator}. A served model does not own
 * the native model: its caller closes that.
 *
 * <p>Usage: {@code new RestApi(new ServedTranslator(TranslatorModel.load(dir)), "edges", () -> "AVAILABLE")}
 */
interface ServedModel {

  /**
   * One predict request after the envelope checks: the signature asked for ({@code serving_default}
   * when absent), whether it is in row format ({@code instances}) or columnar ({@code inputs}), that
   * value, and {@code output_format} ({@code float} or {@code png}; null when the client gave none).
   */
  record Request(String signature, boolean rows, JsonNode data, String format) {
    /** Where the inputs are, as an error names them: {@code instances} or {@code inputs}. */
    String field() {
      return rows ? "instances" : "inputs";
    }
  }

  /** A predict answer: the list under {@code predictions} (rows) or {@code outputs} (columnar), and how many images it holds. */
  record Predicted(ArrayNode outputs, int images) {}

  /** A request the server runs before it reports AVAILABLE; {@code signature} names it if it fails. */
  record WarmUp(String signature, String body) {}

  /** What {@code serve --bench} clients send: a description for the report and the request body for a seed. */
  record BenchLoad(String description, LongFunction<String> body) {}

  /** For the serve banner: the model's shapes, e.g. {@code z 100, images [32, 32, 3]}. */
  String summary();

  /** The metadata answer after {@code model_spec}: {@code metadata.signature_def} and any notes. */
  ObjectNode metadata();

  /** Runs the model on a request; a client's mistake is a {@link BadRequest} or an {@link IllegalArgumentException}. */
  Predicted predict(Request request);

  /** The requests that exercise every signature once, in order. */
  List<WarmUp> warmUps();

  /** {@code GET .../sample.png} with its query parameters. */
  RestApi.Reply samplePng(Map<String, String> query);

  /** Whether {@link #samplePng} draws samples (a generator) rather than refusing. */
  boolean hasSamplePng();

  /** The bench's well-behaved request of {@code count} images. */
  BenchLoad benchLoad(int count);
}
