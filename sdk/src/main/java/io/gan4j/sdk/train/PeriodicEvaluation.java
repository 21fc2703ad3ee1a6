package io.gan4j.sdk.train;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Score the generator every {@code every} steps (and at the last step) with {@code scorer}; the
 * trainer appends each result to {@code metrics.json} and writes it to TensorBoard as
 * {@code eval/<name>}.
 *
 * <p>Usage: {@code new PeriodicEvaluation(500, featureScorer)}
 */
public record PeriodicEvaluation(int every, SampleScorer scorer) {

  public static final PeriodicEvaluation NONE = new PeriodicEvaluation(Integer.MAX_VALUE, null);

  public PeriodicEvaluation {
    checkArgument(every >= 1, "evaluation interval must be >= 1 step, got %s", every);
  }

  boolean enabled() {
    return scorer != null;
  }
}
