package io.gan4j.sdk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * FID, KID (unbiased MMD²) and the classifier score against independent float64 values from
 * {@code tools/reference/metrics_reference.py} (numpy/scipy; FID via scipy.linalg.sqrtm), on the same
 * closed-form feature sets, including d > N. Relative error ≤ 1e-6.
 */
class MetricsReferenceTest {

  static double[][] features(int n, int d, int seed, double shift) {
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < d; j++) {
        x[i][j] = Math.sin(0.37 * i + 1.91 * j + 0.1 * seed) + 0.5 * Math.cos(0.013 * (i + 1) * (j + 1) + seed) + shift;
      }
    }
    return x;
  }

  private static JsonNode reference() throws IOException {
    try (InputStream in = MetricsReferenceTest.class.getResourceAsStream("/metrics-reference.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static void assertRelative(double actual, double expected) {
    assertThat(Math.abs(actual - expected) / Math.abs(expected)).as("%s vs reference %s", actual, expected).isLessThanOrEqualTo(1e-6);
  }

  @Test
  void fidMatchesScipy() throws IOException {
    JsonNode cases = reference().get("fid");
    assertThat(cases).hasSize(3);
    for (JsonNode c : cases) {
      int d = c.get("d").asInt();
      double fid = Fid.between(features(c.get("n").asInt(), d, 1, 0.0), features(c.get("m").asInt(), d, 2, 0.3));
      assertRelative(fid, c.get("value").asDouble());
    }
  }

  @Test
  void kidMatchesTheUnbiasedMmdReference() throws IOException {
    JsonNode cases = reference().get("kid");
    assertThat(cases).hasSize(2);
    for (JsonNode c : cases) {
      int d = c.get("d").asInt();
      double mmd = Kid.mmd2Unbiased(features(c.get("n").asInt(), d, 3, 0.0), features(c.get("m").asInt(), d, 4, 0.1));
      assertRelative(mmd, c.get("value").asDouble());
    }
  }

  @Test
  void classifierScoreMatchesReference() throws IOException {
    JsonNode cases = reference().get("score");
    for (JsonNode c : cases) {
      double[][] logits = features(c.get("n").asInt(), c.get("k").asInt(), 5, 0.0);
      for (double[] row : logits) {
        for (int j = 0; j < row.length; j++) {
          row[j] *= 3;
        }
      }
      ClassifierScore.Result r = ClassifierScore.of(logits, c.get("splits").asInt());
      assertRelative(r.mean(), c.get("mean").asDouble());
      assertRelative(r.std(), c.get("std").asDouble());
    }
  }

  @Test
  void identicalSetsScoreZeroAndSubsetsAverageTheFullMmd() {
    double[][] a = features(400, 6, 7, 0.0);
    assertThat(Fid.between(a, a)).isCloseTo(0.0, org.assertj.core.data.Offset.offset(1e-9));
    double[][] b = features(400, 6, 8, 0.2);
    Kid.Result kid = Kid.between(a, b, 50, 200, 1);
    assertThat(kid.mean()).isCloseTo(Kid.mmd2Unbiased(a, b), org.assertj.core.data.Offset.offset(3 * kid.std() / Math.sqrt(50) + 1e-9));
    assertThat(Kid.between(a, b, 50, 200, 1)).isEqualTo(kid);
  }

  @Test
  void badInputsSayWhatIsNeeded() {
    assertThatThrownBy(() -> Fid.between(features(10, 3, 1, 0), features(10, 4, 1, 0)))
        .hasMessage("feature dimensions differ: 3 vs 4 (both sets must come from the same feature network)");
    assertThatThrownBy(() -> Kid.between(features(100, 3, 1, 0), features(50, 3, 1, 0), 10, 1000, 1))
        .hasMessage("KID subset size 1000 needs at least that many samples in each set (have 100 and 50) and at least 2");
    assertThatThrownBy(() -> ClassifierScore.of(features(5, 3, 1, 0), 10))
        .hasMessage("the classifier score needs at least 10 samples (one per split), got 5");
  }
}
