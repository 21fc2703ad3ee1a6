package io.gan4j.tools;

/**
 * A client error of the model server: answered with HTTP {@code status} and {@code {"error": message}},
 * never a stack trace.
 *
 * <p>Usage: {@code throw new BadRequest(400, "'seed' must be an integer, got \"x\"");}
 */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;

  BadRequest(int status, String message) {
    super(message, null, false, false); // an expected answer, not a failure: no stack trace to fill
    this.status = status;
  }
}
