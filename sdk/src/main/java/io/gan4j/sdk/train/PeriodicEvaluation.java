package io.gan4j.sdk.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Score the generator with {@code scorer} every {@code every} steps or, when {@code everyMinutes} is
 * positive, every {@code everyMinutes} minutes of training time (the trainer's clock without the time
 * spent in evaluations), and at the last step; the trainer appends each result to {@code metrics.json}
 * (with its {@code step} and training {@code minutes}) and writes it to TensorBoard as {@code eval/<name>}.
 *
 * <p>Usage: {@code new PeriodicEvaluation(500, featureScorer)} or {@code PeriodicEvaluation.everyMinutes(5, featureScorer)}
 */
public record PeriodicEvaluation(int every, double everyMinutes, SampleScorer scorer) {

  public static final PeriodicEvaluation NONE = new PeriodicEvaluation(Integer.MAX_VALUE, null);

  public PeriodicEvaluation {
    checkArgument(every >= 1, "evaluation interval must be >= 1 step, got %s", every);
    checkArgument(everyMinutes >= 0 && Double.isFinite(everyMinutes), "evaluation interval must be > 0 minutes, got %s", everyMinutes);
    checkArgument(everyMinutes == 0 || every == Integer.MAX_VALUE, "evaluate every N steps or every M minutes, not both");
  }

  /** Every {@code every} steps. */
  public PeriodicEvaluation(int every, SampleScorer scorer) {
    this(every, 0, scorer);
  }

  /** Every {@code minutes} (decimal) minutes of training time, evaluation time excluded. */
  public static PeriodicEvaluation everyMinutes(double minutes, SampleScorer scorer) {
    checkArgument(minutes > 0 && Double.isFinite(minutes), "evaluation interval must be > 0 minutes, got %s", minutes);
    return new PeriodicEvaluation(Integer.MAX_VALUE, minutes, scorer);
  }

  boolean enabled() {
    return scorer != null;
  }

  boolean byTime() {
    return everyMinutes > 0;
  }
}
