package io.gan4j.sdk.data;

import java.nio.file.Path;

/**
 * A file of an image folder that cannot be trained on, and why; {@link #toString()} is the line
 * the CLI prints, {@code <path>: <reason>}.
 *
 * <p>Usage: {@code folder.badImages().forEach(System.err::println);}
 */
public record BadImage(Path path, String reason) {

  @Override
  public String toString() {
    return path + ": " + reason;
  }
}
