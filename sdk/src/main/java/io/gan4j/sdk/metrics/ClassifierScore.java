package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The Inception-style score of a classifier's logits: per split, {@code exp(mean_x KL(p(y|x) ‖ p(y)))}
 * with p(y) the split's mean prediction; the result is the mean and standard deviation over
 * contiguous splits (10 by default, as in Salimans et al. 2016). Softmax and logs in float64.
 *
 * <p>Usage: {@code ClassifierScore.Result is = ClassifierScore.of(logits, 10); is.mean();}
 */
public final class ClassifierScore {

  /** Mean and standard deviation of the score over splits. */
  public record Result(double mean, double std, int splits) {}

  private ClassifierScore() {}

  public static Result of(double[][] logits, int splits) {
    checkArgument(splits >= 1, "splits must be >= 1, got %s", splits);
    checkArgument(logits.length >= splits, "the classifier score needs at least %s samples (one per split), got %s",
        splits, logits.length);
    int n = logits.length;
    int k = logits[0].length;
    double[][] p = new double[n][k];
    for (int i = 0; i < n; i++) {
      double max = Double.NEGATIVE_INFINITY;
      for (double v : logits[i]) {
        max = Math.max(max, v);
      }
      double sum = 0;
      for (int c = 0; c < k; c++) {
        p[i][c] = Math.exp(logits[i][c] - max);
        sum += p[i][c];
      }
      for (int c = 0; c < k; c++) {
        p[i][c] /= sum;
      }
    }
    double[] scores = new double[splits];
    for (int s = 0; s < splits; s++) {
      int from = s * n / splits;
      int to = (s + 1) * n / splits;
      double[] marginal = new double[k];
      for (int i = from; i < to; i++) {
        for (int c = 0; c < k; c++) {
          marginal[c] += p[i][c];
        }
      }
      for (int c = 0; c < k; c++) {
        marginal[c] /= to - from;
      }
      double kl = 0;
      for (int i = from; i < to; i++) {
        for (int c = 0; c < k; c++) {
          if (p[i][c] > 0) {
            kl += p[i][c] * (Math.log(p[i][c]) - Math.log(marginal[c]));
          }
        }
      }
      scores[s] = Math.exp(kl / (to - from));
    }
    MeanStd stats = MeanStd.of(scores);
    return new Result(stats.mean(), stats.std(), splits);
  }
}
