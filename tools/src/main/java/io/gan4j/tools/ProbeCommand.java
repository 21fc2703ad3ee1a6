package io.gan4j.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.image.ImageGrid;
import io.gan4j.sdk.nets.Discriminator;
import io.gan4j.sdk.train.Checkpoints;
import io.gan4j.sdk.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j probe}: measurements for diagnosing a collapsed (conditional) image GAN, read-only
 * on the run. With labels fixed to each class c and n z's: does G use z (per-pixel std across z, mean
 * pairwise distance of the feature network's features, std of D's pooled features — generated vs n
 * real images of class c)? How does a projection D's logit {@code ψ(φ(x)) + ⟨embed(y), φ(x)⟩} split
 * between its unconditional part and its projection, and how much does it change when y is a wrong
 * class? Plus a z-interpolation strip per class. G is the one eval samples (the moving average when
 * the run keeps one), D is restored from the same newest checkpoint, both in inference mode. An
 * unconditional run gets the parts that need no class (pooled over its samples) and a note.
 *
 * <p>Usage: {@code gan4j probe --run runs/sagan --n-per-class 64 --out runs/sagan/probe}
 */
@Command(name = "probe", mixinStandardHelpOptions = true,
    description = "Diagnose a (conditional) image run: does G use z, does D's projection judge the class; writes probe.json and "
        + "interpolation.png.")
final class ProbeCommand implements Callable<Integer> {

  /** Images per interpolation row. */
  static final int STRIP = 10;

  @Option(names = "--run", required = true, description = "run directory of an image model (read only)")
  Path run;

  @Option(names = "--out", description = "directory for probe.json and interpolation.png (default: RUN/probe)")
  Path out;

  @Option(names = "--n-per-class", defaultValue = "64", description = "z's (and real images) per class (default: ${DEFAULT-VALUE})")
  int perClass;

  @Option(names = "--seed", defaultValue = "1",
      description = "seed of the z's and of the real images drawn (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--features", description = "feature network SavedModel (default: the shipped Fashion-MNIST one, as eval)")
  Path features;

  @Override
  public Integer call() throws IOException {
    if (perClass < 2) {
      throw new IllegalArgumentException("--n-per-class must be >= 2 (a spread needs two samples), got " + perClass);
    }
    TrainConfig config = GeneratorRun.require(run, "probe");
    GeneratorNetwork gNet = config.generator();
    List<Integer> shape = gNet.outputShape();
    if (shape.size() != 3) {
      throw new IllegalArgumentException("probe needs an image run; " + run + " generates points of shape " + shape);
    }
    Checkpoints checkpoints = Checkpoints.forReading(run);
    TrainingData data = ImageFolderFlags.resolve(config.data(), config.dataOptions(), System.out);
    if (!(data instanceof ImageDataset real) || !real.elementShape().equals(shape)) {
      throw new IllegalArgumentException(run + " generates " + shape + " but its data " + config.data() + " has elements of shape "
          + data.elementShape());
    }
    int classes = gNet.classes();
    int[] labels = real.labels().orElse(null);
    if (classes > 0 && (labels == null || real.classes() < classes)) {
      throw new IllegalArgumentException(run + " is conditional on " + classes + " classes but its data " + config.data()
          + " has " + (labels == null ? "no labels" : real.classes() + " classes"));
    }
    Path dir = out != null ? out : run.resolve("probe");
    Files.createDirectories(dir);
    try (Probe probe = new Probe(config, checkpoints);
        FeatureModel featureModel = FeatureModel.load(features != null ? features : FeatureModel.defaultLocation())) {
      Map<String, Object> json = measure(probe, featureModel, real, labels, shape, classes);
      Path file = dir.resolve("probe.json");
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
      Path png = dir.resolve("interpolation.png");
      writeInterpolation(probe, shape, classes, png);
      printSummary(json, classes);
      System.out.println("gan4j: wrote " + file + " and " + png);
    }
    return 0;
  }

