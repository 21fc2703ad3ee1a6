package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * Structural similarity (Wang, Bovik, Sheikh & Simoncelli 2004) in float64, as their reference
 * {@code ssim_index.m} computes it: local statistics under an 11×11 Gaussian window of σ = 1.5 over
 * the valid region (no padding), {@code SSIM = (2μxμy + C1)(2σxy + C2) / ((μx² + μy² + C1)(σx² + σy² + C2))}
 * with C1 = (0.01·L)², C2 = (0.03·L)², averaged over the map; several channels are averaged per channel.
 * Images here are in [0, 1] (L = 1). At 32×32 the map is 22×22.
 *
 * <p>Usage: {@code double s = Ssim.of(x, y, 32, 32, 1);}
 */
public final class Ssim {

  public static final int WINDOW = 11;
  public static final double SIGMA = 1.5;
  public static final double K1 = 0.01;
  public static final double K2 = 0.03;

  private static final double[] WEIGHTS = weights();

  private Ssim() {}

  /** The normalised 11×11 Gaussian window, row-major. */
  public static double[] window() {
    return WEIGHTS.clone();
  }

  /** Mean SSIM of one image pair {@code [h, w, c]} (row-major, channels last), values in [0, 1]. */
  public static double of(double[] x, double[] y, int h, int w, int c) {
    checkArgument(x.length == h * w * c && y.length == x.length, "SSIM needs two images of %sx%sx%s", h, w, c);
    checkArgument(h >= WINDOW && w >= WINDOW, "SSIM's 11x11 window needs images of at least 11x11, got %sx%s", h, w);
    double c1 = K1 * K1;
    double c2 = K2 * K2;
    double total = 0;
    int count = 0;
    for (int ch = 0; ch < c; ch++) {
      for (int i = 0; i + WINDOW <= h; i++) {
        for (int j = 0; j + WINDOW <= w; j++) {
          double mx = 0, my = 0, xx = 0, yy = 0, xy = 0;
          for (int u = 0; u < WINDOW; u++) {
            for (int v = 0; v < WINDOW; v++) {
              double g = WEIGHTS[u * WINDOW + v];
              double a = x[((i + u) * w + j + v) * c + ch];
              double b = y[((i + u) * w + j + v) * c + ch];
              mx += g * a;
              my += g * b;
              xx += g * a * a;
              yy += g * b * b;
              xy += g * a * b;
            }
          }
          double vx = xx - mx * mx;
          double vy = yy - my * my;
          double cov = xy - mx * my;
          total += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
          count++;
        }
      }
    }
    return total / count;
  }

  private static double[] weights() {
    double[] g = new double[WINDOW * WINDOW];
    double sum = 0;
    int r = WINDOW / 2;
    for (int u = 0; u < WINDOW; u++) {
      for (int v = 0; v < WINDOW; v++) {
        g[u * WINDOW + v] = Math.exp(-((u - r) * (u - r) + (v - r) * (v - r)) / (2 * SIGMA * SIGMA));
        sum += g[u * WINDOW + v];
      }
    }
    for (int k = 0; k < g.length; k++) {
      g[k] /= sum;
    }
    return g;
  }
}
