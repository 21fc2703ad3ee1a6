package io.gan4j.sdk.data;

/**
 * Bad training data: a missing or unreadable file, a wrong IDX magic number, a truncated file, a
 * label count that does not match the image count. The message names the file and what was wrong.
 *
 * <p>Usage: {@code catch (DataException e) { System.err.println(e.getMessage()); }}
 */
public final class DataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
