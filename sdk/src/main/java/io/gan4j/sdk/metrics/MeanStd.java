package io.gan4j.sdk.metrics;

/**
 * Mean and standard deviation: {@link #of} with the population formula (N), as the reference
 * implementations of KID and the Inception score report them over subsets and splits;
 * {@link #ofSample} with N − 1, for results over a few seeds.
 *
 * <p>Usage: {@code MeanStd s = MeanStd.of(values);}
 */
public record MeanStd(double mean, double std) {

  /** Population standard deviation (divides by N). */
  public static MeanStd of(double[] values) {
    double mean = 0;
    for (double v : values) {
      mean += v;
    }
    mean /= values.length;
    double var = 0;
    for (double v : values) {
      var += (v - mean) * (v - mean);
    }
    return new MeanStd(mean, Math.sqrt(var / values.length));
  }

  /** Sample standard deviation (divides by N − 1; 0 for one value). */
  public static MeanStd ofSample(double[] values) {
    MeanStd p = of(values);
    int n = values.length;
    return new MeanStd(p.mean(), n < 2 ? 0 : p.std() * Math.sqrt(n / (double) (n - 1)));
  }
}
