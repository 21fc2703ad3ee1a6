package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Mean and unbiased (N − 1) covariance of a feature matrix {@code [N][d]}, in float64.
 *
 * <p>Usage: {@code Moments m = Moments.of(features); m.covariance()[0][1];}
 */
public record Moments(double[] mean, double[][] covariance) {

  public static Moments of(double[][] x) {
    checkArgument(x.length >= 2, "moments need at least 2 samples, got %s", x.length);
    int n = x.length;
    int d = x[0].length;
    double[] mean = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        mean[j] += row[j];
      }
    }
    for (int j = 0; j < d; j++) {
      mean[j] /= n;
    }
    double[][] cov = new double[d][d];
    double[] centred = new double[d];
    for (double[] row : x) {
      for (int j = 0; j < d; j++) {
        centred[j] = row[j] - mean[j];
      }
      for (int i = 0; i < d; i++) {
        double ci = centred[i];
        double[] ri = cov[i];
        for (int j = i; j < d; j++) {
          ri[j] += ci * centred[j];
        }
      }
    }
    for (int i = 0; i < d; i++) {
      for (int j = i; j < d; j++) {
        cov[i][j] /= n - 1;
        cov[j][i] = cov[i][j];
      }
    }
    return new Moments(mean, cov);
  }

  static void checkSameDimension(double[][] a, double[][] b) {
    checkArgument(a.length > 0 && b.length > 0, "feature sets must not be empty (got %s and %s rows)", a.length, b.length);
    checkArgument(a[0].length == b[0].length,
        "feature dimensions differ: %s vs %s (both sets must come from the same feature network)", a[0].length, b[0].length);
  }
}
