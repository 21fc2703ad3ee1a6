package io.gan4j.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.savedmodels.FeatureScorer;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.DataSources;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.metrics.Evaluation;
import io.gan4j.sdk.metrics.MeanStd;
import io.gan4j.sdk.gan.terms.MixingConfig;
import io.gan4j.sdk.train.PeriodicEvaluation;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gan4j experiment mixing}: every combination of sample mixing {none, mixup, cutmix, srmix}
 * and loss {minimax, non-saturating, hinge} on the {@code dcgan} preset at equal steps and seeds,
 * with FID and KID every {@code --eval-every} steps. Writes {@code results.csv}, {@code results.md}
 * (FID mean ± std over seeds at {@code --budget} steps and at the end) and {@code fid.png} (FID vs
 * steps, mean over seeds, one panel per loss). Finished runs are kept, so it resumes where it stopped.
 *
 * <p>Usage: {@code gan4j experiment mixing --data fashion-mnist --steps 3000 --seeds 1,2,3}
 */
@Command(name = "experiment", mixinStandardHelpOptions = true,
    description = "Run a comparison grid; 'mixing': {none, mixup, cutmix, srmix} x {minimax, non-saturating, hinge}.")
final class ExperimentCommand implements Callable<Integer> {

  static final List<String> METHODS = List.of("none", "mixup", "cutmix", "srmix");
  static final List<String> LOSSES = List.of("minimax", "non-saturating", "hinge");

  @Parameters(index = "0", description = "the experiment: mixing")
  String name;

  @Option(names = "--data", defaultValue = "fashion-mnist", description = "training data (default: ${DEFAULT-VALUE})")
  String data;

  @Option(names = "--steps", defaultValue = "3000", description = "G steps per run (default: ${DEFAULT-VALUE})")
  long steps;

  @Option(names = "--seeds", defaultValue = "1,2,3", split = ",", description = "seeds (default: ${DEFAULT-VALUE})")
  List<Long> seeds;

  @Option(names = "--eval-every", defaultValue = "500", description = "steps between FID/KID evaluations (default: ${DEFAULT-VALUE})")
  int evalEvery;

  @Option(names = "--eval-n", defaultValue = "5000", description = "samples per evaluation (default: ${DEFAULT-VALUE})")
  int evalN;

  @Option(names = "--budget", description = "step of the fixed-budget column (default: half of --steps, rounded to --eval-every)")
  Long budget;

  @Option(names = "--methods", split = ",", description = "subset of none,mixup,cutmix,srmix (default: all)")
  List<String> methods;

  @Option(names = "--losses", split = ",", description = "subset of minimax,non-saturating,hinge (default: all)")
  List<String> losses;

