package io.gan4j.sdk.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFileTest {

  @TempDir Path dir;

  @Test
  void writesIntoNewFoldersAndReplacesTheOldContent() throws IOException {
    Path file = dir.resolve("a/b/summary.json");
    AtomicFile.write(file, tmp -> Files.writeString(tmp, "first"));
    AtomicFile.write(file, tmp -> Files.writeString(tmp, "second"));
    assertThat(Files.readString(file)).isEqualTo("second");
    assertThat(listing(file.getParent())).containsExactly("summary.json");
  }

  @Test
  void aFailedWriteKeepsTheOldFileAndLeavesNoTemporaryFile() throws IOException {
    Path file = dir.resolve("config.json");
    AtomicFile.write(file, tmp -> Files.writeString(tmp, "kept"));
    assertThatThrownBy(() -> AtomicFile.write(file, tmp -> {
      Files.writeString(tmp, "half");
      throw new IOException("disk full");
    })).isInstanceOf(IOException.class).hasMessage("disk full");
    assertThat(Files.readString(file)).isEqualTo("kept");
    assertThat(listing(dir)).containsExactly("config.json");
  }

  private static String[] listing(Path folder) throws IOException {
    try (Stream<Path> s = Files.list(folder)) {
      return s.map(p -> p.getFileName().toString()).toArray(String[]::new);
    }
  }
}
