package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * How close an instance-conditioned generator's samples stay to the instance they were drawn for,
 * measured in a feature space (rows are ℓ2-normalised feature vectors, distances Euclidean, so
 * ‖a − b‖² = 2 − 2·cos): the mean distance from the samples to the instance's k real neighbours,
 * against the same distance to random real images and to another instance's neighbourhood, and how
 * often a sample's nearest real image is one of the instance's neighbours (chance: k / N).
 *
 * <p>Usage: {@code var d = NeighbourhoodDistances.of(samples, ownNeighbours, randomImages, otherNeighbours, hits, count);}
 */
public record NeighbourhoodDistances(double toOwn, double toRandom, double toOther, double ownSpread, double neighbourHitRate) {

  /**
   * The distances of one instance's {@code samples}: to its {@code own} neighbourhood, to
   * {@code random} real images, to an {@code other} instance's neighbourhood; {@code ownSpread} is the
   * mean distance between two distinct members of {@code own} (the scale a perfect sampler would
   * reach); {@code hits} of the samples had their nearest real image inside {@code own}.
   */
  public static NeighbourhoodDistances of(float[][] samples, float[][] own, float[][] random, float[][] other, int hits) {
    checkArgument(hits >= 0 && hits <= samples.length, "hits must be in [0, %s], got %s", samples.length, hits);
    return new NeighbourhoodDistances(meanDistance(samples, own), meanDistance(samples, random), meanDistance(samples, other),
        meanDistinctDistance(own), hits / (double) samples.length);
  }

  /** Mean Euclidean distance over all pairs (a, b), in float64. */
  public static double meanDistance(float[][] a, float[][] b) {
    checkArgument(a.length > 0 && b.length > 0, "need rows on both sides, got %s and %s", a.length, b.length);
    double sum = 0;
    for (float[] x : a) {
      for (float[] y : b) {
        sum += distance(x, y);
      }
    }
    return sum / ((double) a.length * b.length);
  }

  /** Mean Euclidean distance over pairs of distinct rows of {@code a}. */
  public static double meanDistinctDistance(float[][] a) {
    checkArgument(a.length > 1, "need two rows or more, got %s", a.length);
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int j = i + 1; j < a.length; j++) {
        sum += distance(a[i], a[j]);
      }
    }
    return sum / (a.length * (a.length - 1) / 2.0);
  }

  static double distance(float[] x, float[] y) {
    checkArgument(x.length == y.length, "rows of %s and %s values", x.length, y.length);
    double s = 0;
    for (int k = 0; k < x.length; k++) {
      double d = (double) x[k] - y[k];
      s += d * d;
    }
    return Math.sqrt(s);
  }

  /**
   * The {@code k} rows of {@code base} ({@code [N, F]} flattened, ℓ2-normalised) most cosine-similar
   * to {@code query}, most similar first, skipping row {@code exclude} (the query's own index when it
   * is a member of {@code base}, as IC-GAN's neighbourhoods exclude the instance; −1 for none). Ties
   * go to the lower index.
   */
  public static int[] nearest(float[] query, float[] base, int n, int k, int exclude) {
    int f = query.length;
    checkArgument(base.length == (long) n * f, "base has %s values, not %s rows of %s", base.length, n, f);
    checkArgument(k >= 1 && k <= n - (exclude >= 0 ? 1 : 0), "k must be in [1, %s], got %s", n - (exclude >= 0 ? 1 : 0), k);
    int[] best = new int[k];
    double[] score = new double[k];
    Arrays.fill(score, Double.NEGATIVE_INFINITY);
    for (int i = 0; i < n; i++) {
      if (i == exclude) {
        continue;
      }
      double s = 0;
      for (int j = 0, o = i * f; j < f; j++) {
        s += (double) query[j] * base[o + j];
      }
      if (s > score[k - 1]) {
        int p = k - 1;
        while (p > 0 && s > score[p - 1]) {
          score[p] = score[p - 1];
          best[p] = best[p - 1];
          p--;
        }
        score[p] = s;
        best[p] = i;
      }
    }
    return best;
  }
}
