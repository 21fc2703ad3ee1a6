package io.gan4j.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.savedmodels.FeatureScorer;
import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.metrics.Evaluation;
import io.gan4j.sdk.metrics.Npy;
import io.gan4j.sdk.train.TrainedGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j eval}: FID, KID, classifier score, precision/recall and intra-FID of a generator
 * (a run directory or an exported SavedModel), or of samples saved by any framework as {@code .npy},
 * against real Fashion-MNIST images on a feature network.
 *
 * <p>Usage: {@code gan4j eval --run runs/demo --n 10000 --metrics fid,kid,is,pr,intra-fid}
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
    description = "Score a generator (run directory or SavedModel) or saved samples (.npy) against real images on a feature network.")
final class EvalCommand implements Callable<Integer> {

  static final class Source {
    @Option(names = "--run", required = true, description = "run directory written by train/demo")
    Path run;

    @Option(names = "--model", required = true, description = "generator SavedModel written by export")
    Path model;

    @Option(names = "--images", required = true,
        description = "samples from anywhere as .npy [N, H, W, C]: uint8 0..255 or float in [-1, 1] (e.g. a PyTorch model's)")
    Path images;
  }

  @Option(names = "--labels", description = "with --images: .npy [N] of the classes the samples were drawn for (adds intra-FID "
      + "and class accuracy)")
  Path labels;

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--data", defaultValue = "fashion-mnist", description = "real data: fashion-mnist (default)")
  String data;

  @Option(names = "--data-dir", defaultValue = "/usr/share/datasets/fashion-mnist",
      description = "Fashion-MNIST IDX directory (default: ${DEFAULT-VALUE})")
  Path dataDir;

  @Option(names = "--reference", defaultValue = "train",
      description = "real images to compare with: train | test (default: ${DEFAULT-VALUE})")
  String reference;

  @Option(names = "--n", description = "generated and real samples (default: 10000, or every image of --images; translation runs:"
      + " the first 2000 test pairs)")
  Integer nOption;

  private int n;

  @Option(names = "--metrics", defaultValue = "fid,kid,is,pr,intra-fid",
      description = "any of fid,kid,is,pr,intra-fid (default: ${DEFAULT-VALUE})")
  String metrics;

  @Option(names = "--features", description = "feature network SavedModel (default: the shipped Fashion-MNIST one)")
  Path features;

  @Option(names = "--seed", defaultValue = "1", description = "seed of z, of the reference subset and of KID (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--kid-subsets", defaultValue = "100", description = "KID subsets (default: ${DEFAULT-VALUE})")
  int kidSubsets;

  @Option(names = "--kid-subset-size", defaultValue = "1000", description = "KID subset size (default: ${DEFAULT-VALUE})")
  int kidSubsetSize;

  @Option(names = "--standing-stats", defaultValue = "0",
      description = "--run only: score with standing batch-norm statistics over this many batches of 64 (default: 0 = off)")
  int standingStats;

  @Option(names = "--json", description = "JSON output (default: RUN/eval.json, or eval.json for --model)")
  Path json;

