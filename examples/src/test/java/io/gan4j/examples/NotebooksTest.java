package io.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * Runs every {@code examples/notebooks/*.jsh} in order, snippet by snippet, as JShell would: a
 * snippet that does not compile or throws fails the build.
 */
class NotebooksTest {

  @Test
  void everyNotebookRunsHeadless() throws Exception {
    List<Path> notebooks;
    try (Stream<Path> s = Files.list(Path.of("notebooks"))) {
      notebooks = s.filter(p -> p.toString().endsWith(".jsh")).sorted().collect(Collectors.toList());
    }
    assertThat(notebooks).hasSizeGreaterThanOrEqualTo(4);
    for (Path notebook : notebooks) {
      if (!notebook.equals(COMPOSE)) { // run from the README by readmeComposeYourOwnGanRunsAsWritten
        run(notebook);
      }
    }
  }

  private static final Path COMPOSE = Path.of("notebooks", "04-compose-a-gan.jsh");

  /**
   * The README's "Compose your own GAN" code, copied out of the README into JShell as a reader would:
   * it must compile, train and write its samples. It is also notebook 4, word for word.
   */
  @Test
  void readmeComposeYourOwnGanRunsAsWritten(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    String readme = Files.readString(Path.of("..", "README.md"));
    int section = readme.indexOf("\n## Compose your own GAN\n");
    assertThat(section).as("README section 'Compose your own GAN'").isPositive();
    int start = readme.indexOf("```java\n", section) + "```java\n".length();
    int end = readme.indexOf("```\n", start);
    String code = readme.substring(start, end);
    assertThat(code).isEqualTo(Files.readString(COMPOSE));
    run(Files.writeString(dir.resolve("readme-compose.jsh"), code));
  }

  @Test
  void aSnippetThatThrowsOrDoesNotCompileFailsTheRun(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Path throwing = Files.writeString(dir.resolve("bad.jsh"), "int x = 1;\nif (x == 1) throw new IllegalStateException(\"boom\");\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(throwing)).hasMessageContaining("snippet threw")
        .hasMessageContaining("boom");
    Path broken = Files.writeString(dir.resolve("broken.jsh"), "int y = \"not a number\";\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> run(broken)).hasMessageContaining("snippet does not compile");
  }

  private static void run(Path notebook) throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        JShell js = JShell.builder().out(out).err(out)
            .remoteVMOptions("-Xmx4g", "-Dgan4j.home=" + Path.of("..").toAbsolutePath().normalize()).build()) {
      for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
        js.addToClasspath(entry);
      }
      SourceCodeAnalysis analysis = js.sourceCodeAnalysis();
      String remaining = Files.readString(notebook);
      while (!remaining.isBlank()) {
        SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
        String source = info.source();
        if (source == null || source.isBlank()) {
          break;
        }
        for (SnippetEvent e : js.eval(source)) {
          if (e.status() == Snippet.Status.REJECTED) {
            String why = js.diagnostics(e.snippet()).map(d -> d.getMessage(null)).collect(Collectors.joining("; "));
            fail(notebook + ": snippet does not compile: " + source.strip() + "\n  " + why + "\n" + output);
          }
          if (e.exception() != null) {
            fail(notebook + ": snippet threw " + e.exception() + ": " + source.strip() + "\n" + output);
          }
        }
        remaining = info.remaining();
      }
    }
    System.out.println("--- " + notebook + "\n" + output.toString(StandardCharsets.UTF_8));
  }
}
