package io.gan4j.sdk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class SsimTest {

  @Test
  void constantImagesGiveTheLuminanceTermAndIdenticalImagesOne() {
    double[] a = new double[16 * 16];
    double[] b = new double[16 * 16];
    java.util.Arrays.fill(a, 0.2);
    java.util.Arrays.fill(b, 0.6);
    // No variance: the contrast-structure factor is C2/C2 = 1, SSIM = (2ab + C1)/(a² + b² + C1), C1 = 1e-4.
    assertThat(Ssim.of(a, b, 16, 16, 1)).isCloseTo((2 * 0.2 * 0.6 + 1e-4) / (0.04 + 0.36 + 1e-4), within(1e-12));
    double[] x = noise(16 * 16 * 3, 1);
    assertThat(Ssim.of(x, x, 16, 16, 3)).isCloseTo(1, within(1e-12));
  }

  @Test
  void matchesAStraightFloat64ComputationOfTheFormulaOnNoise() {
    int h = 13, w = 12;
    double[] x = noise(h * w, 2);
    double[] y = noise(h * w, 3);
    for (int k = 0; k < y.length; k++) {
      y[k] = 0.5 * x[k] + 0.5 * y[k]; // correlated, so every term matters
    }
    // By the definition, window by window: 3×2 positions of the 11×11 window, weights exp(−r²/4.5) normalised.
    double sum = 0;
    for (int i = 0; i <= h - 11; i++) {
      for (int j = 0; j <= w - 11; j++) {
        double norm = 0, mx = 0, my = 0;
        for (int u = 0; u < 11; u++) for (int v = 0; v < 11; v++) norm += Math.exp(-((u - 5) * (u - 5) + (v - 5) * (v - 5)) / 4.5);
        for (int u = 0; u < 11; u++) {
          for (int v = 0; v < 11; v++) {
            double g = Math.exp(-((u - 5) * (u - 5) + (v - 5) * (v - 5)) / 4.5) / norm;
            mx += g * x[(i + u) * w + j + v];
            my += g * y[(i + u) * w + j + v];
          }
        }
        double vx = 0, vy = 0, cxy = 0;
        for (int u = 0; u < 11; u++) {
          for (int v = 0; v < 11; v++) {
            double g = Math.exp(-((u - 5) * (u - 5) + (v - 5) * (v - 5)) / 4.5) / norm;
            double dx = x[(i + u) * w + j + v] - mx;
            double dy = y[(i + u) * w + j + v] - my;
            vx += g * dx * dx;
            vy += g * dy * dy;
            cxy += g * dx * dy;
          }
        }
        sum += (2 * mx * my + 1e-4) * (2 * cxy + 9e-4) / ((mx * mx + my * my + 1e-4) * (vx + vy + 9e-4));
      }
    }
    assertThat(Ssim.of(x, y, h, w, 1)).isCloseTo(sum / 6, within(1e-12));
  }

  @Test
  void pairedScoresOfAConstantOffsetAreItsL1ItsPsnrAndTheLuminanceSsim() {
    // Prediction −1 (0 in [0, 1]) against truth −0.8 (0.1): L1 0.1, MSE 0.01 → 20 dB.
    float[] p = new float[2 * 12 * 12];
    float[] t = new float[p.length];
    java.util.Arrays.fill(p, -1f);
    java.util.Arrays.fill(t, -0.8f);
    PairedScores s = PairedScores.of(p, t, 2, 12, 12, 1);
    assertThat(s.l1()).isCloseTo(0.1, within(1e-6));
    assertThat(s.psnr()).isCloseTo(20, within(1e-4));
    assertThat(s.ssim()).isCloseTo(1e-4 / (0.01 + 1e-4), within(1e-6));
  }

  private static double[] noise(int n, long seed) {
    Random r = new Random(seed);
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = r.nextDouble();
    }
    return out;
  }
}