  @Override
  public Integer call() throws IOException {
    if (source.run != null && io.gan4j.sdk.train.Trainer.readConfig(source.run).translation() != null) {
      return evaluateTranslation();
    }
    Set<Evaluation.Metric> chosen = Evaluation.parse(metrics);
    Evaluation.Options options = new Evaluation.Options(kidSubsets, kidSubsetSize, seed, 3, 10);
    if (labels != null && source.images == null) {
      throw new IllegalArgumentException("--labels goes with --images (runs and models know their classes)");
    }
    Npy.Images given = source.images != null ? Npy.readImages(source.images) : null;
    n = nOption != null ? nOption : given != null ? given.count() : 10000;
    if (n < 1) {
      throw new IllegalArgumentException("--n must be >= 1, got " + n);
    }
    if (given != null && n > given.count()) {
      throw new IllegalArgumentException("--n " + n + " but " + source.images + " holds " + given.count() + " images");
    }
    Evaluation.checkEnough(chosen, n, n, options);
    ImageDataset real = realData();
    long t0 = System.nanoTime();
    try (FeatureModel model = FeatureModel.load(features != null ? features : FeatureModel.defaultLocation())) {
      FeatureScorer scorer = FeatureScorer.create(model, real, Math.min(n, real.size()), seed, chosen, options);
      long t1 = System.nanoTime();
      float[] images = given != null ? fromFile(given, real.elementShape()) : generate(real.elementShape());
      long t2 = System.nanoTime();
      int[] requested = given != null ? givenLabels() : classes > 0 ? FeatureScorer.spreadLabels(n, classes) : null;
      Map<String, Double> scores = requested != null ? scorer.score(images, n, requested) : scorer.score(images, n);
      long t3 = System.nanoTime();
      print(scores, model, real);
      System.out.printf("time: reference features %.1f s, generation %.1f s, features + metrics %.1f s, total %.1f s%n",
          (t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t3 - t0) / 1e9);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("generator", String.valueOf(source.run != null ? source.run : source.model != null ? source.model : source.images));
      out.put("features", model.directory().toString());
      out.put("reference", real.name() + " (" + scorer.sampleCount() + " images)");
      out.put("n", n);
      out.put("seed", seed);
      out.putAll(scores);
      out.put("seconds", Math.round((t3 - t0) / 1e7) / 100.0);
      Path file = json != null ? json : source.run != null ? source.run.resolve("eval.json") : Path.of("eval.json");
      if (file.toAbsolutePath().getParent() != null) {
        java.nio.file.Files.createDirectories(file.toAbsolutePath().getParent());
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
      System.out.println("gan4j: wrote " + file);
    }
    return 0;
  }

  /**
   * A translation run (csgan, cyclegan): per direction, L1, PSNR and SSIM of the first --n test pairs'
   * translations against their ground truth and FID of the translations against the real target images.
   */
  private int evaluateTranslation() throws IOException {
    long t0 = System.nanoTime();
    try (io.gan4j.sdk.train.TrainedTranslator t = io.gan4j.sdk.train.TrainedTranslator.open(source.run);
        FeatureModel model = FeatureModel.load(features != null ? features : FeatureModel.defaultLocation())) {
      io.gan4j.sdk.data.PairedImages test = io.gan4j.sdk.data.TranslationSources.test(t.config().data(), t.config().dataOptions())
          .orElseThrow(() -> new IllegalArgumentException(source.run + " trained on " + t.config().data()
              + ", which has no paired test split (fmnist-edges, or paired:DIR/train with a sibling DIR/test)"));
      int count = nOption != null ? nOption : Math.min(TRANSLATION_N, test.size());
      Map<String, Map<String, Double>> scores = io.gan4j.savedmodels.TranslationEvaluation.score(t, test, count, model);
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf("gan4j eval: %s (step %d) on the first %d of %d test pairs of %s, FID features %s%n", source.run, t.step(),
          count, test.size(), test.name(), model.directory());
      System.out.printf("  %-4s %10s %10s %10s %10s%n", "", "L1", "PSNR (dB)", "SSIM", "FID");
      scores.forEach((d, m) -> System.out.printf("  %-4s %10.4f %10.3f %10.4f %10.2f%n", d, m.get("l1"), m.get("psnr"), m.get("ssim"),
          m.getOrDefault("fid", Double.NaN)));
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("run", source.run.toString());
      out.put("model", t.config().model());
      out.put("step", t.step());
      out.put("test", test.name() + " (first " + count + " pairs)");
      out.put("features", model.directory().toString());
      out.put("n", count);
      out.putAll(scores);
      out.put("seconds", Math.round(seconds * 100) / 100.0);
      Path file = json != null ? json : source.run.resolve("eval.json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);
      System.out.println("gan4j: wrote " + file);
    }
    return 0;
  }

  /** Test pairs a translation run is scored on unless --n says otherwise. */
  static final int TRANSLATION_N = 2000;

  private ImageDataset realData() {
    if (!data.equals("fashion-mnist")) {
      throw new IllegalArgumentException("--data must be fashion-mnist (the feature network's data), got " + data);
    }
    return switch (reference) {
      case "train" -> FashionMnist.load(dataDir);
      case "test" -> FashionMnist.loadTest(dataDir);
      default -> throw new IllegalArgumentException("--reference must be train or test, got " + reference);
    };
  }

  /** Classes of the generator (0: unconditional), known after {@link #generate}. */
  private int classes;

  private float[] generate(List<Integer> shape) {
    if (source.run != null) {
      try (TrainedGenerator g = TrainedGenerator.open(source.run)) {
        checkShape(g.network().outputShape(), shape, source.run);
        if (standingStats > 0) {
          g.useStandingStatistics(standingStats, io.gan4j.savedmodels.GeneratorExport.STANDING_BATCH,
              io.gan4j.savedmodels.GeneratorExport.STANDING_SEED);
        }
        // An IC-GAN's conditions are training instances, not classes: its samples are scored as an
        // unconditional model's (intra-FID over 60,000 "classes" of one sample each would be meaningless).
        classes = g.network() instanceof io.gan4j.sdk.gan.FeatureConditioned ? 0 : g.network().classes();
        return g.sample(seed, n);
      }
    }
    try (GeneratorModel g = GeneratorModel.load(source.model)) {
      checkShape(g.imageShape(), shape, source.model);
      classes = g.classes();
      return g.generate(n, seed);
    }
  }

  /** The first n images of the file, checked against the real images' shape. */
  private float[] fromFile(Npy.Images given, List<Integer> shape) {
    checkShape(given.elementShape(), shape, source.images);
    float min = Float.MAX_VALUE;
    for (float v : given.values()) {
      min = Math.min(min, v);
    }
    if (min >= 0) {
      System.err.println("gan4j: warning: every value in " + source.images + " is >= 0: images in [0, 1]? gan4j scores [-1, 1] "
          + "(or uint8 0..255)");
    }
    int per = shape.get(0) * shape.get(1) * shape.get(2);
    return java.util.Arrays.copyOf(given.values(), n * per);
  }

  private int[] givenLabels() {
    if (labels == null) {
      return null;
    }
    int[] y = Npy.readLabels(labels);
    if (y.length < n) {
      throw new IllegalArgumentException(labels + " holds " + y.length + " labels for " + n + " images");
    }
    for (int v : y) {
      if (v < 0 || v >= 10) {
        throw new IllegalArgumentException(labels + ": label " + v + " is not a Fashion-MNIST class (0..9)");
      }
    }
    return java.util.Arrays.copyOf(y, n);
  }

  private static void checkShape(List<Integer> generated, List<Integer> real, Path where) {
    if (!generated.equals(real)) {
      throw new IllegalArgumentException(where + " generates " + generated + " but the real images are " + real);
    }
  }

  private void print(Map<String, Double> s, FeatureModel model, ImageDataset real) {
    System.out.printf("gan4j eval: %d generated vs %d %s images, features %s (d=%d)%n", n, Math.min(n, real.size()),
        real.name(), model.directory(), model.featureDimension());
    row("FID", s.get("fid"), null);
    row("KID", s.get("kid"), s.get("kid_std"));
    row("IS", s.get("is"), s.get("is_std"));
    row("precision", s.get("precision"), null);
    row("recall", s.get("recall"), null);
    row("intra-FID", s.get("intra_fid"), null);
    row("class acc.", s.get("class_accuracy"), null);
  }

  private static void row(String name, Double value, Double std) {
    if (value != null) {
      System.out.printf("  %-10s %12.4f%s%n", name, value, std == null ? "" : String.format(" ± %.4f", std));
    }
  }
}
