package io.gan4j.tools;

import io.gan4j.savedmodels.GeneratorExport;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.train.PeriodicEvaluation;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingResult;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs a {@link Trainer} with the console progress bar and prints where everything went; shared by
 * {@code train} and {@code demo}.
 *
 * <p>Usage: {@code TrainingRun.execute(config, data, out, false, System.out);}
 */
final class TrainingRun {

  /** Where train and demo export the generator inside the run directory. */
  static final String MODEL_DIR = "model";

  private TrainingRun() {}

  static TrainingResult execute(TrainConfig config, TrainingData data, Path out, boolean resume, PrintStream console) {
    return execute(config, data, out, resume, PeriodicEvaluation.NONE, console);
  }

  static TrainingResult execute(TrainConfig config, TrainingData data, Path out, boolean resume,
      PeriodicEvaluation evaluation, PrintStream console) {
    console.printf("gan4j: training %s on %s (%s, %d steps, batch %d, seed %d) -> %s%n",
        config.model(), data.name(), config.loss(), config.steps(), config.batch(), config.seed(), out);
    TrainingResult result;
    try (Trainer trainer = Trainer.open(out, config, data, resume);
        ConsoleProgress progress = new ConsoleProgress(config.model())) {
      result = trainer.train(progress, evaluation);
    }
    if (data.isImage()) {
      GeneratorExport.fromRun(out, out.resolve(MODEL_DIR));
    }
    console.printf("gan4j: done: %d steps in %.1f s (%.2f steps/s), d_loss %.4f, g_loss %.4f%n",
        result.stepsThisRun(), result.seconds(), result.stepsPerSecond(), result.dLoss(), result.gLoss());
    if (result.coverage() != null) {
      console.printf("gan4j: modes covered %d/%d, high-quality samples %.1f%%%n",
          result.coverage().modes(), result.coverage().totalModes(), 100 * result.coverage().highQualityFraction());
    }
    console.println("gan4j: wrote");
    for (String f : new String[] {Trainer.SAMPLES_PNG, Trainer.SAMPLES_CSV, Trainer.SUMMARY_FILE, Trainer.METRICS_FILE, Trainer.CONFIG_FILE,
        "checkpoints/", "events/", MODEL_DIR + "/"}) {
      Path p = out.resolve(f);
      if (Files.exists(p)) {
        console.println("  " + p);
      }
    }
    console.println("gan4j: view the events with: tensorboard --logdir " + out.resolve("events"));
    return result;
  }
}
