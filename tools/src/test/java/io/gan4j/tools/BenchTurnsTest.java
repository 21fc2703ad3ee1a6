package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchTurnsTest {
  @TempDir Path dir;

  /** Two sides as bench runs them (setup, then pass/await before each block), one with more blocks than the other. */
  @Test
  void twoSidesAlternateBlockByBlockAndTheLongerOneFinishesAlone() throws Exception {
    Path file = dir.resolve("turn");
    Files.writeString(file, "a");
    List<String> log = new CopyOnWriteArrayList<>();
    Thread a = new Thread(() -> side(BenchTurns.parse(file + ":a:b"), "a", 2, log));
    Thread b = new Thread(() -> side(BenchTurns.parse(file + ":b:a"), "b", 3, log));
    b.start();
    a.start();
    a.join(10_000);
    b.join(10_000);
    assertThat(log).containsExactly("a setup", "b setup", "a 1", "b 1", "a 2", "b 2", "b 3");
  }

  @Test
  void badSpecIsRefused() {
    assertThatThrownBy(() -> BenchTurns.parse("/tmp/t:a:a"))
        .hasMessage("--take-turns must be FILE:ME:OTHER with two different names, got '/tmp/t:a:a'");
  }

  private static void side(BenchTurns turns, String me, int blocks, List<String> log) {
    turns.await();
    log.add(me + " setup");
    for (int i = 1; i <= blocks; i++) {
      turns.pass();
      turns.await();
      log.add(me + " " + i);
    }
    turns.finish();
  }
}
