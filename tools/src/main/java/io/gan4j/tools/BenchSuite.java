package io.gan4j.tools;

import io.gan4j.sdk.recipes.Recipe;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.StackedDomains;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.data.TranslationData;
import io.gan4j.sdk.data.TranslationSources;
import io.gan4j.sdk.data.UnpairedImages;
import io.gan4j.sdk.train.ModelSummary;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.SessionOptions;
import io.gan4j.sdk.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * {@code gan4j bench --suite}: in one invocation, the float32 matmul peak of this machine through
 * TensorFlow, then for each selected step ({@link #MODELS}: {@code dcgan32}, {@code sagan32},
 * {@code wgan-gp}, {@code biggan}, {@code csgan}) the gan4j training steps/s, the same step in PyTorch
 * ({@code tools/bench/torch_gan_bench.py}), their ratio, the analytic FLOPs per step
 * ({@link ModelSummary#stepFlops}), the achieved GFLOP/s and its fraction of the matmul peak, and
 * generator inference images/s. The GAN rows run the shipped recipe on synthetic 32×32×3 shapes at
 * {@code batch}; {@code csgan} translates between two unpaired sets of shapes at its recipe's batch (1).
 * Before timing, each row checks that the PyTorch networks have exactly gan4j's parameter counts for
 * G and D (both printed); a mismatch stops the suite.
 *
 * <p>Usage: {@code tools/gan4j bench --suite --steps 10 --repeats 5 [--suite-models wgan-gp,biggan]}
 */
final class BenchSuite {

  /** The rows the suite knows, in table order. */
  static final List<String> MODELS = List.of("dcgan32", "sagan32", "wgan-gp", "biggan", "csgan");

  /** The suite's synthetic data. */
  static final String SHAPES = "shapes";

  private static final Pattern TORCH_RATE = Pattern.compile("steps/s=([0-9.]+)");
  private static final Pattern TORCH_PARAMS = Pattern.compile("params G=([0-9]+) D=([0-9]+)");
  /** Values of one 32×32×3 image. */
  private static final int IMAGE_VALUES = Shapes.SIZE * Shapes.SIZE * 3;

  private final List<String> models;
  private final int steps;
  private final int warmup;
  private final int repeats;
  private final int batch;
  private final String python;
  private final int threads;
  private final SessionOptions options;

  BenchSuite(List<String> models, int steps, int warmup, int repeats, int batch, String python, int threads, SessionOptions options) {
    for (String m : models) {
      if (!MODELS.contains(m)) {
        throw new IllegalArgumentException("--suite-models: unknown row '" + m + "'; expected some of " + String.join(",", MODELS));
      }
    }
    this.models = List.copyOf(models);
    this.options = options;
    this.steps = steps;
    this.warmup = warmup;
    this.repeats = repeats;
    this.batch = batch;
    this.python = python;
    this.threads = threads;
  }

  /** One row's config and data: the recipe as the suite runs it. */
  record Setup(TrainConfig config, TrainingData data) {}

  /** {@code model}'s recipe on the suite's data at {@code batch} (csgan: its recipe's batch). */
  static Setup setup(String model, int batch) {
    Recipe recipe = Recipes.named(model);
    int n = Math.max(2048, batch * 4);
    if (recipe.translates()) {
      return translation(recipe, SHAPES, n);
    }
    TrainingData data = Shapes.generate(n, 1);
    return new Setup(recipe.config("shapes", data.elementShape()).batch(batch).steps(1).build(), data);
  }

  /**
   * Translation recipe {@code recipe} at its own batch on {@code data}: {@value #SHAPES}, the suite's
   * two unpaired sets of {@code n} shapes (seeds 1 and 2), or a translation data spec such as
   * {@code fmnist-edges} ({@link TranslationSources#train}).
   */
  static Setup translation(Recipe recipe, String data, int n) {
    TranslationData domains = data.equals(SHAPES) ? UnpairedImages.of(SHAPES, Shapes.generate(n, 1), Shapes.generate(n, 2))
        : TranslationSources.train(data, null);
    return new Setup(recipe.translation(data, domains.shapeA(), domains.shapeB()).build(), new StackedDomains(domains));
  }

  int run() throws Exception {
    String own = models.stream().anyMatch(m -> Recipes.named(m).translates()) ? " (csgan: its recipe's, 1)" : "";
    System.out.printf("gan4j bench --suite: batch %d%s, %d warm-up + %d x %d timed steps (medians), %d cores, TensorFlow %s%n", batch, own,
        warmup, repeats, steps, Runtime.getRuntime().availableProcessors(), options);
    double peak = matmulPeak();
    System.out.printf("matmul peak (TensorFlow, float32 2048x2048x2048): %.1f GFLOP/s%n", peak);
    List<String> rows = new ArrayList<>();
    for (String model : models) {
      rows.add(model(model, peak));
    }
    System.out.println();
    System.out.println("| step | gan4j steps/s | PyTorch steps/s | gan4j / PyTorch | GFLOP per step | gan4j GFLOP/s | of matmul peak | G inference images/s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    return 0;
  }

  private String model(String name, double peak) throws Exception {
    Setup setup = setup(name, batch);
    TrainConfig config = setup.config();
    TrainingData data = setup.data();
    ModelSummary summary = ModelSummary.of(config, data);
    // The same networks on both sides, checked before anything is timed.
    checkParameters(name, summary, torchParameters(python, name, config.batch()));
    double flops = summary.stepFlops();
    boolean translation = config.translation() != null;
    double gan4j;
    double images;
    Path dir = Files.createTempDirectory("gan4j-bench");
    try (Trainer trainer = Trainer.open(dir, config, data, Trainer.Start.FRESH, options)) {
      trainer.timeSteps(warmup);
      double[] rates = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        rates[r] = steps / trainer.timeSteps(steps);
        System.out.printf("  %s gan4j repeat %d: %.3f steps/s%n", name, r + 1, rates[r]);
      }
      gan4j = median(rates);
      trainer.sample(1, batch);
      double[] inf = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        long t0 = System.nanoTime();
        long made = 0;
        for (int i = 0; i < 10; i++) {
          int shown = trainer.sample(i, batch).length / IMAGE_VALUES;
          // A translation model's sample grid is 6 rows: A, G_AB(A), G_BA(G_AB(A)), B, G_BA(B), G_AB(G_BA(B)); 4 are made.
          made += translation ? shown * 4 / 6 : shown;
        }
        inf[r] = made / ((System.nanoTime() - t0) / 1e9);
      }
      images = median(inf);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    Torch torch = torch(name, config.batch());
    if (torch.parameters() != null) {
      checkParameters(name, summary, torch.parameters());
    }
    double achieved = gan4j * flops / 1e9;
    double rate = torch.rate();
    return String.format("| `%s` | %.3f | %s | %s | %.1f | %.1f | %.0f %% | %.0f |", name, gan4j,
        Double.isNaN(rate) ? "n/a" : String.format("%.3f", rate),
        Double.isNaN(rate) ? "n/a" : String.format("%.2f×", gan4j / rate), flops / 1e9, achieved, 100 * achieved / peak, images);
  }

  /**
   * Prints G's and D's parameter counts on both sides and fails unless they are equal ({@code torch}
   * null: PyTorch could not run, nothing to compare).
   */
  static void checkParameters(String model, ModelSummary gan4j, long[] torch) {
    if (torch == null) {
      System.out.printf("  %s parameters: G %,d, D %,d in gan4j; PyTorch did not run%n", model, gan4j.generatorParameters(),
          gan4j.discriminatorParameters());
      return;
    }
    System.out.printf("  %s parameters: G %,d gan4j / %,d PyTorch, D %,d gan4j / %,d PyTorch%n", model, gan4j.generatorParameters(),
        torch[0], gan4j.discriminatorParameters(), torch[1]);
    if (torch[0] != gan4j.generatorParameters() || torch[1] != gan4j.discriminatorParameters()) {
      throw new IllegalStateException(String.format("%s: the PyTorch networks are not gan4j's: G has %,d parameters in PyTorch and %,d in"
          + " gan4j, D %,d and %,d (tools/bench/torch_gan_bench.py must build the same networks)", model, torch[0],
          gan4j.generatorParameters(), torch[1], gan4j.discriminatorParameters()));
    }
  }

  /** The PyTorch side's median steps/s (NaN when it did not run) and its G and D parameter counts (null then). */
  record Torch(double rate, long[] parameters) {}

  /** G's and D's parameter counts of {@code model}'s PyTorch networks, or null when PyTorch cannot run. */
  static long[] torchParameters(String python, String model, int batch) throws IOException, InterruptedException {
    return runTorch(python, List.of("--model", model, "--batch", Integer.toString(batch), "--params-only"), false).parameters();
  }

  private Torch torch(String model, int rowBatch) throws IOException, InterruptedException {
    return runTorch(python, List.of("--model", model, "--batch", Integer.toString(rowBatch), "--steps", Integer.toString(steps),
        "--warmup", Integer.toString(warmup), "--repeats", Integer.toString(repeats), "--threads", Integer.toString(threads)), true);
  }

  /** {@code tools/bench/torch_gan_bench.py} under {@code gan4j.home} (set by {@code tools/gan4j}), else from here or the tools module. */
  static Path script() {
    String home = System.getProperty("gan4j.home");
    Path fromRoot = Path.of(home != null ? home : ".").resolve("tools/bench/torch_gan_bench.py");
    Path fromModule = Path.of("bench/torch_gan_bench.py");
    return home == null && !Files.exists(fromRoot) && Files.exists(fromModule) ? fromModule : fromRoot;
  }

  private static Torch runTorch(String python, List<String> args, boolean echo) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of(python, script().toString()));
    cmd.addAll(args);
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      System.out.println("  PyTorch: cannot run " + python + " (" + e.getMessage() + "); apt-get install python3-torch");
      return new Torch(Double.NaN, null);
    }
    String out = new String(p.getInputStream().readAllBytes());
    int exit = p.waitFor();
    if (echo || exit != 0) {
      out.lines().forEach(l -> System.out.println("  " + l));
    }
    Matcher m = TORCH_RATE.matcher(out);
    double rate = Double.NaN;
    while (m.find()) {
      rate = Double.parseDouble(m.group(1));
    }
    Matcher c = TORCH_PARAMS.matcher(out);
    long[] params = c.find() ? new long[] {Long.parseLong(c.group(1)), Long.parseLong(c.group(2))} : null;
    return new Torch(rate, params);
  }

  /** GFLOP/s of a float32 2048³ matmul through TensorFlow (median of the repeats after one warm-up). */
  private double matmulPeak() {
    int n = 2048;
    try (Graph g = new Graph(); Session s = new Session(g, options.toConfigProto())) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> a = tf.random.statelessRandomNormal(tf.constant(new int[] {n, n}), tf.constant(new long[] {1, 2}));
      Operand<TFloat32> b = tf.random.statelessRandomNormal(tf.constant(new int[] {n, n}), tf.constant(new long[] {3, 4}));
      // Inputs as variables, so the timed runs do only the product (and a cheap sum to fetch).
      var va = tf.variable(a);
      var vb = tf.variable(b);
      Operand<TFloat32> sum = tf.reduceSum(tf.linalg.matMul(va, vb), tf.constant(new int[] {0, 1}));
      s.initialize();
      s.runner().fetch(sum).run().close();
      double[] rates = new double[Math.max(3, repeats)];
      for (int r = 0; r < rates.length; r++) {
        long t0 = System.nanoTime();
        s.runner().fetch(sum).run().close();
        rates[r] = 2.0 * n * n * n / ((System.nanoTime() - t0) / 1e9) / 1e9;
      }
      return median(rates);
    }
  }

  /** VmRSS of this process in MB (Linux), NaN elsewhere. */
  static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return Double.NaN;
  }

  private static double median(double[] v) {
    double[] c = v.clone();
    Arrays.sort(c);
    return c[c.length / 2];
  }
}
