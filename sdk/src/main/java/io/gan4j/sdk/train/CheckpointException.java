package io.gan4j.sdk.train;

/**
 * A checkpoint could not be written, found or restored; the message names the directory.
 *
 * <p>Usage: {@code catch (CheckpointException e) { System.err.println(e.getMessage()); }}
 */
public final class CheckpointException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public CheckpointException(String message) {
    super(message);
  }

  public CheckpointException(String message, Throwable cause) {
    super(message, cause);
  }
}
