package io.gan4j.sdk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrecisionRecallTest {

  private static double[][] line(double... xs) {
    double[][] out = new double[xs.length][];
    for (int i = 0; i < xs.length; i++) {
      out[i] = new double[] {xs[i], 0};
    }
    return out;
  }

  @Test
  void handDerivedCase() {
    // Real points 0..9: with k = 3 the radius of an interior point is 2 (neighbours at 1, 1, 2),
    // of point 0 it is 3 (1, 2, 3). Fake {1.5, 11.9, 12.1, 50}: 1.5 and 11.9 (within 3 of 9) are inside.
    double[][] real = line(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    double[][] fake = line(1.5, 11.9, 12.1, 50);
    PrecisionRecall.Result r = PrecisionRecall.of(real, fake, 3);
    assertThat(r.precision()).isEqualTo(0.5);
    // Fake radii (k = 3): 1.5 -> 48.5, 11.9 -> 38.1, 12.1 -> 37.9, 50 -> 48.5: every real point is inside.
    assertThat(r.recall()).isEqualTo(1.0);
    // The boundary counts as inside (≤): 12.0 is exactly 3 from real point 9.
    assertThat(PrecisionRecall.of(real, line(12.0, 100, 101, 102), 3).precision()).isEqualTo(0.25);
  }

  @Test
  void identicalAndDisjointSets() {
    double[][] a = MetricsReferenceTest.features(300, 5, 1, 0);
    assertThat(PrecisionRecall.of(a, a, 3)).isEqualTo(new PrecisionRecall.Result(1.0, 1.0, 3));
    double[][] far = MetricsReferenceTest.features(300, 5, 2, 100);
    assertThat(PrecisionRecall.of(a, far, 3)).isEqualTo(new PrecisionRecall.Result(0.0, 0.0, 3));
    assertThatThrownBy(() -> PrecisionRecall.of(line(1, 2, 3), line(1, 2, 3, 4), 3))
        .hasMessage("precision/recall with k = 3 needs more than 3 samples per set, got 3 and 4");
  }

  @Test
  void intraFidIsTheMeanOfPerLabelFids() {
    double[][] real = MetricsReferenceTest.features(200, 4, 1, 0);
    double[][] fake = MetricsReferenceTest.features(200, 4, 2, 0.5);
    int[] labels = new int[200];
    for (int i = 0; i < 200; i++) {
      labels[i] = i % 2;
    }
    IntraFid.Result r = IntraFid.of(real, labels, fake, labels);
    double[][] r0 = new double[100][];
    double[][] f0 = new double[100][];
    for (int i = 0; i < 100; i++) {
      r0[i] = real[2 * i];
      f0[i] = fake[2 * i];
    }
    assertThat(r.perLabel().get(0)).isEqualTo(Fid.between(r0, f0));
    assertThat(r.mean()).isEqualTo((r.perLabel().get(0) + r.perLabel().get(1)) / 2);
  }
}
