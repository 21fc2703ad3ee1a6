package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.SplittableRandom;
import org.tensorflow.types.TFloat64;

/**
 * Kernel Inception Distance (Bińkowski et al. 2018): the unbiased MMD² between two feature sets with
 * the cubic polynomial kernel {@code k(x, y) = (xᵀy/d + 1)³}, averaged over random subsets (default
 * 100 subsets of 1000, drawn without replacement within a subset). Float64.
 *
 * <p>Usage: {@code Kid.Result kid = Kid.between(real, fake, 100, 1000, 1); kid.mean();}
 */
public final class Kid {

  /** Mean and standard deviation over subsets. */
  public record Result(double mean, double std, int subsets, int subsetSize) {}

  private Kid() {}

  public static Result between(double[][] a, double[][] b, int subsets, int subsetSize, long seed) {
    Moments.checkSameDimension(a, b);
    checkArgument(subsets >= 1, "KID needs at least one subset, got %s", subsets);
    checkArgument(subsetSize >= 2 && subsetSize <= Math.min(a.length, b.length),
        "KID subset size %s needs at least that many samples in each set (have %s and %s) and at least 2",
        subsetSize, a.length, b.length);
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[subsets];
    try (Gram gram = new Gram()) {
      for (int s = 0; s < subsets; s++) {
        values[s] = mmd2Unbiased(gram, pick(a, subsetSize, random), pick(b, subsetSize, random));
      }
    }
    MeanStd stats = MeanStd.of(values);
    return new Result(stats.mean(), stats.std(), subsets, subsetSize);
  }

  /** Unbiased MMD² of the cubic kernel between all of {@code x} and all of {@code y}. */
  public static double mmd2Unbiased(double[][] x, double[][] y) {
    try (Gram gram = new Gram()) {
      return mmd2Unbiased(gram, x, y);
    }
  }

  private static double mmd2Unbiased(Gram gram, double[][] x, double[][] y) {
    Moments.checkSameDimension(x, y);
    int m = x.length;
    int n = y.length;
    checkArgument(m >= 2 && n >= 2, "unbiased MMD² needs at least 2 samples per set, got %s and %s", m, n);
    int d = x[0].length;
    try (TFloat64 tx = Gram.tensor(List.of(x)); TFloat64 ty = Gram.tensor(List.of(y))) {
      double kxx = offDiagonalKernelSum(gram.times(tx, tx), m, d);
      double kyy = offDiagonalKernelSum(gram.times(ty, ty), n, d);
      double kxy = 0;
      for (double dot : gram.times(tx, ty)) {
        kxy += kernel(dot, d);
      }
      return kxx / ((double) m * (m - 1)) + kyy / ((double) n * (n - 1)) - 2 * kxy / ((double) m * n);
    }
  }

  /** Σ over i ≠ j of k(x_i, x_j), from the Gram matrix of x with itself. */
  private static double offDiagonalKernelSum(double[] dots, int m, int d) {
    double sum = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < m; j++) {
        if (i != j) {
          sum += kernel(dots[i * m + j], d);
        }
      }
    }
    return sum;
  }

  private static double kernel(double dot, int d) {
    double t = dot / d + 1;
    return t * t * t;
  }

  private static double[][] pick(double[][] x, int size, SplittableRandom random) {
    int[] index = new int[x.length];
    for (int i = 0; i < index.length; i++) {
      index[i] = i;
    }
    double[][] out = new double[size][];
    for (int i = 0; i < size; i++) { // partial Fisher–Yates: a uniform subset without replacement
      int j = i + random.nextInt(index.length - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
      out[i] = x[index[i]];
    }
    return out;
  }
}
