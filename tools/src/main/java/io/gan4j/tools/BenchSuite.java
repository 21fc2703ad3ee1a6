package io.gan4j.tools;

import io.gan4j.sdk.recipes.Recipe;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.nets.FlopCount;
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
 * TensorFlow, then for {@code dcgan32} and {@code sagan32} the gan4j training steps/s, the same step in
 * PyTorch ({@code tools/bench/torch_gan_bench.py}), their ratio, the analytic FLOPs per step, the
 * achieved GFLOP/s and its fraction of the matmul peak, and generator inference images/s at batch 64.
 *
 * <p>Usage: {@code tools/gan4j bench --suite --steps 10 --repeats 5}
 */
final class BenchSuite {

  private static final Pattern TORCH_RATE = Pattern.compile("steps/s=([0-9.]+)");

  private final int steps;
  private final int warmup;
  private final int repeats;
  private final int batch;
  private final String python;
  private final int threads;
  private final SessionOptions options;

  BenchSuite(int steps, int warmup, int repeats, int batch, String python, int threads, SessionOptions options) {
    this.options = options;
    this.steps = steps;
    this.warmup = warmup;
    this.repeats = repeats;
    this.batch = batch;
    this.python = python;
    this.threads = threads;
  }

  int run() throws Exception {
    System.out.printf("gan4j bench --suite: batch %d, %d warm-up + %d x %d timed steps (medians), %d cores, TensorFlow %s%n", batch, warmup,
        repeats, steps, Runtime.getRuntime().availableProcessors(), options);
    double peak = matmulPeak();
    System.out.printf("matmul peak (TensorFlow, float32 2048x2048x2048): %.1f GFLOP/s%n", peak);
    List<String> rows = new ArrayList<>();
    for (String model : List.of("dcgan32", "sagan32")) {
      rows.add(model(model, peak));
    }
    System.out.println();
    System.out.println("| step | gan4j steps/s | PyTorch steps/s | gan4j / PyTorch | GFLOP per step | gan4j GFLOP/s | of matmul peak | G inference images/s |");
    System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
    rows.forEach(System.out::println);
    return 0;
  }

  private String model(String name, double peak) throws Exception {
    TrainingData data = Shapes.generate(Math.max(2048, batch * 4), 1);
    Recipe preset = Recipes.named(name);
    TrainConfig config = preset.config("shapes", data.elementShape()).batch(batch).steps(1).build();
    double flops = FlopCount.trainingStepFlops(preset.generator(data.elementShape()), preset.discriminator(data.elementShape()), batch);
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
        for (int i = 0; i < 10; i++) {
          trainer.sample(i, batch);
        }
        inf[r] = 10.0 * batch / ((System.nanoTime() - t0) / 1e9);
      }
      images = median(inf);
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
    double torch = torch(name);
    double achieved = gan4j * flops / 1e9;
    return String.format("| `%s` | %.3f | %s | %s | %.1f | %.1f | %.0f %% | %.0f |", name, gan4j,
        Double.isNaN(torch) ? "n/a" : String.format("%.3f", torch),
        Double.isNaN(torch) ? "n/a" : String.format("%.2f×", gan4j / torch), flops / 1e9, achieved, 100 * achieved / peak, images);
  }

  private double torch(String model) throws IOException, InterruptedException {
    Path script = Path.of(System.getProperty("gan4j.home", ".")).resolve("tools/bench/torch_gan_bench.py");
    List<String> cmd = List.of(python, script.toString(), "--model", model, "--batch", Integer.toString(batch),
        "--steps", Integer.toString(steps), "--warmup", Integer.toString(warmup), "--repeats", Integer.toString(repeats),
        "--threads", Integer.toString(threads));
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      System.out.println("  PyTorch: cannot run " + python + " (" + e.getMessage() + "); apt-get install python3-torch");
      return Double.NaN;
    }
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor();
    out.lines().forEach(l -> System.out.println("  " + l));
    Matcher m = TORCH_RATE.matcher(out);
    double rate = Double.NaN;
    while (m.find()) {
      rate = Double.parseDouble(m.group(1));
    }
    return rate;
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
