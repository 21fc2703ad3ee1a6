package io.gan4j.sdk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvaluationTest {

  @Test
  void parsesMetricNamesAndRefusesUnknownOnes() {
    assertThat(Evaluation.parse("fid, KID,pr")).containsExactlyInAnyOrder(
        Evaluation.Metric.FID, Evaluation.Metric.KID, Evaluation.Metric.PR);
    assertThatThrownBy(() -> Evaluation.parse("fid,lpips"))
        .hasMessage("unknown metric 'lpips'; choose from fid, kid, is, pr, intra-fid");
  }

  @Test
  void saysHowManySamplesAreNeeded() {
    var all = EnumSet.allOf(Evaluation.Metric.class);
    assertThatThrownBy(() -> Evaluation.checkEnough(all, 10_000, 500, Evaluation.Options.DEFAULT))
        .hasMessage("KID needs at least 1000 samples per set (its subset size), got 10000 real and 500 generated;"
            + " use more samples or a smaller KID subset size");
    assertThatThrownBy(() -> Evaluation.checkEnough(EnumSet.of(Evaluation.Metric.IS), 100, 5, Evaluation.Options.DEFAULT))
        .hasMessage("the classifier score needs at least 10 generated samples (one per split), got 5");
    assertThatThrownBy(() -> Evaluation.checkEnough(EnumSet.of(Evaluation.Metric.PR), 3, 100, Evaluation.Options.DEFAULT))
        .hasMessage("precision/recall with k = 3 needs more than 3 samples per set, got 3 real and 100 generated");
    assertThatThrownBy(() -> Evaluation.checkEnough(EnumSet.of(Evaluation.Metric.FID), 1, 100, Evaluation.Options.DEFAULT))
        .hasMessage("FID needs at least 2 samples per set, got 1 real and 100 generated");
  }

  @Test
  void computesEachChosenMetricWithItsOwnImplementation() {
    double[][] real = MetricsReferenceTest.features(300, 6, 1, 0);
    double[][] fake = MetricsReferenceTest.features(300, 6, 2, 0.3);
    double[][] logits = MetricsReferenceTest.features(300, 4, 3, 0);
    int[] realLabels = new int[300];
    int[] fakeLabels = new int[300];
    for (int i = 0; i < 300; i++) {
      realLabels[i] = i % 3;
      fakeLabels[i] = (i + 1) % 3;
    }
    var options = new Evaluation.Options(5, 100, 7, 3, 10);
    Map<String, Double> m = Evaluation.compute(EnumSet.allOf(Evaluation.Metric.class),
        new Evaluation.Samples(real, null, realLabels), new Evaluation.Samples(fake, logits, fakeLabels), options);
    assertThat(m).containsOnlyKeys("fid", "kid", "kid_std", "is", "is_std", "precision", "recall", "intra_fid");
    assertThat(m.get("fid")).isEqualTo(Fid.between(real, fake));
    assertThat(m.get("kid")).isEqualTo(Kid.between(real, fake, 5, 100, 7).mean());
    assertThat(m.get("is")).isEqualTo(ClassifierScore.of(logits, 10).mean());
    assertThat(m.get("recall")).isEqualTo(PrecisionRecall.of(real, fake, 3).recall());
    assertThat(m.get("intra_fid")).isEqualTo(IntraFid.of(real, realLabels, fake, fakeLabels).mean());
  }

  @Test
  void intraFidOfAGeneratorThatMissesAClassIsInfinite() {
    double[][] real = MetricsReferenceTest.features(60, 3, 1, 0);
    int[] realLabels = new int[60];
    for (int i = 0; i < 60; i++) {
      realLabels[i] = i % 3;
    }
    int[] collapsed = new int[60]; // every generated sample is class 0
    Map<String, Double> m = Evaluation.compute(EnumSet.of(Evaluation.Metric.INTRA_FID),
        new Evaluation.Samples(real, null, realLabels), new Evaluation.Samples(real, null, collapsed),
        Evaluation.Options.DEFAULT);
    assertThat(m.get("intra_fid")).isEqualTo(Double.POSITIVE_INFINITY);
  }
}
