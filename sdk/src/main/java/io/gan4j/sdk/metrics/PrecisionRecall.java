package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.types.TFloat64;

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

  private static final int BLOCK = 1000;

  private PrecisionRecall() {}

  public static Result of(double[][] real, double[][] fake, int k) {
    Moments.checkSameDimension(real, fake);
    checkArgument(k >= 1, "k must be >= 1, got %s", k);
    checkArgument(real.length > k && fake.length > k,
        "precision/recall with k = %s needs more than %s samples per set, got %s and %s", k, k, real.length, fake.length);
    try (Gram gram = new Gram(); TFloat64 r = Gram.tensor(List.of(real)); TFloat64 f = Gram.tensor(List.of(fake))) {
      double[] realNorms = Gram.squaredNorms(List.of(real));
      double[] fakeNorms = Gram.squaredNorms(List.of(fake));
      double[] realRadii = radii(gram, real, realNorms, r, k);
      double[] fakeRadii = radii(gram, fake, fakeNorms, f, k);
      return new Result(coverage(gram, fake, fakeNorms, r, realNorms, realRadii),
          coverage(gram, real, realNorms, f, fakeNorms, fakeRadii), k);
    }
  }

  /**
   * Squared distances {@code ‖q‖² + ‖p‖² − 2 q·p} from the rows {@code [from, from + BLOCK)} of
   * {@code queries} to every point, row-major; blocks keep memory at BLOCK × N doubles.
   */
  private static double[] distances(Gram gram, double[][] queries, double[] queryNorms, int from, int rows,
      TFloat64 points, double[] pointNorms) {
    try (TFloat64 q = Gram.tensor(Arrays.asList(queries).subList(from, from + rows))) {
      double[] d = gram.times(q, points);
      int n = pointNorms.length;
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < n; j++) {
          d[i * n + j] = Math.max(0, queryNorms[from + i] + pointNorms[j] - 2 * d[i * n + j]);
        }
      }
      return d;
    }
  }

  /** Squared distance from each point to its k-th nearest other point of the same set. */
  private static double[] radii(Gram gram, double[][] x, double[] norms, TFloat64 all, int k) {
    int n = x.length;
    double[] out = new double[n];
    double[] smallest = new double[k + 1];
    for (int from = 0; from < n; from += BLOCK) {
      int rows = Math.min(BLOCK, n - from);
      double[] d = distances(gram, x, norms, from, rows, all, norms);
      for (int i = 0; i < rows; i++) {
        // The k + 1 smallest, kept sorted by insertion; index 0 is the point itself.
        Arrays.fill(smallest, Double.POSITIVE_INFINITY);
        for (int j = 0; j < n; j++) {
          double v = j == from + i ? 0 : d[i * n + j];
          if (v < smallest[k]) {
            int p = k;
            while (p > 0 && smallest[p - 1] > v) {
              smallest[p] = smallest[p - 1];
              p--;
            }
            smallest[p] = v;
          }
        }
        out[from + i] = smallest[k];
      }
    }
    return out;
  }

  /** Fraction of {@code queries} within the radius of at least one point of the manifold. */
  private static double coverage(Gram gram, double[][] queries, double[] queryNorms, TFloat64 manifold,
      double[] manifoldNorms, double[] radii) {
    int inside = 0;
    int n = manifoldNorms.length;
    for (int from = 0; from < queries.length; from += BLOCK) {
      int rows = Math.min(BLOCK, queries.length - from);
      double[] d = distances(gram, queries, queryNorms, from, rows, manifold, manifoldNorms);
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < n; j++) {
          if (d[i * n + j] <= radii[j]) {
            inside++;
            break;
          }
        }
      }
    }
    return (double) inside / queries.length;
  }
}