  private Map<String, Object> measure(Probe probe, FeatureModel featureModel, ImageDataset real, int[] labels, List<Integer> shape,
      int classes) {
    int h = shape.get(0);
    int w = shape.get(1);
    int c = shape.get(2);
    int per = h * w * c;
    int groups = Math.max(classes, 1);
    // Unconditional: one group of as many samples as ten classes would have.
    int n = classes > 0 ? perClass : perClass * 10;
    Random random = new Random(seed);
    float[] z = gaussian(random, n * probe.zDim);
    float[] zFixed = fixedNorm(z, probe.zDim);
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("run", run.toString());
    json.put("step", probe.step);
    json.put("generator", probe.averaged ? "moving average of G's weights (as eval samples)" : "G's weights (as eval samples)");
    json.put("classes", classes);
    json.put("samples_per_class", n);
    json.put("seed", seed);
    json.put("features", featureModel.directory().toString());
    json.put("real", real.name() + (classes > 0 ? ", " + n + " random images of each class" : ", " + n + " random images"));
    json.put("z", "the same " + n + " z ~ N(0, 1) for every class; *_gen_fixed_norm: the same z's rescaled to |z| = sqrt(zDim), "
        + "so only their directions differ");
    List<Map<String, Object>> perClassStats = new ArrayList<>();
    float[] allGen = new float[groups * n * per];
    float[] allGenFixed = new float[groups * n * per];
    float[] allReal = new float[groups * n * per];
    int[] allY = new int[groups * n];
    List<double[]> dGenFeatures = new ArrayList<>();
    List<double[]> dRealFeatures = new ArrayList<>();
    for (int k = 0; k < groups; k++) {
      int[] y = new int[n];
      java.util.Arrays.fill(y, k);
      float[] gen = probe.generate(z, classes > 0 ? y : null, n);
      float[] genFixed = probe.generate(zFixed, classes > 0 ? y : null, n);
      System.arraycopy(genFixed, 0, allGenFixed, k * n * per, n * per);
      float[] ref = pick(real, labels, classes > 0 ? k : -1, n, random);
      System.arraycopy(gen, 0, allGen, k * n * per, n * per);
      System.arraycopy(ref, 0, allReal, k * n * per, n * per);
      System.arraycopy(y, 0, allY, k * n, n);
      Probe.Judged dg = probe.judge(gen, y, n);
      Probe.Judged dr = probe.judge(ref, y, n);
      dGenFeatures.addAll(List.of(dg.features()));
      dRealFeatures.addAll(List.of(dr.features()));
      if (classes > 0) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("class", k);
        s.putAll(spread(gen, genFixed, ref, n, per, h, w, c, featureModel, dg.features(), dr.features()));
        perClassStats.add(s);
      }
    }
    Map<String, Object> usesZ = new LinkedHashMap<>();
    if (classes > 0) {
      usesZ.put("per_class", perClassStats);
      Map<String, Object> overall = new LinkedHashMap<>();
      for (String key : List.of("pixel_std_gen_fixed_norm", "feature_distance_gen_fixed_norm")) {
        overall.put(key, perClassStats.stream().mapToDouble(m -> (Double) m.get(key)).average().orElseThrow());
      }
      for (String key : List.of("pixel_std", "feature_distance", "d_feature_std")) {
        double g = perClassStats.stream().mapToDouble(m -> (Double) m.get(key + "_gen")).average().orElseThrow();
        double r = perClassStats.stream().mapToDouble(m -> (Double) m.get(key + "_real")).average().orElseThrow();
        overall.put(key + "_gen", g);
        overall.put(key + "_real", r);
        overall.put(key + "_ratio", g / r);
      }
      usesZ.put("overall", overall);
    }
    // Pooled over every class: what an unconditional run's numbers compare with.
    usesZ.put("pooled", spread(allGen, allGenFixed, allReal, groups * n, per, h, w, c, featureModel,
        dGenFeatures.toArray(double[][]::new), dRealFeatures.toArray(double[][]::new)));
    json.put("g_uses_z", usesZ);
    if (classes == 0) {
      json.put("notes", List.of("unconditional run: no per-class parts, no projection, no wrong-class change; g_uses_z.pooled "
          + "covers " + n + " samples"));
      return json;
    }
    if (!probe.conditionalD) {
      json.put("notes", List.of("D is unconditional (no projection; e.g. --conditioning ac or adc): no logit parts, no "
          + "wrong-class change"));
      return json;
    }
    int total = groups * n;
    Map<String, Object> projection = new LinkedHashMap<>();
    Probe.Judged realJudged = probe.judge(allReal, allY, total);
    Probe.Judged genJudged = probe.judge(allGen, allY, total);
    if (probe.hasParts) {
      projection.put("real", parts(realJudged));
      projection.put("generated", parts(genJudged));
    } else {
      projection.put("note", "D is not a DiscriminatorSpec RESNET projection discriminator: its logit is not split into parts");
    }
    Map<String, Object> wrong = new LinkedHashMap<>();
    Map<String, Object> checks = new LinkedHashMap<>();
    double invariance = 0;
    double partsChange = 0;
    for (boolean isReal : new boolean[] {true, false}) {
      float[] x = isReal ? allReal : allGen;
      Probe.Judged truth = isReal ? realJudged : genJudged;
      float[][] byClass = new float[classes][];
      Probe.Judged[] judged = new Probe.Judged[classes];
      for (int k = 0; k < classes; k++) {
        int[] y = new int[total];
        java.util.Arrays.fill(y, k);
        judged[k] = probe.judge(x, y, total);
        byClass[k] = judged[k].logits();
      }
      double[] change = new double[total * (classes - 1)];
      int at = 0;
      int correct = 0;
      for (int i = 0; i < total; i++) {
        int best = 0;
        for (int k = 0; k < classes; k++) {
          if (byClass[k][i] > byClass[best][i]) {
            best = k;
          }
          if (k != allY[i]) {
            change[at++] = byClass[k][i] - truth.logits()[i];
            if (probe.hasParts) {
              invariance = Math.max(invariance, Math.abs(judged[k].unconditional()[i] - truth.unconditional()[i]));
              partsChange = Math.max(partsChange, Math.abs((byClass[k][i] - truth.logits()[i])
                  - (judged[k].projection()[i] - truth.projection()[i])));
            }
          }
        }
        correct += best == allY[i] ? 1 : 0;
      }
      String who = isReal ? "real" : "generated";
      wrong.put(who + "_logit_change_mean", mean(change));
      wrong.put(who + "_logit_change_std", std(change));
      wrong.put(who + "_true_class_argmax_accuracy", correct / (double) total);
    }
    wrong.put("definition", "logit(x, y') - logit(x, y) over every wrong class y' of every sample; accuracy: how often "
        + "argmax over y of logit(x, y) is the sample's class (chance " + String.format("%.2f", 1.0 / classes) + ")");
    projection.put("wrong_class", wrong);
    json.put("projection", projection);
    Map<String, Object> embeddings = new LinkedHashMap<>();
    probe.geometry(GanModel.D + "_embed_w").ifPresent(g -> embeddings.put("d_projection", g));
    probe.geometry(GanModel.G + "_embed_w").or(() -> probe.geometry(GanModel.G + "_shared_embed_w")) // sagan, biggan
        .ifPresent(g -> embeddings.put("g_shared", g));
    Map<String, Object> reference = new LinkedHashMap<>();
    for (String name : List.of(GanModel.G + "_stem_w", GanModel.G + "_up1_bn1_gain_w", GanModel.D + "_out_w")) {
      probe.relativeChange(name).ifPresent(v -> reference.put(name, v));
    }
    if (!reference.isEmpty()) {
      embeddings.put("other_weights_relative_change_from_init", reference);
    }
    if (!embeddings.isEmpty()) {
      embeddings.put("definition", "rows of the class table (the moving average for G when the run keeps one; spectral norm "
          + "scales every row alike): mean cosine over pairs of classes, and common_fraction = |mean row|^2 / mean |row|^2 "
          + "(1: every class the same vector, 0: rows cancel); relative_change_from_init = |W - W0| / |W0| against the "
          + "initial value the run's seed gives (raw weights, before spectral norm's division)");
      json.put("embeddings", embeddings);
    }
    if (probe.hasParts) {
      checks.put("parts_sum_max_abs_error", Math.max(probe.partsError(allReal, allY, total), probe.partsError(allGen, allY, total)));
      checks.put("unconditional_part_label_change_max_abs", invariance);
      checks.put("wrong_class_change_minus_projection_change_max_abs", partsChange);
    }
    json.put("checks", checks);
    return json;
  }

  /** The within-group spreads of generated vs real images: pixels, feature network, D's pooled features. */
  private static Map<String, Object> spread(float[] gen, float[] genFixed, float[] ref, int n, int per, int h, int w, int c,
      FeatureModel model, double[][] dGen, double[][] dReal) {
    Map<String, Object> s = new LinkedHashMap<>();
    double pg = meanPixelStd(gen, n, per);
    double pr = meanPixelStd(ref, n, per);
    double fg = meanPairwiseDistance(model.apply(gen, n, h, w, c).features());
    double fr = meanPairwiseDistance(model.apply(ref, n, h, w, c).features());
    double dg = meanColumnStd(dGen);
    double dr = meanColumnStd(dReal);
    s.put("pixel_std_gen", pg);
    s.put("pixel_std_real", pr);
    s.put("pixel_std_ratio", pg / pr);
    s.put("feature_distance_gen", fg);
    s.put("feature_distance_real", fr);
    s.put("feature_distance_ratio", fg / fr);
    s.put("pixel_std_gen_fixed_norm", meanPixelStd(genFixed, n, per));
    s.put("feature_distance_gen_fixed_norm", meanPairwiseDistance(model.apply(genFixed, n, h, w, c).features()));
    s.put("d_feature_std_gen", dg);
    s.put("d_feature_std_real", dr);
    s.put("d_feature_std_ratio", dg / dr);
    return s;
  }

  /** Mean and std of a projection D's logit and its two parts, and the share of the logit's variance each carries. */
  private static Map<String, Object> parts(Probe.Judged j) {
    double[] logit = toDouble(j.logits());
    double[] psi = toDouble(j.unconditional());
    double[] proj = toDouble(j.projection());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("logit_mean", mean(logit));
    m.put("logit_std", std(logit));
    m.put("unconditional_mean", mean(psi));
    m.put("unconditional_std", std(psi));
    m.put("projection_mean", mean(proj));
    m.put("projection_std", std(proj));
    double var = covariance(logit, logit);
    // cov(part, logit) / var(logit): the two shares sum to 1 (logit = ψ + projection).
    m.put("unconditional_variance_share", covariance(psi, logit) / var);
    m.put("projection_variance_share", covariance(proj, logit) / var);
    m.put("unconditional_r2", square(covariance(psi, logit)) / (covariance(psi, psi) * var));
    m.put("projection_r2", square(covariance(proj, logit)) / (covariance(proj, proj) * var));
    m.put("projection_abs_over_unconditional_abs", meanAbs(proj) / meanAbs(psi));
    return m;
  }

  private void writeInterpolation(Probe probe, List<Integer> shape, int classes, Path png) throws IOException {
    int rows = classes > 0 ? classes : 10;
    Random random = new Random(seed + 1);
    int d = probe.zDim;
    float[] z = new float[rows * STRIP * d];
    int[] y = new int[rows * STRIP];
    float[] a = gaussian(random, d);
    float[] b = gaussian(random, d);
    for (int r = 0; r < rows; r++) {
      if (classes == 0 && r > 0) { // unconditional: a fresh pair per row
        a = gaussian(random, d);
        b = gaussian(random, d);
      }
      for (int i = 0; i < STRIP; i++) {
        float t = i / (float) (STRIP - 1);
        for (int j = 0; j < d; j++) {
          z[(r * STRIP + i) * d + j] = (1 - t) * a[j] + t * b[j];
        }
        y[r * STRIP + i] = r;
      }
    }
    float[] images = probe.generate(z, classes > 0 ? y : null, rows * STRIP);
    ImageGrid.writePng(images, rows * STRIP, shape.get(0), shape.get(1), shape.get(2), STRIP, 2, png);
  }

  private static void printSummary(Map<String, Object> json, int classes) {
    @SuppressWarnings("unchecked")
    Map<String, Object> usesZ = (Map<String, Object>) json.get("g_uses_z");
    @SuppressWarnings("unchecked")
    Map<String, Object> head = (Map<String, Object>) usesZ.get(classes > 0 ? "overall" : "pooled");
    System.out.printf("gan4j probe: step %s, %s%n", json.get("step"), classes > 0 ? "mean over " + classes + " classes" : "unconditional");
    for (String key : List.of("pixel_std", "feature_distance", "d_feature_std")) {
      System.out.printf("  %-17s gen %9.4f  real %9.4f  ratio %.3f%n", key, head.get(key + "_gen"), head.get(key + "_real"),
          head.get(key + "_ratio"));
    }
    System.out.printf("  fixed |z|         pixel_std gen %.4f, feature_distance gen %.4f (z directions only)%n",
        head.get("pixel_std_gen_fixed_norm"), head.get("feature_distance_gen_fixed_norm"));
    if (classes == 0) {
      System.out.println("gan4j probe: unconditional run: class-specific parts (per class, projection, wrong class) skipped");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> projection = (Map<String, Object>) json.get("projection");
    if (projection != null && projection.get("real") != null) {
      for (String who : List.of("real", "generated")) {
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) projection.get(who);
        System.out.printf("  D on %-9s logit %8.3f ± %.3f = ψ %8.3f ± %.3f + projection %8.3f ± %.3f; variance share ψ %.2f, "
            + "projection %.2f%n", who, p.get("logit_mean"), p.get("logit_std"), p.get("unconditional_mean"), p.get("unconditional_std"),
            p.get("projection_mean"), p.get("projection_std"), p.get("unconditional_variance_share"), p.get("projection_variance_share"));
      }
    }
    if (projection != null) {
      @SuppressWarnings("unchecked")
      Map<String, Object> wrong = (Map<String, Object>) projection.get("wrong_class");
      System.out.printf("  wrong class: logit change real %.3f, generated %.3f; true class is D's argmax for %.1f %% of real, "
          + "%.1f %% of generated%n", wrong.get("real_logit_change_mean"), wrong.get("generated_logit_change_mean"),
          100 * (Double) wrong.get("real_true_class_argmax_accuracy"), 100 * (Double) wrong.get("generated_true_class_argmax_accuracy"));
    }
  }

  /** n random images of class k (k < 0: of any class), as floats in [−1, 1]. */
  private static float[] pick(ImageDataset real, int[] labels, int k, int n, Random random) {
    List<Integer> pool = new ArrayList<>();
    for (int i = 0; i < real.size(); i++) {
      if (k < 0 || labels[i] == k) {
        pool.add(i);
      }
    }
    if (pool.size() < n) {
      throw new IllegalArgumentException(real.name() + " has " + pool.size() + " images" + (k < 0 ? "" : " of class " + k)
          + ", fewer than the " + n + " asked for; lower --n-per-class");
    }
    java.util.Collections.shuffle(pool, random);
    int per = real.elementShape().stream().reduce(1, (a, b) -> a * b);
    float[] out = new float[n * per];
    for (int i = 0; i < n; i++) {
      System.arraycopy(real.toFloats(pool.get(i), 1), 0, out, i * per, per);
    }
    return out;
  }

  /** Each row of {@code z} rescaled to norm sqrt(d). */
  static float[] fixedNorm(float[] z, int d) {
    float[] out = new float[z.length];
    for (int i = 0; i < z.length / d; i++) {
      double norm = 0;
      for (int j = 0; j < d; j++) {
        norm += (double) z[i * d + j] * z[i * d + j];
      }
      double scale = norm > 0 ? Math.sqrt(d / norm) : 0;
      for (int j = 0; j < d; j++) {
        out[i * d + j] = (float) (z[i * d + j] * scale);
      }
    }
    return out;
  }

  private static float[] gaussian(Random random, int count) {
    float[] z = new float[count];
    for (int i = 0; i < count; i++) {
      z[i] = (float) random.nextGaussian();
    }
    return z;
  }

  /** The mean over pixels of the population std (divide by n) of each pixel across the n images. */
  static double meanPixelStd(float[] images, int n, int per) {
    double total = 0;
    for (int p = 0; p < per; p++) {
      double sum = 0;
      double sq = 0;
      for (int i = 0; i < n; i++) {
        double v = images[i * per + p];
        sum += v;
        sq += v * v;
      }
      double mean = sum / n;
      total += Math.sqrt(Math.max(0, sq / n - mean * mean));
    }
    return total / per;
  }

  /** The mean Euclidean distance over the n(n−1)/2 pairs of rows. */
  static double meanPairwiseDistance(double[][] x) {
    int n = x.length;
    double total = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        double d = 0;
        for (int k = 0; k < x[i].length; k++) {
          double t = x[i][k] - x[j][k];
          d += t * t;
        }
        total += Math.sqrt(d);
      }
    }
    return total / (n * (n - 1) / 2.0);
  }

  /** The mean over columns of each column's population std across rows. */
  static double meanColumnStd(double[][] x) {
    int n = x.length;
    int d = x[0].length;
    float[] flat = new float[n * d];
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < d; k++) {
        flat[i * d + k] = (float) x[i][k];
      }
    }
    return meanPixelStd(flat, n, d);
  }

  private static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  private static double[] toDouble(float[] v) {
    double[] d = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      d[i] = v[i];
    }
    return d;
  }

  static double mean(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double std(double[] v) {
    return Math.sqrt(covariance(v, v));
  }

  /** Population covariance. */
  static double covariance(double[] a, double[] b) {
    double ma = mean(a);
    double mb = mean(b);
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (a[i] - ma) * (b[i] - mb);
    }
    return s / a.length;
  }

  private static double meanAbs(double[] v) {
    double s = 0;
    for (double x : v) {
      s += Math.abs(x);
    }
    return s / v.length;
  }

  private static double square(double v) {
    return v * v;
  }

  /**
   * G (as eval samples it) and D of a run in one inference-only graph, restored from the newest
   * checkpoint. D is built twice on the same variables: once through {@link Discriminator#apply}
   * for the projection discriminator's two parts, once through the network's own {@code judge}
   * (the trainer's path) for the logit the parts must sum to.
   */
  static final class Probe implements AutoCloseable {
    record Judged(float[] logits, float[] unconditional, float[] projection, double[][] features) {}

    final int zDim;
    final boolean averaged;
    final boolean conditionalD;
    final boolean hasParts;
    final long step;
    private final boolean conditionalG;
    private final int featureDim;
    private final List<Integer> shape;
    private final Graph graph = new Graph();
    private final Session session;
    private final VariableStore store;
    private final TrainConfig config;
    private Map<String, float[]> initial;
    private final Placeholder<TFloat32> z;
    private final Placeholder<TInt32> gLabels;
    private final Operand<TFloat32> images;
    private final Placeholder<TFloat32> x;
    private final Placeholder<TInt32> dLabels;
    private final Operand<TFloat32> logits;
    private final Operand<TFloat32> features;
    private final Operand<TFloat32> unconditional;
    private final Operand<TFloat32> projection;

    Probe(TrainConfig config, Checkpoints checkpoints) {
      this.config = config;
      GeneratorNetwork g = config.generator();
      DiscriminatorNetwork d = config.discriminator();
      zDim = g.zDim();
      averaged = config.emaDecay() > 0;
      conditionalG = g.conditional();
      conditionalD = d.conditional();
      shape = g.outputShape();
      Session s = null;
      try {
        Ops tf = Ops.create(graph);
        store = new VariableStore(tf, config.seed());
        z = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, zDim)));
        gLabels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        ForwardPass gPass = averaged ? ForwardPass.averaged() : ForwardPass.of(Mode.INFER);
        images = g.generate(NetScope.root(store, gPass, GanModel.G), z, conditionalG ? gLabels : null).images();
        x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, shape.get(0), shape.get(1), shape.get(2))));
        dLabels = tf.placeholder(TInt32.class, Placeholder.shape(Shape.of(-1)));
        Operand<TInt32> y = conditionalD ? dLabels : null;
        Heads heads = d.judge(NetScope.root(store, ForwardPass.of(Mode.INFER), GanModel.D), x, y);
        if (heads.features() == null) {
          throw new IllegalArgumentException(config.model() + "'s discriminator does not expose its features (Heads.features)");
        }
        logits = heads.logits();
        features = heads.features();
        featureDim = (int) features.shape().get(1);
        if (d instanceof DiscriminatorSpec spec && spec.architecture() == DiscriminatorSpec.Architecture.RESNET) {
          Discriminator.Output parts = Discriminator.apply(NetScope.root(store, ForwardPass.of(Mode.INFER), GanModel.D), spec, x, y);
          unconditional = parts.unconditional();
          projection = parts.projection();
        } else {
          unconditional = null;
          projection = null;
        }
        hasParts = projection != null;
        s = new Session(graph);
        step = Checkpoints.stepOf(checkpoints.restoreNewest(s).checkpoint());
        session = s;
      } catch (RuntimeException e) {
        if (s != null) {
          s.close();
        }
        graph.close();
        throw e;
      }
    }

    float[] generate(float[] zs, int[] labels, int n) {
      float[] out = new float[n * shape.get(0) * shape.get(1) * shape.get(2)];
      int per = out.length / n;
      for (int from = 0; from < n; from += 64) {
        int m = Math.min(64, n - from);
        float[] chunk = java.util.Arrays.copyOfRange(zs, from * zDim, (from + m) * zDim);
        try (TFloat32 zt = TFloat32.tensorOf(Shape.of(m, zDim), DataBuffers.of(chunk, true, false));
            TInt32 yt = TInt32.vectorOf(labels == null ? new int[m] : java.util.Arrays.copyOfRange(labels, from, from + m));
            Result r = session.runner().feed(z, zt).feed(gLabels, yt).fetch(images).run()) {
          System.arraycopy(toArray((TFloat32) r.get(0)), 0, out, from * per, m * per);
        }
      }
      return out;
    }

    Judged judge(float[] xs, int[] labels, int n) {
      int per = shape.get(0) * shape.get(1) * shape.get(2);
      float[] l = new float[n];
      float[] u = hasParts ? new float[n] : null;
      float[] p = hasParts ? new float[n] : null;
      double[][] f = new double[n][];
      for (int from = 0; from < n; from += 256) {
        int m = Math.min(256, n - from);
        float[] chunk = java.util.Arrays.copyOfRange(xs, from * per, (from + m) * per);
        try (TFloat32 xt = TFloat32.tensorOf(Shape.of(m, shape.get(0), shape.get(1), shape.get(2)), DataBuffers.of(chunk, true, false));
            TInt32 yt = TInt32.vectorOf(labels == null ? new int[m] : java.util.Arrays.copyOfRange(labels, from, from + m))) {
          Session.Runner runner = session.runner().feed(x, xt).feed(dLabels, yt).fetch(logits).fetch(features);
          if (hasParts) {
            runner.fetch(unconditional).fetch(projection);
          }
          try (Result r = runner.run()) {
            System.arraycopy(toArray((TFloat32) r.get(0)), 0, l, from, m);
            float[] fs = toArray((TFloat32) r.get(1));
            for (int i = 0; i < m; i++) {
              f[from + i] = new double[featureDim];
              for (int k = 0; k < featureDim; k++) {
                f[from + i][k] = fs[i * featureDim + k];
              }
            }
            if (hasParts) {
              System.arraycopy(toArray((TFloat32) r.get(2)), 0, u, from, m);
              System.arraycopy(toArray((TFloat32) r.get(3)), 0, p, from, m);
            }
          }
        }
      }
      return new Judged(l, u, p, f);
    }

    /** Pairwise cosines and the common fraction of the rows of class table {@code name} ({@code <name>_ema} when averaged). */
    java.util.Optional<Map<String, Object>> geometry(String name) {
      String stored = averaged && has(name + VariableStore.AVERAGE_SUFFIX) ? name + VariableStore.AVERAGE_SUFFIX : name;
      if (!has(stored)) {
        return java.util.Optional.empty();
      }
      VariableStore.Entry e = store.get(stored);
      int rows = (int) e.shape().get(0);
      int dim = (int) e.shape().get(1);
      float[] table;
      try (Result r = session.runner().fetch(e.variable()).run()) {
        table = toArray((TFloat32) r.get(0));
      }
      double[] norms = new double[rows];
      double[] mean = new double[dim];
      double meanSq = 0;
      for (int i = 0; i < rows; i++) {
        for (int k = 0; k < dim; k++) {
          double v = table[i * dim + k];
          norms[i] += v * v;
          mean[k] += v / rows;
        }
        meanSq += norms[i] / rows;
        norms[i] = Math.sqrt(norms[i]);
      }
      double cos = 0;
      double minCos = 1;
      for (int i = 0; i < rows; i++) {
        for (int j = i + 1; j < rows; j++) {
          double dot = 0;
          for (int k = 0; k < dim; k++) {
            dot += (double) table[i * dim + k] * table[j * dim + k];
          }
          double c = dot / (norms[i] * norms[j]);
          cos += c;
          minCos = Math.min(minCos, c);
        }
      }
      double common = 0;
      for (double m : mean) {
        common += m * m;
      }
      Map<String, Object> g = new LinkedHashMap<>();
      g.put("variable", stored);
      g.put("classes", rows);
      g.put("dim", dim);
      g.put("mean_pairwise_cosine", cos / (rows * (rows - 1) / 2.0));
      g.put("min_pairwise_cosine", minCos);
      g.put("common_fraction", common / meanSq);
      g.put("relative_change_from_init", relativeChange(name, table));
      return java.util.Optional.of(g);
    }

    /** ‖W − W₀‖ / ‖W₀‖ of {@code values} against variable {@code name}'s initial value (the run's seed, a fresh build). */
    double relativeChange(String name, float[] values) {
      float[] w0 = initialValues().get(name);
      double diff = 0;
      double norm = 0;
      for (int i = 0; i < w0.length; i++) {
        diff += square(values[i] - (double) w0[i]);
        norm += square(w0[i]);
      }
      return Math.sqrt(diff / norm);
    }

    /** {@link #relativeChange} of a trained variable as restored ({@code <name>_ema} when averaged and present). */
    java.util.Optional<Double> relativeChange(String name) {
      String stored = averaged && has(name + VariableStore.AVERAGE_SUFFIX) ? name + VariableStore.AVERAGE_SUFFIX : name;
      if (!has(stored) || !initialValues().containsKey(name)) {
        return java.util.Optional.empty();
      }
      try (Result r = session.runner().fetch(store.get(stored).variable()).run()) {
        return java.util.Optional.of(relativeChange(name, toArray((TFloat32) r.get(0))));
      }
    }

    /** Every trainable variable's value at initialisation: the same networks built fresh with the run's seed, not restored. */
    private Map<String, float[]> initialValues() {
      if (initial != null) {
        return initial;
      }
      initial = new LinkedHashMap<>();
      try (Graph g0 = new Graph(); Session s0 = new Session(g0)) {
        Ops tf = Ops.create(g0);
        VariableStore fresh = new VariableStore(tf, config.seed());
        GeneratorNetwork g = config.generator();
        DiscriminatorNetwork d = config.discriminator();
        Operand<TInt32> y = tf.zeros(tf.constant(new int[] {2}), TInt32.class);
        g.generate(NetScope.root(fresh, ForwardPass.of(Mode.INFER), GanModel.G), tf.zeros(tf.constant(new int[] {2, zDim}),
            TFloat32.class), conditionalG ? y : null);
        d.judge(NetScope.root(fresh, ForwardPass.of(Mode.INFER), GanModel.D),
            tf.zeros(tf.constant(new int[] {2, shape.get(0), shape.get(1), shape.get(2)}), TFloat32.class), conditionalD ? y : null);
        s0.initialize();
        List<VariableStore.Entry> weights = fresh.entries().stream().filter(e -> e.role() == VariableStore.Role.TRAINABLE).toList();
        Session.Runner runner = s0.runner();
        weights.forEach(e -> runner.fetch(e.variable()));
        try (Result r = runner.run()) {
          for (int i = 0; i < weights.size(); i++) {
            initial.put(weights.get(i).name(), toArray((TFloat32) r.get(i)));
          }
        }
      }
      return initial;
    }

    private boolean has(String name) {
      return store.entries().stream().anyMatch(e -> e.name().equals(name));
    }

    /** max |ψ + projection − logit| over the samples (0 without parts). */
    double partsError(float[] xs, int[] labels, int n) {
      if (!hasParts) {
        return 0;
      }
      Judged j = judge(xs, labels, n);
      double max = 0;
      for (int i = 0; i < n; i++) {
        max = Math.max(max, Math.abs((double) j.unconditional()[i] + j.projection()[i] - j.logits()[i]));
      }
      return max;
    }

    @Override
    public void close() {
      try (graph; session) { // closes the session first, then its graph
      }
    }
  }
}
