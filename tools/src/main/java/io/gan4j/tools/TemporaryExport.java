package io.gan4j.tools;

import io.gan4j.savedmodels.GeneratorExport;
import io.gan4j.savedmodels.GeneratorModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;

/**
 * A run's newest checkpoint exported to a SavedModel in a temporary directory and loaded, for commands
 * that need what only the export has (IC-GAN's frozen feature network on {@code sample}); closing it
 * closes the model and deletes the directory.
 *
 * <p>Usage: {@code try (TemporaryExport e = TemporaryExport.of(run)) { e.model().generateForInstances(...); }}
 */
final class TemporaryExport implements AutoCloseable {
  private final Path dir;
  private final GeneratorModel model;
  private final long step;

  private TemporaryExport(Path dir, GeneratorModel model, long step) {
    this.dir = dir;
    this.model = model;
    this.step = step;
  }

  static TemporaryExport of(Path run) throws IOException {
    Path dir = Files.createTempDirectory("gan4j-export-");
    try {
      long step = GeneratorExport.fromRun(run, dir.resolve("model"));
      return new TemporaryExport(dir, GeneratorModel.load(dir.resolve("model")), step);
    } catch (RuntimeException e) {
      delete(dir);
      throw e;
    }
  }

  GeneratorModel model() {
    return model;
  }

  /** The training step of the exported checkpoint. */
  long step() {
    return step;
  }

  @Override
  public void close() {
    try {
      model.close();
    } finally {
      delete(dir);
    }
  }

  private static void delete(Path dir) {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the temporary export " + dir + ": " + e.getMessage(), e);
    }
  }
}
