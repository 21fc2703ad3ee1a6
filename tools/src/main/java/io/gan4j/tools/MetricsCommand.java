package io.gan4j.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.sdk.metrics.Fid;
import io.gan4j.sdk.metrics.Kid;
import io.gan4j.sdk.metrics.Npy;
import io.gan4j.sdk.metrics.PrecisionRecall;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j metrics}: FID, KID and precision/recall between two feature files ({@code .npy},
 * float32 or float64, {@code [N, d]}).
 *
 * <p>Usage: {@code gan4j metrics --a real.npy --b fake.npy --json metrics.json}
 */
@Command(name = "metrics", mixinStandardHelpOptions = true,
    description = "FID, KID and precision/recall between two .npy feature files ([N, d], float32/float64).")
final class MetricsCommand implements Callable<Integer> {

  @Option(names = "--a", required = true, description = "reference features (.npy), e.g. real data")
  Path a;

  @Option(names = "--b", required = true, description = "features to compare (.npy), e.g. generated data")
  Path b;

  @Option(names = "--k", defaultValue = "3", description = "neighbours for precision/recall (default: ${DEFAULT-VALUE})")
  int k;

  @Option(names = "--kid-subsets", defaultValue = "100", description = "KID subsets (default: ${DEFAULT-VALUE})")
  int kidSubsets;

  @Option(names = "--kid-subset-size", defaultValue = "1000", description = "KID subset size (default: ${DEFAULT-VALUE})")
  int kidSubsetSize;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the KID subsets (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--json", description = "also write the numbers to this JSON file")
  Path json;

  @Override
  public Integer call() throws IOException {
    double[][] x = Npy.readMatrix(a);
    double[][] y = Npy.readMatrix(b);
    if (x[0].length != y[0].length) {
      throw new IllegalArgumentException("feature dimensions differ: " + a + " has " + x[0].length + ", " + b + " has "
          + y[0].length + " (both must come from the same feature network)");
    }
    if (Math.min(x.length, y.length) < kidSubsetSize) {
      throw new IllegalArgumentException("KID needs at least " + kidSubsetSize + " samples in each file (subset size), "
          + a + " has " + x.length + " and " + b + " has " + y.length + "; pass a smaller --kid-subset-size");
    }
    double fid = Fid.between(x, y);
    Kid.Result kid = Kid.between(x, y, kidSubsets, kidSubsetSize, seed);
    PrecisionRecall.Result pr = PrecisionRecall.of(x, y, k);
    System.out.printf("%-10s %s (N=%d, d=%d)%n%-10s %s (N=%d)%n", "a", a, x.length, x[0].length, "b", b, y.length);
    System.out.printf("%-10s %.6f%n", "FID", fid);
    System.out.printf("%-10s %.6f ± %.6f (%d subsets of %d)%n", "KID", kid.mean(), kid.std(), kidSubsets, kidSubsetSize);
    System.out.printf("%-10s %.4f%n%-10s %.4f  (k = %d)%n", "precision", pr.precision(), "recall", pr.recall(), k);
    if (json != null) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("a", a.toString());
      out.put("b", b.toString());
      out.put("fid", fid);
      out.put("kid_mean", kid.mean());
      out.put("kid_std", kid.std());
      out.put("kid_subsets", kidSubsets);
      out.put("kid_subset_size", kidSubsetSize);
      out.put("precision", pr.precision());
      out.put("recall", pr.recall());
      out.put("k", k);
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
    }
    return 0;
  }
}
