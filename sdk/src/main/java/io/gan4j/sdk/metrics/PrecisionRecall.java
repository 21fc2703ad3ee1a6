package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;

/**
 * Improved precision and recall (Kynkäänniemi et al. 2019): each set's manifold is the union of balls
 * around its points with radius the distance to the point's k-th nearest neighbour in the same set
 * (k = 3 by default). Precision is the fraction of generated samples inside the real manifold, recall
 * the fraction of real samples inside the generated one; "inside" is distance ≤ radius. Float64,
 * exact O(N²·d).
 *
 * <p>Usage: {@code PrecisionRecall.Result pr = PrecisionRecall.of(real, fake, 3);}
 */
public final class PrecisionRecall {

  /** Precision and recall, each in [0, 1]. */
  public record Result(double precision, double recall, int k) {}

  private PrecisionRecall() {}

  public static Result of(double[][] real, double[][] fake, int k) {
    Moments.checkSameDimension(real, fake);
    checkArgument(k >= 1, "k must be >= 1, got %s", k);
    checkArgument(real.length > k && fake.length > k,
        "precision/recall with k = %s needs more than %s samples per set, got %s and %s", k, k, real.length, fake.length);
    double[] realRadii = radii(real, k);
    double[] fakeRadii = radii(fake, k);
    return new Result(coverage(fake, real, realRadii), coverage(real, fake, fakeRadii), k);
  }

  /** Squared distance from each point to its k-th nearest other point of the same set. */
  private static double[] radii(double[][] x, int k) {
    double[] out = new double[x.length];
    double[] d = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      for (int j = 0; j < x.length; j++) {
        d[j] = squared(x[i], x[j]);
      }
      double[] sorted = d.clone();
      Arrays.sort(sorted);
      out[i] = sorted[k]; // sorted[0] is the point itself (0)
    }
    return out;
  }

  /** Fraction of {@code queries} within the radius of at least one point of {@code manifold}. */
  private static double coverage(double[][] queries, double[][] manifold, double[] radii) {
    int inside = 0;
    for (double[] q : queries) {
      for (int j = 0; j < manifold.length; j++) {
        if (squared(q, manifold[j]) <= radii[j]) {
          inside++;
          break;
        }
      }
    }
    return (double) inside / queries.length;
  }

  private static double squared(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      double t = a[i] - b[i];
      s += t * t;
    }
    return s;
  }
}
