package io.gan4j.tools;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.recipes.Recipe;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.data.TranslationSources;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Precision;
import io.gan4j.sdk.train.SessionOptions;
import io.gan4j.sdk.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gan4j bench}: steps/s of a fixed training step on synthetic 32×32×3 data (or {@code --data}; a translation
 * model, csgan or cyclegan, on two unpaired sets of shapes as in {@code --suite}, or on {@code fmnist-edges}). Warm-up
 * steps are not timed; the figure is the median over {@code --repeats} timed blocks. The last line reads
 * {@code <model> steps/s=<number>} for scripts.
 *
 * <p>Usage: {@code tools/gan4j bench --model dcgan32 --steps 20}
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Measure training steps/s of a fixed model (dcgan32: the [1/6] benchmark step).")
final class BenchCommand implements Callable<Integer> {

  @Option(names = "--model", defaultValue = "dcgan32",
      description = "any train --model, e.g. dcgan32 | dcgan | sngan | sagan | csgan | cyclegan (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--steps", defaultValue = "10", description = "timed steps per repeat (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--warmup", defaultValue = "3", description = "untimed steps first (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--repeats", defaultValue = "3", description = "timed blocks; the median is reported (default: ${DEFAULT-VALUE})")
  int repeats;

  @Option(names = "--batch", description = "batch size (default: " + DEFAULT_BATCH + "; csgan/cyclegan: the recipe's, 1)")
  Integer batchOption;


  @Option(names = "--data", defaultValue = "shapes",
      description = "synthetic 32x32x3 shapes, or any train --data such as fashion-mnist; csgan/cyclegan: shapes (two unpaired sets,"
          + " as --suite) or fmnist-edges (default: ${DEFAULT-VALUE})")
  String dataName;

  @Option(names = "--suite", description = "dcgan32, sagan32, wgan-gp, biggan and csgan against PyTorch (same networks: parameter counts"
      + " checked), FLOPs, matmul peak and inference, in one run")
  boolean suite;

  @Option(names = "--suite-models", split = ",", paramLabel = "MODEL", defaultValue = "dcgan32,sagan32,wgan-gp,biggan,csgan",
      description = "--suite: the rows to run (default: ${DEFAULT-VALUE})")
  List<String> suiteModels;

  @Option(names = "--python", defaultValue = "/usr/bin/python3", description = "--suite: Python with torch (default: ${DEFAULT-VALUE})")
  String python;

  @Option(names = "--threads", defaultValue = "2", description = "--suite: PyTorch threads (default: ${DEFAULT-VALUE})")
  int threads;

  @Mixin
  WidthOptions widths;

  @Option(names = "--intra-op", defaultValue = "0", description = "TensorFlow threads per op (default: 0 = core count)")
  int intraOp;

  @Option(names = "--inter-op", defaultValue = "0", description = "TensorFlow ops run at once (default: 0 = core count)")
  int interOp;

  @Option(names = "--xla", description = "XLA auto-clustering (on CPU also set TF_XLA_FLAGS=--tf_xla_cpu_global_jit)")
  boolean xla;

  @Option(names = "--graph-rewrites", defaultValue = "on",
      description = "Grappler's graph rewrites: on | off (off starts sooner; steps/s is what this measures) (default: ${DEFAULT-VALUE})")
  String graphRewrites;

  @Mixin
  PrecisionOption precision;

  @Option(names = "--compare-precision",
      description = "instead: the same model in fp32 and bf16, both sessions open, timed blocks interleaved, and the ratio")
  boolean comparePrecision;

  @Option(names = "--take-turns", paramLabel = "FILE:ME:OTHER",
      description = "run setup and each timed block only while FILE names ME, then hand it to OTHER: two bench processes with "
          + "different environments (TF_ONEDNN_*, thread pools) alternate block by block (see BenchTurns)")
  String takeTurns;

  @Option(names = "--profile", description = "instead: trace this many steps and print kernel time per op type")
  Integer profileSteps;

