package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * How close translated images are to their ground truth, averaged over image pairs, all on pixels
 * mapped from [−1, 1] to [0, 1]: {@code l1} the mean absolute difference, {@code psnr}
 * {@code 10·log10(1 / MSE)} in dB per image (MSE floored at 1e-10, so identical images give 100 dB),
 * {@code ssim} {@link Ssim} per image.
 *
 * <p>Usage: {@code PairedScores s = PairedScores.of(translated, truth, n, 32, 32, 1);}
 */
public record PairedScores(double l1, double psnr, double ssim) {

  /** Scores of {@code n} images {@code [n, h, w, c]} (flattened NHWC, in [−1, 1]) against their ground truth. */
  public static PairedScores of(float[] predicted, float[] truth, int n, int h, int w, int c) {
    int size = h * w * c;
    checkArgument(n >= 1 && predicted.length == n * size && truth.length == n * size,
        "paired scores need %s images of %sx%sx%s on both sides", n, h, w, c);
    double l1 = 0;
    double psnr = 0;
    double ssim = 0;
    double[] x = new double[size];
    double[] y = new double[size];
    for (int i = 0; i < n; i++) {
      double abs = 0;
      double sq = 0;
      for (int k = 0; k < size; k++) {
        x[k] = (predicted[i * size + k] + 1) / 2.0;
        y[k] = (truth[i * size + k] + 1) / 2.0;
        double d = x[k] - y[k];
        abs += Math.abs(d);
        sq += d * d;
      }
      l1 += abs / size;
      psnr += 10 * Math.log10(1 / Math.max(sq / size, 1e-10));
      ssim += Ssim.of(x, y, h, w, c);
    }
    return new PairedScores(l1 / n, psnr / n, ssim / n);
  }
}
