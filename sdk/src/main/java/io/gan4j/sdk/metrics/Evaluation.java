package io.gan4j.sdk.metrics;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A chosen set of metrics between real and generated samples given as features (and logits and
 * labels where a metric needs them). Results are keyed {@code fid, kid, kid_std, is, is_std,
 * precision, recall, intra_fid}; the classifier score is of the generated samples only.
 *
 * <p>Usage: {@code Map<String, Double> m = Evaluation.compute(Evaluation.parse("fid,kid"), real, fake, Evaluation.Options.DEFAULT);}
 */
public final class Evaluation {

  /** The metrics {@code gan4j eval --metrics} knows, by their command-line name. */
  public enum Metric {
    FID("fid"), KID("kid"), IS("is"), PR("pr"), INTRA_FID("intra-fid");

    private final String cliName;

    Metric(String cliName) {
      this.cliName = cliName;
    }

    public String cliName() {
      return cliName;
    }
  }

  /** KID subsets × size and seed, k of precision/recall, splits of the classifier score. */
  public record Options(int kidSubsets, int kidSubsetSize, long seed, int k, int splits) {
    public static final Options DEFAULT = new Options(100, 1000, 1, 3, 10);
  }

  /** Features {@code [N][d]}; logits {@code [N][classes]} and labels {@code [N]} may be null. */
  public record Samples(double[][] features, double[][] logits, int[] labels) {
    public int size() {
      return features.length;
    }
  }

  private Evaluation() {}

  /** Parses {@code fid,kid,is,pr,intra-fid} (any subset, any order). */
  public static Set<Metric> parse(String csv) {
    Set<Metric> out = EnumSet.noneOf(Metric.class);
    for (String part : csv.split(",")) {
      String name = part.trim().toLowerCase(Locale.ROOT);
      Metric found = null;
      for (Metric m : Metric.values()) {
        if (m.cliName.equals(name)) {
          found = m;
        }
      }
      if (found == null) {
        throw new IllegalArgumentException("unknown metric '" + part.trim() + "'; choose from fid, kid, is, pr, intra-fid");
      }
      out.add(found);
    }
    return out;
  }

  /**
   * Throws, naming what is needed, when {@code nReal} real and {@code nFake} generated samples are
   * too few for {@code metrics}; call it before spending time on generation.
   */
  public static void checkEnough(Set<Metric> metrics, int nReal, int nFake, Options o) {
    int n = Math.min(nReal, nFake);
    if (metrics.contains(Metric.FID) && n < 2) {
      throw new IllegalArgumentException("FID needs at least 2 samples per set, got " + nReal + " real and " + nFake
          + " generated");
    }
    if (metrics.contains(Metric.KID) && n < o.kidSubsetSize()) {
      throw new IllegalArgumentException("KID needs at least " + o.kidSubsetSize() + " samples per set (its subset size), got "
          + nReal + " real and " + nFake + " generated; use more samples or a smaller KID subset size");
    }
    if (metrics.contains(Metric.IS) && nFake < o.splits()) {
      throw new IllegalArgumentException("the classifier score needs at least " + o.splits()
          + " generated samples (one per split), got " + nFake);
    }
    if (metrics.contains(Metric.PR) && n <= o.k()) {
      throw new IllegalArgumentException("precision/recall with k = " + o.k() + " needs more than " + o.k()
          + " samples per set, got " + nReal + " real and " + nFake + " generated");
    }
  }

  public static Map<String, Double> compute(Set<Metric> metrics, Samples real, Samples fake, Options o) {
    checkEnough(metrics, real.size(), fake.size(), o);
    Map<String, Double> out = new LinkedHashMap<>();
    if (metrics.contains(Metric.FID)) {
      out.put("fid", Fid.between(real.features(), fake.features()));
    }
    if (metrics.contains(Metric.KID)) {
      Kid.Result kid = Kid.between(real.features(), fake.features(), o.kidSubsets(), o.kidSubsetSize(), o.seed());
      out.put("kid", kid.mean());
      out.put("kid_std", kid.std());
    }
    if (metrics.contains(Metric.IS)) {
      if (fake.logits() == null) {
        throw new IllegalArgumentException("the classifier score needs logits; the feature network has no 'logits' output");
      }
      ClassifierScore.Result is = ClassifierScore.of(fake.logits(), o.splits());
      out.put("is", is.mean());
      out.put("is_std", is.std());
    }
    if (metrics.contains(Metric.PR)) {
      PrecisionRecall.Result pr = PrecisionRecall.of(real.features(), fake.features(), o.k());
      out.put("precision", pr.precision());
      out.put("recall", pr.recall());
    }
    if (metrics.contains(Metric.INTRA_FID)) {
      out.put("intra_fid", intraFid(real, fake));
    }
    return out;
  }

  /**
   * Mean per-label FID. A label with fewer than 2 generated samples has no FID: the result is then
   * infinite (a class the generator never makes is maximally far), so collapse is not hidden.
   */
  private static double intraFid(Samples real, Samples fake) {
    if (real.labels() == null || fake.labels() == null) {
      throw new IllegalArgumentException("intra-FID needs labels for real and generated samples");
    }
    Set<Integer> realLabels = new TreeSet<>();
    for (int l : real.labels()) {
      realLabels.add(l);
    }
    int[] counts = new int[realLabels.stream().mapToInt(Integer::intValue).max().orElse(0) + 1];
    for (int l : fake.labels()) {
      if (l >= 0 && l < counts.length) {
        counts[l]++;
      }
    }
    for (int l : realLabels) {
      if (counts[l] < 2) {
        return Double.POSITIVE_INFINITY;
      }
    }
    return IntraFid.of(real.features(), real.labels(), fake.features(), fake.labels()).mean();
  }
}
