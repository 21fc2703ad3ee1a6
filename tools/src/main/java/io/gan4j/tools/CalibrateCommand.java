package io.gan4j.tools;

import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.savedmodels.FeatureScorer;
import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.metrics.Evaluation;
import io.gan4j.sdk.train.TrainedGenerator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j calibrate}: the metrics of known image sets against a fixed 10,000-image reference
 * from the Fashion-MNIST training set, to show what the numbers of a feature network mean: held-out
 * test images, other training images, Gaussian noise, blurred test images, one class only, and
 * optionally a trained run. Prints a Markdown table.
 *
 * <p>Usage: {@code gan4j calibrate --run runs/demo}
 */
@Command(name = "calibrate", mixinStandardHelpOptions = true,
    description = "Metrics of reference image sets (test, train, noise, blur, one class, a run) as a Markdown table.")
final class CalibrateCommand implements Callable<Integer> {

  @Option(names = "--run", description = "also score this run's generator")
  Path run;

  @Option(names = "--n", defaultValue = "10000", description = "images per set (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--data-dir", defaultValue = "/usr/share/datasets/fashion-mnist", description = "Fashion-MNIST IDX directory")
  Path dataDir;

  @Option(names = "--features", description = "feature network SavedModel (default: the shipped one)")
  Path features;

  @Option(names = "--blur-sigma", defaultValue = "1.0", description = "Gaussian blur σ in pixels (default: ${DEFAULT-VALUE})")
  double blurSigma;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() {
    if (run != null) {
      GeneratorRun.require(run, "calibrate --run"); // before minutes of scoring the reference sets
    }
    ImageDataset train = FashionMnist.load(dataDir);
    ImageDataset test = FashionMnist.loadTest(dataDir);
    if (n < 1000 || 2 * n > train.size() || n > test.size()) {
      throw new IllegalArgumentException("--n must be in [1000, " + test.size() + "], got " + n);
    }
    int[] order = permutation(train.size(), seed);
    ImageDataset reference = train.select("train", java.util.Arrays.copyOfRange(order, 0, n));
    ImageDataset otherTrain = train.select("train", java.util.Arrays.copyOfRange(order, n, 2 * n));
    ImageDataset testSet = test.select("test", java.util.Arrays.copyOfRange(permutation(test.size(), seed), 0, n));
    Evaluation.Options options = new Evaluation.Options(100, 1000, seed, 3, 10);
    List<String> rows = new ArrayList<>();
    try (FeatureModel model = FeatureModel.load(features != null ? features : FeatureModel.defaultLocation())) {
      FeatureScorer scorer = FeatureScorer.of(model, reference, Evaluation.parse("fid,kid,is,pr,intra-fid"), options);
      System.out.printf("reference: %d Fashion-MNIST training images; features: %s (d=%d)%n%n", n, model.directory(),
          model.featureDimension());
      System.out.println("| set | n | FID | KID | IS | precision | recall | intra-FID |");
      System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
      score(scorer, "test set", testSet.toFloats(0, n), n);
      score(scorer, "other training images", otherTrain.toFloats(0, n), n);
      score(scorer, "Gaussian noise N(0, 0.5²), clipped", noise(n * 32 * 32, seed), n);
      score(scorer, "test set blurred (σ = " + blurSigma + " px)", blur(testSet.toFloats(0, n), n, 32, 32, blurSigma), n);
      int[] tshirts = java.util.stream.IntStream.range(0, train.size())
          .filter(i -> train.labels().orElseThrow()[i] == 0).limit(n).toArray();
      score(scorer, "one class only (" + FashionMnist.CLASS_NAMES[0] + ", training images)",
          train.select("one-class", tshirts).toFloats(0, tshirts.length), tshirts.length);
      if (run != null) {
        try (TrainedGenerator g = TrainedGenerator.open(run)) {
          score(scorer, "run " + run + " (" + g.config().model() + ", step " + g.step() + ")", g.sample(seed, n), n);
        }
      }
    }
    return 0;
  }

  private static void score(FeatureScorer scorer, String name, float[] images, int count) {
    long t0 = System.nanoTime();
    Map<String, Double> s = scorer.score(images, count);
    System.out.printf("| %s | %d | %.2f | %.4f | %.2f | %.3f | %.3f | %.2f |%n", name, count, s.get("fid"), s.get("kid"),
        s.get("is"), s.get("precision"), s.get("recall"), s.get("intra_fid"));
    System.err.printf("  (%s: %.1f s)%n", name, (System.nanoTime() - t0) / 1e9);
  }

  static int[] permutation(int size, long seed) {
    int[] p = new int[size];
    for (int i = 0; i < size; i++) {
      p[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = size - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static float[] noise(int size, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] out = new float[size];
    for (int i = 0; i < size; i++) {
      double g = r.nextDouble(); // Box–Muller
      double v = Math.sqrt(-2 * Math.log(1 - g)) * Math.cos(2 * Math.PI * r.nextDouble());
      out[i] = (float) Math.max(-1, Math.min(1, 0.5 * v));
    }
    return out;
  }

  /** Separable Gaussian blur (radius 3σ, edges clamped) of single-channel images. */
  static float[] blur(float[] x, int n, int h, int w, double sigma) {
    int radius = (int) Math.ceil(3 * sigma);
    double[] k = new double[2 * radius + 1];
    double sum = 0;
    for (int i = -radius; i <= radius; i++) {
      k[i + radius] = Math.exp(-i * i / (2 * sigma * sigma));
      sum += k[i + radius];
    }
    for (int i = 0; i < k.length; i++) {
      k[i] /= sum;
    }
    float[] tmp = new float[x.length];
    float[] out = new float[x.length];
    for (int img = 0; img < n; img++) {
      int base = img * h * w;
      for (int y = 0; y < h; y++) {
        for (int c = 0; c < w; c++) {
          double s = 0;
          for (int i = -radius; i <= radius; i++) {
            s += k[i + radius] * x[base + y * w + Math.max(0, Math.min(w - 1, c + i))];
          }
          tmp[base + y * w + c] = (float) s;
        }
      }
      for (int y = 0; y < h; y++) {
        for (int c = 0; c < w; c++) {
          double s = 0;
          for (int i = -radius; i <= radius; i++) {
            s += k[i + radius] * tmp[base + Math.max(0, Math.min(h - 1, y + i)) * w + c];
          }
          out[base + y * w + c] = (float) s;
        }
      }
    }
    return out;
  }
}
