package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Intra-class FID (Miyato and Koyama 2018): the FID between real and generated features of each
 * label, and their mean.
 *
 * <p>Usage: {@code IntraFid.Result r = IntraFid.of(real, realLabels, fake, fakeLabels);}
 */
public final class IntraFid {

  /** FID per label (in label order) and their mean. */
  public record Result(Map<Integer, Double> perLabel, double mean) {}

  private IntraFid() {}

  public static Result of(double[][] real, int[] realLabels, double[][] fake, int[] fakeLabels) {
    checkArgument(real.length == realLabels.length, "%s real features but %s labels", real.length, realLabels.length);
    checkArgument(fake.length == fakeLabels.length, "%s generated features but %s labels", fake.length, fakeLabels.length);
    Map<Integer, List<double[]>> r = group(real, realLabels);
    Map<Integer, List<double[]>> f = group(fake, fakeLabels);
    checkArgument(r.keySet().equals(f.keySet()), "labels differ: real has %s, generated has %s", r.keySet(), f.keySet());
    Map<Integer, Double> per = new LinkedHashMap<>();
    double sum = 0;
    for (int label : r.keySet()) {
      double fid = Fid.between(r.get(label).toArray(double[][]::new), f.get(label).toArray(double[][]::new));
      per.put(label, fid);
      sum += fid;
    }
    return new Result(per, sum / per.size());
  }

  private static Map<Integer, List<double[]>> group(double[][] x, int[] labels) {
    Map<Integer, List<double[]>> out = new java.util.TreeMap<>();
    for (int i = 0; i < x.length; i++) {
      out.computeIfAbsent(labels[i], l -> new ArrayList<>()).add(x[i]);
    }
    return out;
  }
}