  @Option(names = "--out", description = "directory (default: runs/experiment-mixing)")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (!name.equals("mixing")) {
      throw new IllegalArgumentException("unknown experiment '" + name + "'; expected mixing");
    }
    List<String> ms = methods != null ? methods : METHODS;
    List<String> ls = losses != null ? losses : LOSSES;
    for (String m : ms) {
      if (!METHODS.contains(m)) {
        throw new IllegalArgumentException("--methods: unknown mixing '" + m + "'; expected " + String.join(", ", METHODS));
      }
    }
    Path dir = out != null ? out : Path.of("runs", "experiment-mixing");
    long budgetStep = budget != null ? budget : Math.max(evalEvery, (steps / 2) / evalEvery * evalEvery);
    TrainingData trainingData = DataSources.resolve(data);
    if (!(trainingData instanceof ImageDataset images)) {
      throw new IllegalArgumentException("the mixing experiment needs image data, got " + data);
    }
    Map<String, Map<Long, Map<Long, Double>>> fid = new LinkedHashMap<>(); // run key -> seed -> step -> FID
    List<String> csv = new ArrayList<>(List.of("method,loss,seed,step,fid,kid"));
    try (FeatureModel model = FeatureModel.load(FeatureModel.defaultLocation())) {
      for (long seed : seeds) {
        Evaluation.Options options = new Evaluation.Options(100, Math.min(1000, evalN), seed, 3, 10);
        FeatureScorer scorer = FeatureScorer.create(model, images, evalN, seed, Evaluation.parse("fid,kid"), options);
        for (String loss : ls) {
          for (String method : ms) {
            Path run = dir.resolve(method + "-" + loss + "-s" + seed);
            if (!Files.exists(run.resolve(Trainer.SUMMARY_FILE))) {
              TrainConfig config = Recipes.DCGAN.config(data, images.elementShape()).seed(seed).steps(steps).loss(loss)
                  .mixing(new MixingConfig(method, 1f, 0.25f, 1f, 0)).build();
              System.out.printf("gan4j experiment: %s + %s, seed %d -> %s%n", method, loss, seed, run);
              Trainer.Start start = Files.exists(run.resolve("checkpoints")) && hasCheckpoint(run) ? Trainer.Start.RESUME
                  : Trainer.Start.FRESH;
              try (Trainer t = Trainer.open(run, config, images, start)) {
                t.train(TrainingListener.NONE, new PeriodicEvaluation(evalEvery, scorer));
              }
            }
            JsonNode list = new ObjectMapper().readTree(run.resolve(Trainer.METRICS_FILE).toFile());
            for (JsonNode e : list) {
              long step = e.get("step").asLong();
              double f = e.get("fid").asDouble();
              fid.computeIfAbsent(method + "|" + loss, k -> new TreeMap<>()).computeIfAbsent(seed, k -> new TreeMap<>()).put(step, f);
              csv.add(String.join(",", method, loss, Long.toString(seed), Long.toString(step), Double.toString(f),
                  Double.toString(e.get("kid").asDouble())));
            }
          }
        }
      }
    }
    Files.write(dir.resolve("results.csv"), csv);
    List<String> md = table(fid, ms, ls, budgetStep);
    Files.write(dir.resolve("results.md"), md);
    md.forEach(System.out::println);
    plot(fid, ms, ls, dir.resolve("fid.png"));
    System.out.println("gan4j: wrote " + dir.resolve("results.csv") + ", " + dir.resolve("results.md") + ", " + dir.resolve("fid.png"));
    return 0;
  }

  private static boolean hasCheckpoint(Path run) throws IOException {
    try (var s = Files.list(run.resolve("checkpoints"))) {
      return s.anyMatch(p -> p.getFileName().toString().startsWith("step-"));
    }
  }

  /** FID mean ± std over seeds at the budget step and at the last step, one row per method, one column pair per loss. */
  private List<String> table(Map<String, Map<Long, Map<Long, Double>>> fid, List<String> ms, List<String> ls, long budgetStep) {
    List<String> out = new ArrayList<>();
    StringBuilder head = new StringBuilder("| mixing |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String l : ls) {
      head.append(" ").append(l).append(" @ ").append(budgetStep).append(" | ").append(l).append(" @ ").append(steps).append(" |");
      rule.append("---:|---:|");
    }
    out.add(head.toString());
    out.add(rule.toString());
    for (String m : ms) {
      StringBuilder row = new StringBuilder("| " + m + " |");
      for (String l : ls) {
        row.append(" ").append(cell(fid.get(m + "|" + l), budgetStep)).append(" | ").append(cell(fid.get(m + "|" + l), steps)).append(" |");
      }
      out.add(row.toString());
    }
    out.add("");
    out.add("FID (mean ± std over seeds " + seeds + ", " + evalN + " samples vs as many training images, default feature network).");
    return out;
  }

  private static String cell(Map<Long, Map<Long, Double>> bySeed, long step) {
    if (bySeed == null) {
      return "–";
    }
    double[] v = bySeed.values().stream().filter(m -> m.containsKey(step)).mapToDouble(m -> m.get(step)).toArray();
    if (v.length == 0) {
      return "–";
    }
    MeanStd s = MeanStd.ofSample(v);
    return String.format("%.2f ± %.2f", s.mean(), s.std());
  }

  private void plot(Map<String, Map<Long, Map<Long, Double>>> fid, List<String> ms, List<String> ls, Path file) throws IOException {
    List<BufferedImage> panels = new ArrayList<>();
    for (String l : ls) {
      XYChart chart = new XYChartBuilder().width(420).height(320).title(l).xAxisTitle("step").yAxisTitle("FID").build();
      for (String m : ms) {
        Map<Long, Map<Long, Double>> bySeed = fid.get(m + "|" + l);
        if (bySeed == null) {
          continue;
        }
        TreeMap<Long, List<Double>> byStep = new TreeMap<>();
        bySeed.values().forEach(s -> s.forEach((step, f) -> byStep.computeIfAbsent(step, k -> new ArrayList<>()).add(f)));
        double[] x = byStep.keySet().stream().mapToDouble(Long::doubleValue).toArray();
        double[] y = byStep.values().stream().mapToDouble(v -> v.stream().mapToDouble(Double::doubleValue).average().orElse(0)).toArray();
        chart.addSeries(m, x, y);
      }
      panels.add(BitmapEncoder.getBufferedImage(chart));
    }
    BufferedImage all = new BufferedImage(panels.size() * 420, 320, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = all.createGraphics();
    for (int i = 0; i < panels.size(); i++) {
      g.drawImage(panels.get(i), i * 420, 0, null);
    }
    g.dispose();
    io.gan4j.sdk.image.ImageGrid.writePng(all, file);
  }
}
