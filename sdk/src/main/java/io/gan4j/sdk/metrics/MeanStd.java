package io.gan4j.sdk.metrics;

/**
 * Mean and population standard deviation of per-subset (or per-split) values, as the reference
 * implementations of KID and the Inception score report them.
 *
 * <p>Usage: {@code MeanStd s = MeanStd.of(values);}
 */
record MeanStd(double mean, double std) {

  static MeanStd of(double[] values) {
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
}
