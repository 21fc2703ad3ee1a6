package io.gan4j.tools;

import io.gan4j.savedmodels.GeneratorExport;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.train.Checkpoints;
import io.gan4j.sdk.train.PeriodicEvaluation;
import io.gan4j.sdk.train.Placement;
import io.gan4j.sdk.train.Precision;
import io.gan4j.sdk.train.SessionOptions;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingResult;
import io.gan4j.sdk.train.TrainingStoppedException;
import io.gan4j.sdk.train.cluster.ClusterUnavailableException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link Trainer} with the console progress bar and prints where everything went; shared by
 * {@code train} and {@code demo}.
 *
 * <p>Usage: {@code TrainingRun.execute(config, data, out, Trainer.Start.FRESH, System.out);}
 */
final class TrainingRun {

  /** Where train and demo export the generator inside the run directory. */
  static final String MODEL_DIR = "model";
  /** How long Ctrl-C waits for the current step (or evaluation) and its checkpoint. */
  static final int STOP_GRACE_SECONDS = 120;

  private TrainingRun() {}

  /**
   * How a run goes beyond its config: periodic evaluation, a time budget of training in this invocation
   * (null: none; reaching it ends the run as its last step would, with one line saying so), session
   * options (e.g. bf16), the step replicated per {@code placement}, and {@code resumeFlags}, the flags that
   * put a resumed run back on it (printed in the "continue with" lines).
   */
  record Options(PeriodicEvaluation evaluation, java.time.Duration budget, SessionOptions session, Placement placement,
      String resumeFlags) {
    /** No evaluation, no budget, default session, one device. */
    static final Options DEFAULT = new Options(PeriodicEvaluation.NONE, null, SessionOptions.DEFAULT, Placement.LOCAL, "");
  }

  static TrainingResult execute(TrainConfig config, TrainingData data, Path out, Trainer.Start start, PrintStream console) {
    return execute(config, data, out, start, Options.DEFAULT, console);
  }

  /** As above, with {@code options}. */
  static TrainingResult execute(TrainConfig config, TrainingData data, Path out, Trainer.Start start, Options options,
      PrintStream console) {
    SessionOptions session = options.session();
    Placement placement = options.placement();
    String resumeFlags = options.resumeFlags();
    java.time.Duration budget = options.budget();
    console.printf("gan4j: training %s on %s (%s, %d steps, batch %d, seed %d%s) -> %s%n",
        config.model(), data.name(), config.loss(), config.steps(), config.batch(), config.seed(),
        session.precision() == Precision.FP32 ? "" : ", " + session.precision().label(), out);
    TrainingResult result;
    CountDownLatch closed = new CountDownLatch(1);
    if (placement.replicas() > 1) {
      console.printf("gan4j: %d replicas of the step (%s), %d samples each; variables on %s%n", placement.replicas(),
          String.join(", ", placement.replicaDevices()), config.batch() / placement.replicas(), placement.variableDevice());
    }
    try (Trainer trainer = Trainer.open(out, config, data, start, session, placement);
        ConsoleProgress progress = new ConsoleProgress(config.model())) {
      // Ctrl-C / SIGTERM: the JVM runs shutdown hooks and then halts, even mid-kernel (which can crash
      // TensorFlow) and without saving the steps since the last checkpoint. The hook instead asks the
      // trainer to stop after its step and checkpoint it, and holds the exit until the session is closed.
      Thread hook = new Thread(() -> {
        trainer.requestStop();
        awaitQuietly(closed);
      }, "gan4j-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        result = trainer.train(progress, options.evaluation(), budget);
      } finally {
        removeQuietly(hook);
      }
    } catch (ClusterUnavailableException e) {
      throw new ClusterUnavailableException(e.job(), e.task(), e.getMessage() + "; restart the worker and " + howToContinue(out, resumeFlags),
          e);
    } catch (TrainingStoppedException e) {
      // Said here, before the latch opens: once the hook returns the JVM halts, so nothing later prints.
      console.println("gan4j: " + e.getMessage() + "; " + howToContinue(out, resumeFlags));
      throw e;
    } finally {
      closed.countDown();
    }
    if (result.budgetReached()) {
      console.printf("gan4j: stopped at the time budget (%s min of training) at step %d of %d%n",
          TrainCommand.minutes(budget.toNanos() / 60e9), result.steps(), config.steps());
    }
    if (config.translation() != null) {
      io.gan4j.savedmodels.TranslatorExport.fromRun(out, out.resolve(MODEL_DIR)); // model/ab and model/ba
    } else if (data.isImage()) {
      GeneratorExport.fromRun(out, out.resolve(MODEL_DIR));
    }
    Path metrics = out.resolve(Trainer.METRICS_FILE);
    if (Files.exists(metrics)) {
      try {
        MetricsPlot.write(metrics, config.loss(), out.resolve(MetricsPlot.FILE));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot plot " + metrics + ": " + e.getMessage(), e);
      }
    }
    console.printf("gan4j: done: %d steps in %.1f s (%.2f steps/s), d_loss %.4f, g_loss %.4f%n",
        result.stepsThisRun(), result.seconds(), result.stepsPerSecond(), result.dLoss(), result.gLoss());
    if (result.coverage() != null) {
      console.printf("gan4j: modes covered %d/%d, high-quality samples %.1f%%%n",
          result.coverage().modes(), result.coverage().totalModes(), 100 * result.coverage().highQualityFraction());
    }
    console.println("gan4j: wrote");
    for (String f : new String[] {Trainer.SAMPLES_PNG, Trainer.SAMPLES_CSV, Trainer.SUMMARY_FILE, Trainer.METRICS_FILE, MetricsPlot.FILE,
        Trainer.CONFIG_FILE,
        "checkpoints/", "events/", MODEL_DIR + "/"}) {
      Path p = out.resolve(f);
      if (Files.exists(p)) {
        console.println("  " + p);
      }
    }
    console.println("gan4j: view the events with: tensorboard --logdir " + out.resolve("events"));
    return result;
  }

  /**
   * What carries on a run that ended early in {@code out}: {@code --resume} from its newest checkpoint
   * or, before the first checkpoint, the same command again. {@code --resume} would fail there
   * (Trainer.open refuses to resume without a checkpoint) while a fresh run may reuse a directory
   * that holds none.
   */
  static String howToContinue(Path out, String resumeFlags) {
    if (new Checkpoints(out.resolve("checkpoints"), Integer.MAX_VALUE).latest().isPresent()) {
      return "continue with: gan4j train --resume --out " + out + resumeFlags;
    }
    return "rerun the same gan4j train command, without --resume (no checkpoint was written to resume from); it starts over in " + out;
  }

  private static void awaitQuietly(CountDownLatch closed) {
    try {
      closed.await(STOP_GRACE_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void removeQuietly(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running or about to: it waits for the close that follows
    }
  }
}
