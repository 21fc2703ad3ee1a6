package io.gan4j.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.savedmodels.FeatureScorer;
import io.gan4j.savedmodels.GeneratorExport;
import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.image.ImageGrid;
import io.gan4j.sdk.metrics.Evaluation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j truncation}: BigGAN's quality/variety trade-off. For each threshold t the generator's
 * latents are truncated ({@code |z| > t} redrawn, as in its export) and the samples are scored
 * against real Fashion-MNIST images (FID, IS, precision, recall, class accuracy for conditional
 * models); writes {@code truncation.json}, {@code truncation.md}, {@code truncation.png} (FID and IS
 * against t) and one sample grid per threshold into {@code --out}.
 *
 * <p>Usage: {@code gan4j truncation --run runs/biggan --thresholds 2,1.5,1,0.5,0.25 --n 5000}
 */
@Command(name = "truncation", mixinStandardHelpOptions = true,
    description = "FID, IS and precision/recall of a run's generator against the truncation threshold (BigGAN's trade-off curve).")
final class TruncationCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, description = "run directory written by train")
  Path run;

  @Option(names = "--thresholds", split = ",", defaultValue = "2,1.5,1,0.5,0.25",
      description = "truncation thresholds; 0 = none, always added as the baseline (default: ${DEFAULT-VALUE})")
  List<Float> thresholds;

  @Option(names = "--n", defaultValue = "5000", description = "samples per threshold and real images (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "1", description = "seed of z and of the reference subset (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--features", description = "feature network SavedModel (default: the shipped Fashion-MNIST one)")
  Path features;

  @Option(names = "--out", description = "output folder (default: RUN/truncation)")
  Path out;

  private String header;

  @Override
  public Integer call() throws IOException {
    if (n < 10) {
      throw new IllegalArgumentException("--n must be >= 10, got " + n);
    }
    GeneratorRun.require(run, "truncation");
    List<Float> ts = new ArrayList<>(List.of(0f));
    for (float t : thresholds) {
      if (!(t > 0) || !Float.isFinite(t)) {
        throw new IllegalArgumentException("--thresholds must be > 0 (0, no truncation, is always included), got " + t);
      }
      if (!ts.contains(t)) {
        ts.add(t);
      }
    }
    Path dir = out != null ? out : run.resolve("truncation");
    Files.createDirectories(dir);
    Path model = run.resolve("model");
    if (!Files.exists(model.resolve("saved_model.pb"))) {
      GeneratorExport.fromRun(run, model);
    }
    var chosen = Evaluation.parse("fid,is,pr");
    Evaluation.Options options = new Evaluation.Options(100, Math.min(1000, n), seed, 3, 10);
    ImageDataset real = FashionMnist.load(FashionMnist.DEFAULT_DIR);
    List<Map<String, Object>> rows = new ArrayList<>();
    try (FeatureModel fm = FeatureModel.load(features != null ? features : FeatureModel.defaultLocation());
        GeneratorModel g = GeneratorModel.load(model)) {
      FeatureScorer scorer = FeatureScorer.create(fm, real, Math.min(n, real.size()), seed, chosen, options);
      List<Integer> shape = g.imageShape();
      System.out.printf("gan4j truncation: %s, %d samples per threshold against %d %s images%n", run, n, scorer.sampleCount(), real.name());
      header = "| threshold | FID | IS | precision | recall |" + (g.classes() > 0 ? " class accuracy |" : "")
          + "\n|---:|---:|---:|---:|---:|" + (g.classes() > 0 ? "---:|" : "");
      System.out.println(header);
      for (float t : ts) {
        float[] images = g.generate(n, seed, -1, t);
        Map<String, Double> s = g.classes() > 0 ? scorer.score(images, n, FeatureScorer.spreadLabels(n, g.classes())) : scorer.score(images, n);
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("threshold", t);
        row.putAll(s);
        rows.add(row);
        String name = t == 0 ? "none" : String.format(Locale.ROOT, "%s", t);
        int grid = Math.min(64, n);
        ImageGrid.writePng(images, grid, shape.get(0), shape.get(1), shape.get(2), 8, 2, dir.resolve("samples-" + name + ".png"));
        System.out.println(markdownRow(name, s));
      }
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve("truncation.json").toFile(), rows);
    StringBuilder md = new StringBuilder(header).append('\n');
    for (Map<String, Object> r : rows) {
      @SuppressWarnings("unchecked")
      Map<String, Double> s = (Map<String, Double>) (Map<?, ?>) r;
      float t = (Float) r.get("threshold");
      md.append(markdownRow(t == 0 ? "none" : Float.toString(t), s)).append('\n');
    }
    Files.writeString(dir.resolve("truncation.md"), md);
    plot(rows, dir.resolve("truncation.png"));
    System.out.println("gan4j: wrote " + dir.resolve("truncation.json") + ", truncation.md, truncation.png and samples-<threshold>.png");
    return 0;
  }

  private static String markdownRow(String name, Map<String, Double> s) {
    return String.format(Locale.ROOT, "| %s | %.2f | %.3f | %.3f | %.3f |%s", name, s.get("fid"), s.get("is"), s.get("precision"),
        s.get("recall"), s.containsKey("class_accuracy") ? String.format(Locale.ROOT, " %.3f |", s.get("class_accuracy")) : "");
  }

  /** FID and IS against the threshold (none plotted at the largest threshold + 0.5, labelled in the title). */
  private static void plot(List<Map<String, Object>> rows, Path file) throws IOException {
    rows = new ArrayList<>(rows);
    double top = rows.stream().mapToDouble(r -> (Float) r.get("threshold")).max().orElse(1);
    rows.sort(java.util.Comparator.comparingDouble(r -> (Float) r.get("threshold") == 0 ? top + 1 : (Float) r.get("threshold")));
    List<Double> x = new ArrayList<>();
    List<Double> fid = new ArrayList<>();
    List<Double> is = new ArrayList<>();
    double max = rows.stream().mapToDouble(r -> (Float) r.get("threshold")).max().orElse(1);
    for (Map<String, Object> r : rows) {
      float t = (Float) r.get("threshold");
      x.add(t == 0 ? max + 0.5 : t);
      fid.add((Double) r.get("fid"));
      is.add((Double) r.get("is"));
    }
    XYChart chart = new XYChartBuilder().width(640).height(400)
        .title("truncation (rightmost point: none)").xAxisTitle("threshold").yAxisTitle("FID").build();
    chart.addSeries("FID", x, fid);
    chart.addSeries("IS", x, is).setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, "IS");
    chart.getStyler().setYAxisGroupPosition(1, org.knowm.xchart.style.Styler.YAxisPosition.Right);
    chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
    BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
  }
}
