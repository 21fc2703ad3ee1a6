package io.gan4j.tools;

import io.gan4j.sdk.train.TrainingListener;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The training progress bar: step / total, steps/s, ETA and the latest losses, redrawn in place.
 *
 * <p>Usage: {@code try (ConsoleProgress p = new ConsoleProgress("train")) { trainer.train(p); }}
 */
final class ConsoleProgress implements TrainingListener, AutoCloseable {

  private final String task;
  private ProgressBar bar;

  ConsoleProgress(String task) {
    this.task = task;
  }

  @Override
  public void onStart(long firstStep, long totalSteps) {
    bar = new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(totalSteps)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500)
        .showSpeed()
        .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
        .setUnit(" steps", 1)
        .startsFrom(firstStep, Duration.ZERO)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err, 110))
        .build();
  }

  @Override
  public void onStep(long step, float dLoss, float gLoss) {
    bar.stepTo(step);
    bar.setExtraMessage(String.format(" d=%.3f g=%.3f", dLoss, gLoss));
  }

  @Override
  public void onEvaluation(long step, java.util.Map<String, Double> scores) {
    println(String.format("gan4j: step %d: %s", step, scores.entrySet().stream()
        .map(e -> String.format("%s %.4f", e.getKey(), e.getValue())).collect(java.util.stream.Collectors.joining(", "))));
  }

  /** Prints a line above the bar. */
  void println(String line) {
    System.err.print("\r" + " ".repeat(110) + "\r");
    System.out.println(line);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
