package io.gan4j.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The answers Jetty writes itself (a malformed request line, headers over 8 KB, 503 while shutting
 * down) in the server's own shape, {@code {"error": "..."}}, instead of Jetty's HTML page.
 *
 * <p>Usage: {@code jetty.setErrorHandler(new JsonErrors());}
 */
final class JsonErrors extends ErrorHandler {
  private static final ObjectMapper JSON = new ObjectMapper();

  static byte[] body(int status, String message) {
    String text = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    try {
      return JSON.writeValueAsBytes(JSON.createObjectNode().put("error", text));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e); // a one-field object always serialises
    }
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback) {
    String text = code == HttpStatus.SERVICE_UNAVAILABLE_503 && (message == null || message.equals(HttpStatus.getMessage(code)))
        ? "the server is shutting down; no new requests" : message;
    byte[] body = body(code, text);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    fields.put(new HttpField(HttpHeader.CONTENT_TYPE, "application/json"));
    return ByteBuffer.wrap(body(status, reason));
  }
}
