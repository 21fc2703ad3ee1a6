package io.gan4j.sdk.train;

import io.gan4j.sdk.eval.ModeCoverage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a {@link Trainer#train} call did: steps done in total, wall time and speed of this call's
 * training loop, the mean losses over its last 100 steps, mode coverage for 2-D data, the training minutes of
 * this call (its clock without periodic evaluations) and whether it ended at its time budget
 * ({@link Trainer#train(TrainingListener, PeriodicEvaluation, java.time.Duration)}) rather than at {@code config.steps()}.
 *
 * <p>Usage: {@code TrainingResult r = trainer.train(TrainingListener.NONE); r.stepsPerSecond();}
 */
public record TrainingResult(
    long steps, long stepsThisRun, double seconds, float dLoss, float gLoss, ModeCoverage coverage, double trainingMinutes,
    boolean budgetReached) {

  /** A call that ran to its steps, with {@code seconds} of training. */
  public TrainingResult(long steps, long stepsThisRun, double seconds, float dLoss, float gLoss, ModeCoverage coverage) {
    this(steps, stepsThisRun, seconds, dLoss, gLoss, coverage, seconds / 60, false);
  }

  public double stepsPerSecond() {
    return seconds > 0 ? stepsThisRun / seconds : 0;
  }

  /** The {@code summary.json} form (snake_case keys). */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("steps", steps);
    m.put("steps_this_run", stepsThisRun);
    m.put("seconds", Math.round(seconds * 1000) / 1000.0);
    m.put("steps_per_second", Math.round(stepsPerSecond() * 1000) / 1000.0);
    m.put("d_loss", dLoss);
    m.put("g_loss", gLoss);
    m.put("training_minutes", Math.round(trainingMinutes * 10000) / 10000.0);
    m.put("time_budget_reached", budgetReached);
    if (coverage != null) {
      m.put("modes", coverage.modes());
      m.put("total_modes", coverage.totalModes());
      m.put("high_quality_fraction", Math.round(coverage.highQualityFraction() * 10000) / 10000.0);
      m.put("samples", ModeCoverage.SAMPLES);
    }
    return m;
  }
}
