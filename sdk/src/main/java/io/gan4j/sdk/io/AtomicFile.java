package io.gan4j.sdk.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a file whole or not at all: the content goes to a temporary file beside the target, which
 * is then renamed over it atomically, so a crash or a full disk never leaves half a sample grid,
 * config or summary behind, and readers never see one.
 *
 * <p>Usage: {@code AtomicFile.write(runDir.resolve("summary.json"), tmp -> Files.writeString(tmp, json));}
 */
public final class AtomicFile {

  /** Writes the content to the path it is given. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path tmp) throws IOException;
  }

  private AtomicFile() {}

  /** Creates the parent folders, writes {@code content} to a temporary sibling and renames it to {@code file}. */
  public static void write(Path file, Content content) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, "." + file.getFileName(), ".tmp");
    try {
      content.writeTo(tmp);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
