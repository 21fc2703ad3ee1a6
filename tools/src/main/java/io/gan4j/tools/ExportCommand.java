package io.gan4j.tools;

import io.gan4j.savedmodels.GeneratorExport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j export}: writes the generator of a run as a SavedModel (inference graph only,
 * moving-average weights, spectral norm frozen) with {@code serving_default} and {@code sample}.
 *
 * <p>Usage: {@code gan4j export --run runs/demo --out models/demo}
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a run's generator as a SavedModel (serving_default: z -> images; sample: seed, count -> images).")
final class ExportCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, description = "run directory written by train/demo")
  Path run;

  @Option(names = "--standing-stats", defaultValue = "0",
      description = "BigGAN's standing statistics: batch norm statistics averaged over this many batches of 64 samples of the exported weights (default: 0 = the trained ones)")
  int standingStats;

  @Option(names = "--out", description = "SavedModel directory (default: RUN/model)")
  Path out;

  @Override
  public Integer call() {
    Path dir = out != null ? out : run.resolve(TrainingRun.MODEL_DIR);
    if (standingStats < 0) {
      throw new IllegalArgumentException("--standing-stats must be >= 0, got " + standingStats);
    }
    if (io.gan4j.sdk.train.Trainer.readConfig(run).translation() != null) {
      if (standingStats != 0) {
        throw new IllegalArgumentException("--standing-stats applies to batch-norm generators; translation models use instance norm");
      }
      long step = io.gan4j.savedmodels.TranslatorExport.fromRun(run, dir);
      System.out.printf("gan4j: exported the translators of %s (step %d) to %s and %s%n", run, step, dir.resolve("ab"), dir.resolve("ba"));
      return 0;
    }
    long step = GeneratorExport.fromRun(run, dir, standingStats);
    System.out.printf("gan4j: exported the generator of %s (step %d) to %s%n", run, step, dir);
    return 0;
  }
}
