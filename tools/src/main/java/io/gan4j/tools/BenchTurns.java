package io.gan4j.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Lets two {@code gan4j bench} processes take turns through a shared file, so that settings read once
 * per process (environment variables such as {@code TF_ONEDNN_*}, TensorFlow's process-wide thread
 * pools) can be compared block by block, as {@code --compare-precision} compares sessions in one
 * process: the host's drift then hits both sides alike, and each side's block runs alone. The file
 * holds the name of the process whose turn it is; a process that has finished writes {@code done-NAME}
 * so the other no longer waits for it.
 *
 * <p>Usage: {@code echo a > /tmp/turn}, then {@code gan4j bench --take-turns /tmp/turn:a:b &} and, with
 * the other setting, {@code gan4j bench --take-turns /tmp/turn:b:a}
 */
final class BenchTurns {

  private final Path file;
  private final String me;
  private final String other;
  private boolean otherDone;

  private BenchTurns(Path file, String me, String other) {
    this.file = file;
    this.me = me;
    this.other = other;
  }

  /** {@code FILE:ME:OTHER}. */
  static BenchTurns parse(String spec) {
    String[] p = spec.split(":");
    if (p.length != 3 || p[1].isEmpty() || p[2].isEmpty() || p[1].equals(p[2])) {
      throw new IllegalArgumentException("--take-turns must be FILE:ME:OTHER with two different names, got '" + spec + "'");
    }
    return new BenchTurns(Path.of(p[0]), p[1], p[2]);
  }

  /** Blocks until it is this process's turn, or the other process has finished. */
  void await() {
    try {
      while (true) {
        String s = Files.exists(file) ? Files.readString(file).trim() : "";
        if (s.equals("done-" + other)) {
          otherDone = true;
        }
        if (s.equals(me) || otherDone) {
          return;
        }
        Thread.sleep(10);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the turn in " + file, e);
    }
  }

  /** Hands the turn to the other process, unless it has finished (its {@code done-} mark must stay). */
  void pass() {
    if (!otherDone) {
      write(other);
    }
  }

  /** This process is done: the other runs its remaining blocks without waiting. */
  void finish() {
    write("done-" + me);
  }

  private void write(String content) {
    try {
      // Rename, so that the reader never sees a half-written name.
      Path tmp = file.resolveSibling(file.getFileName() + ".writing-" + me);
      Files.writeString(tmp, content);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
