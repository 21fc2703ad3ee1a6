package io.gan4j.tools;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;

/**
 * {@code metrics.png} of a run: FID and D's loss against the step, from {@code metrics.json}. With the
 * Wasserstein loss D's curve is the critic's estimate of the distance, {@code −d_loss} (WGAN's claim
 * is that it falls as the samples improve); otherwise it is {@code d_loss} itself.
 *
 * <p>Usage: {@code MetricsPlot.write(runDir.resolve("metrics.json"), "wasserstein", runDir.resolve("metrics.png"))}
 */
final class MetricsPlot {

  static final String FILE = "metrics.png";

  private MetricsPlot() {}

  /** Writes the plot; false (and nothing written) when the file has fewer than two evaluations with losses. */
  static boolean write(Path metricsJson, String loss, Path png) throws IOException {
    List<Map<String, Object>> rows = new ObjectMapper().readValue(metricsJson.toFile(), new TypeReference<>() {});
    rows = rows.stream().filter(r -> r.get("fid") != null && r.get("d_loss") != null).toList();
    if (rows.size() < 2) {
      return false;
    }
    boolean wasserstein = "wasserstein".equals(loss);
    double[] step = rows.stream().mapToDouble(r -> ((Number) r.get("step")).doubleValue()).toArray();
    double[] fid = rows.stream().mapToDouble(r -> ((Number) r.get("fid")).doubleValue()).toArray();
    double[] d = rows.stream().mapToDouble(r -> ((Number) r.get("d_loss")).doubleValue() * (wasserstein ? -1 : 1)).toArray();
    String dName = wasserstein ? "critic's Wasserstein estimate (−d_loss)" : "d_loss";
    XYChart chart = new XYChartBuilder().width(640).height(400).title("FID and " + dName).xAxisTitle("step").yAxisTitle("FID").build();
    chart.addSeries("FID", step, fid);
    chart.addSeries(dName, step, d).setYAxisGroup(1);
    chart.setYAxisGroupTitle(1, dName);
    chart.getStyler().setYAxisGroupPosition(1, Styler.YAxisPosition.Right);
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    chart.getStyler().setXAxisDecimalPattern("#");
    chart.getStyler().setXAxisTickMarkSpacingHint(120);
    Files.createDirectories(png.toAbsolutePath().getParent());
    BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    return true;
  }
}