  @Mixin
  ImageFolderFlags folder;

  @Option(names = "--compare-streaming",
      description = "with --data DIR: the same model on the folder streamed from disk and decoded into memory, repeats interleaved, and the ratio")
  boolean compareStreaming;

  @Option(names = "--memory-steps", description = "instead: train this many steps, printing RSS and live heap every tenth")
  Integer memorySteps;

  @Spec
  CommandSpec spec;

  private static final int DEFAULT_BATCH = 64;

  /** The batch of a GAN bench: {@code --batch}, else 64 (translation models take the recipe's, see {@link #translation}). */
  private int ganBatch() {
    return batchOption != null ? batchOption : DEFAULT_BATCH;
  }

  @Override
  public Integer call() throws Exception {
    if (steps < 1 || repeats < 1 || warmup < 0) {
      throw new IllegalArgumentException("--steps and --repeats must be >= 1 and --warmup >= 0");
    }
    if (!graphRewrites.equals("on") && !graphRewrites.equals("off")) {
      throw new IllegalArgumentException("--graph-rewrites must be on or off, got '" + graphRewrites + "'");
    }
    SessionOptions options = SessionOptions.DEFAULT.withThreads(intraOp, interOp).withXlaJit(xla)
        .withGraphRewrites(graphRewrites.equals("on"));
    options = precision.applyTo(options);
    if (suite) {
      return new BenchSuite(suiteModels, steps, warmup, repeats, ganBatch(), python, threads, options).run();
    }
    Recipe preset = Recipes.named(model);
    TrainingData data;
    TrainConfig config;
    if (preset.translates()) {
      BenchSuite.Setup setup = translation(preset);
      data = setup.data();
      config = setup.config();
    } else {
      if (compareStreaming) {
        return compareStreaming(preset, options);
      }
      data = dataName.equals(BenchSuite.SHAPES) ? Shapes.generate(Math.max(2048, ganBatch() * 4), 1)
          : ImageFolderFlags.resolve(dataName, folder.toOptions(), System.out);
      config = config(preset, data);
    }
    if (comparePrecision) {
      return comparePrecision(config, data, options);
    }
    BenchTurns turns = takeTurns == null ? null : BenchTurns.parse(takeTurns);
    if (turns != null) {
      turns.await();
    }
    Path dir = Files.createTempDirectory("gan4j-bench");
    try (Trainer trainer = Trainer.open(dir, config, data, Trainer.Start.FRESH, options)) {
      System.out.printf("gan4j bench: %s on %s, batch %d, %d warm-up + %d x %d timed steps, %d cores, %s%n",
          model, data.name(), config.batch(), warmup, repeats, steps, Runtime.getRuntime().availableProcessors(), options);
      if (config.translation() != null) {
        System.out.println("  translation: " + config.translation());
      } else {
        System.out.println("  G: " + config.generator());
        System.out.println("  D: " + config.discriminator());
      }
      if (memorySteps != null) {
        return memory(trainer, memorySteps);
      }
      trainer.timeSteps(warmup);
      if (profileSteps != null) {
        System.out.print(trainer.profileSteps(profileSteps).format(20));
        return 0;
      }
      double[] rates = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        if (turns != null) {
          turns.pass();
          turns.await();
        }
        rates[r] = steps / trainer.timeSteps(steps);
        System.out.printf("  repeat %d: %.3f steps/s%n", r + 1, rates[r]);
      }
      System.out.printf("%s steps/s=%.3f%n", model, median(rates));
    } finally {
      if (turns != null) {
        turns.finish();
      }
      delete(dir);
    }
    return 0;
  }

  /**
   * A translation recipe (csgan, cyclegan) as {@code --suite} runs its row ({@link BenchSuite#translation}):
   * on the suite's two unpaired sets of shapes or on {@code fmnist-edges}, at the recipe's batch unless
   * {@code --batch} is given. Options for GAN networks and image folders are refused, one line each.
   */
  private BenchSuite.Setup translation(Recipe recipe) {
    String[][] refused = {
        {"--compare-streaming", "it times an image folder streamed from disk against the folder in memory, and translation data is held in memory"},
        {"--g-widths", "its generators are ResNet translators sized by the recipe, not GeneratorSpec widths"},
        {"--d-widths", "its discriminators are PatchGANs sized by the recipe, not DiscriminatorSpec widths"},
        {"--image-size", FOLDER_ONLY}, {"--fit", FOLDER_ONLY}, {"--channels", FOLDER_ONLY}, {"--labels", FOLDER_ONLY},
        {"--skip-bad-images", FOLDER_ONLY}, {"--data-memory", FOLDER_ONLY}};
    for (String[] r : refused) {
      if (spec.commandLine().getParseResult().hasMatchedOption(r[0])) {
        throw new IllegalArgumentException(r[0] + " does not apply to --model " + recipe.id() + ": " + r[1]);
      }
    }
    if (!dataName.equals(BenchSuite.SHAPES) && !dataName.equals(TranslationSources.FMNIST_EDGES)) {
      throw new IllegalArgumentException("--model " + recipe.id() + " benches on translation data: --data shapes (two unpaired sets of"
          + " shapes, as --suite) or fmnist-edges; got --data " + dataName);
    }
    BenchSuite.Setup setup = BenchSuite.translation(recipe, dataName, Math.max(2048, (batchOption != null ? batchOption : 1) * 4));
    return batchOption == null ? setup : new BenchSuite.Setup(setup.config().newBuilder().batch(batchOption).build(), setup.data());
  }

  private static final String FOLDER_ONLY = "it reads --data DIR image folders, and translation models bench on shapes or fmnist-edges";

  private TrainConfig config(Recipe preset, TrainingData data) {
    TrainConfig.Builder b = preset.config(dataName, data.elementShape()).batch(ganBatch()).steps(1);
    TrainConfig base = b.build();
    if (base.generator() instanceof GeneratorSpec gs && base.discriminator() instanceof DiscriminatorSpec ds) {
      GeneratorSpec.Builder g = gs.newBuilder();
      DiscriminatorSpec.Builder d = ds.newBuilder();
      widths.applyTo(g, d);
      b.generator(g.build()).discriminator(d.build());
    } else if (widths.gWidths != null || widths.dWidths != null) {
      throw new IllegalArgumentException("--model " + preset.id() + " builds its own networks; --g-widths and --d-widths apply to"
          + " the GeneratorSpec/DiscriminatorSpec recipes");
    }
    return b.build();
  }

  /**
   * The folder streamed (memory budget 0) against the same folder decoded into the graph, both
   * trainers open at once and their timed blocks interleaved so that drift of the host hits both.
   */
  private int compareStreaming(Recipe preset, SessionOptions options) throws IOException {
    if (!ImageFolderFlags.isFolder(dataName)) {
      throw new IllegalArgumentException("--compare-streaming needs --data DIR, a folder of images; got " + dataName);
    }
    io.gan4j.sdk.data.ImageFolderOptions base = folder.toOptions();
    io.gan4j.sdk.data.ImageFolder scanned = io.gan4j.sdk.data.ImageFolder.scan(Path.of(dataName), base);
    System.out.println(scanned.summary(base));
    TrainingData streamed = scanned.load(base.newBuilder().memoryBudget(0).build());
    long t0 = System.nanoTime();
    TrainingData inMemory = scanned.load(base.newBuilder().memoryBudget(Long.MAX_VALUE).build());
    System.out.printf("  decoded %,d images into memory in %.1f s%n", scanned.files().size(), (System.nanoTime() - t0) / 1e9);
    TrainConfig config = config(preset, streamed);
    Path dirS = Files.createTempDirectory("gan4j-bench");
    Path dirM = Files.createTempDirectory("gan4j-bench");
    try (Trainer s = Trainer.open(dirS, config, streamed, Trainer.Start.FRESH, options);
        Trainer m = Trainer.open(dirM, config, inMemory, Trainer.Start.FRESH, options)) {
      System.out.printf("gan4j bench: %s on %s streamed vs in memory, batch %d, %d warm-up + %d x %d timed steps each, %d cores, %s%n",
          model, streamed.name(), config.batch(), warmup, repeats, steps, Runtime.getRuntime().availableProcessors(), options);
      s.timeSteps(warmup);
      m.timeSteps(warmup);
      double[] rs = new double[repeats];
      double[] rm = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        rm[r] = steps / m.timeSteps(steps);
        rs[r] = steps / s.timeSteps(steps);
        System.out.printf("  repeat %d: in memory %.3f steps/s, streamed %.3f steps/s%n", r + 1, rm[r], rs[r]);
      }
      double ms = median(rs);
      double mm = median(rm);
      System.out.printf("%s in-memory steps/s=%.3f streamed steps/s=%.3f streamed/in-memory=%.3f%n", model, mm, ms, ms / mm);
    } finally {
      delete(dirS);
      delete(dirM);
    }
    return 0;
  }

  /**
   * fp32 against bf16 on the same model and data, both sessions open and their timed blocks
   * interleaved (bf16 first in odd repeats, fp32 first in even ones) so that drift of the host hits
   * both; the two share TensorFlow's process-wide thread pools, as they would alone.
   */
  private int comparePrecision(TrainConfig config, TrainingData data, SessionOptions options) throws IOException {
    Path dirF = Files.createTempDirectory("gan4j-bench");
    Path dirB = Files.createTempDirectory("gan4j-bench");
    try (Trainer f = Trainer.open(dirF, config, data, Trainer.Start.FRESH, options.withPrecision(Precision.FP32));
        Trainer b = Trainer.open(dirB, config, data, Trainer.Start.FRESH, options.withPrecision(Precision.BF16))) {
      System.out.printf("gan4j bench: %s on %s fp32 vs bf16, batch %d, %d warm-up + %d x %d timed steps each, %d cores, %s%n",
          model, data.name(), config.batch(), warmup, repeats, steps, Runtime.getRuntime().availableProcessors(), options);
      f.timeSteps(warmup);
      b.timeSteps(warmup);
      double[] rf = new double[repeats];
      double[] rb = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        if (r % 2 == 0) {
          rb[r] = steps / b.timeSteps(steps);
          rf[r] = steps / f.timeSteps(steps);
        } else {
          rf[r] = steps / f.timeSteps(steps);
          rb[r] = steps / b.timeSteps(steps);
        }
        System.out.printf("  repeat %d: fp32 %.3f steps/s, bf16 %.3f steps/s%n", r + 1, rf[r], rb[r]);
      }
      double mf = median(rf);
      double mb = median(rb);
      double[] paired = new double[repeats];
      for (int r = 0; r < repeats; r++) {
        paired[r] = rb[r] / rf[r];
      }
      // The paired ratio (adjacent blocks) is the steadier figure on a shared host; both are printed.
      System.out.printf("%s fp32 steps/s=%.3f bf16 steps/s=%.3f bf16/fp32=%.3f median paired bf16/fp32=%.3f%n", model, mf, mb, mb / mf,
          median(paired));
    } finally {
      delete(dirF);
      delete(dirB);
    }
    return 0;
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Per-step allocation check: RSS and the heap left after a full GC, every tenth of {@code total} steps. */
  private static int memory(Trainer trainer, int total) {
    int every = Math.max(1, total / 10);
    for (int done = 0; done < total; done += every) {
      trainer.timeSteps(Math.min(every, total - done));
      System.gc();
      Runtime rt = Runtime.getRuntime();
      System.out.printf("  step %6d  rss %7.1f MB  live heap %6.1f MB%n", done + Math.min(every, total - done),
          io.gan4j.tools.BenchSuite.rssMb(), (rt.totalMemory() - rt.freeMemory()) / 1e6);
    }
    return 0;
  }
}
