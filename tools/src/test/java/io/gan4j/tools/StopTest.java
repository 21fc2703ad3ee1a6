package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signal during {@code gan4j train} (a real SIGTERM to a child JVM; Ctrl-C's SIGINT takes the same
 * shutdown-hook path, but a shell starts background jobs with SIGINT ignored, so a test cannot rely on
 * it): training stops after its step, checkpoints that step, says how to continue and exits 143
 * (128 + SIGTERM), with no TensorFlow crash on the way out.
 */
class StopTest {
  @TempDir Path dir;

  @Test
  void aSignalCheckpointsTheCurrentStepAndSaysHowToContinue() throws Exception {
    Path run = dir.resolve("run");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "train", "--model", "mlp", "--data", "grid25", "--steps", "1000000", "--out", run.toString())
        .redirectErrorStream(true).start();
    ChildOutput out = ChildOutput.of(p);
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!out.text().contains(" d=") && p.isAlive() && System.nanoTime() < deadline) { // the bar shows losses once steps run
        Thread.sleep(100);
      }
      assertThat(out.text()).as("training started").contains(" d=");
      p.toHandle().destroy(); // SIGTERM; Process.destroy() would also close our end of its output
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("exited after SIGTERM").isTrue();
    } finally {
      p.destroyForcibly();
    }
    out.join(10_000);
    String log = out.text();
    Matcher m = Pattern.compile("gan4j: training stopped at step (\\d+) of 1000000 on request; checkpoint (\\S+) holds it; "
        + "continue with: gan4j train --resume --out " + Pattern.quote(run.toString())).matcher(log);
    assertThat(m.find()).as(log).isTrue();
    long step = Long.parseLong(m.group(1));
    assertThat(step).isPositive();
    assertThat(Path.of(m.group(2))).isEqualTo(run.resolve(String.format("checkpoints/step-%08d", step)));
    assertThat(Path.of(m.group(2)).resolve("variables.index")).exists();
    assertThat(log).doesNotContain("SIGSEGV").doesNotContain("fatal error");
    assertThat(p.exitValue()).isEqualTo(128 + 15);
    assertThat(Files.exists(run.resolve("summary.json"))).isFalse();
  }
}
