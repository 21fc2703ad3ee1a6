package io.gan4j.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A child process's output, read on its own thread so a test can poll it while the child runs.
 *
 * <p>Usage: {@code ChildOutput out = ChildOutput.of(process); ... out.text().contains("AVAILABLE")}
 */
final class ChildOutput {
  private final StringBuilder text = new StringBuilder();
  private final Thread reader;

  private ChildOutput(InputStream in) {
    reader = new Thread(() -> copy(in));
    reader.start();
  }

  /** Starts reading {@code p}'s standard output (merge stderr into it with {@code redirectErrorStream}). */
  static ChildOutput of(Process p) {
    return new ChildOutput(p.getInputStream());
  }

  /** Everything read so far. */
  String text() {
    synchronized (text) {
      return text.toString();
    }
  }

  /** Waits up to {@code millis} for the child to close its output. */
  void join(long millis) throws InterruptedException {
    reader.join(millis);
  }

  private void copy(InputStream in) {
    byte[] buf = new byte[4096];
    try (in) {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (text) {
          text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
      }
    } catch (IOException ignored) {
      // the child is gone; what was read stays in text
    }
  }
}
