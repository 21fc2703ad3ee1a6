package io.gan4j.sdk.eval;

/**
 * Mode coverage of 2-D samples against a Gaussian mixture: a sample is high quality when it lies
 * within 3σ of its nearest mean; a mode is covered when it holds at least {@code minPerMode}
 * high-quality samples (20 for the usual 2,500 samples).
 *
 * <p>Usage: {@code ModeCoverage c = ModeCoverage.of(points, ring.means(), ring.sigma(), 20);}
 */
public record ModeCoverage(int modes, int totalModes, double highQualityFraction, int[] perMode) {

  public static final int SAMPLES = 2500;
  public static final int MIN_PER_MODE = 20;

  /** {@code points} are {@code [N, 2]} row-major. */
  public static ModeCoverage of(float[] points, float[][] means, float sigma, int minPerMode) {
    int n = points.length / 2;
    int[] perMode = new int[means.length];
    int good = 0;
    double limit = 3.0 * sigma;
    for (int i = 0; i < n; i++) {
      double x = points[2 * i];
      double y = points[2 * i + 1];
      int best = -1;
      double bestDist = Double.POSITIVE_INFINITY;
      for (int k = 0; k < means.length; k++) {
        double d = Math.hypot(x - means[k][0], y - means[k][1]);
        if (d < bestDist) {
          bestDist = d;
          best = k;
        }
      }
      if (bestDist <= limit) {
        good++;
        perMode[best]++;
      }
    }
    int covered = 0;
    for (int c : perMode) {
      if (c >= minPerMode) {
        covered++;
      }
    }
    return new ModeCoverage(covered, means.length, n == 0 ? 0 : (double) good / n, perMode);
  }
}
