package io.gan4j.tools;

import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.data.PointsCsv;
import io.gan4j.sdk.image.ImageGrid;
import io.gan4j.sdk.train.TrainedGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j sample}: draws samples from a run's newest checkpoint into a PNG grid (image models)
 * or a CSV of {@code x,y} rows (2-D models).
 *
 * <p>Usage: {@code gan4j sample --run runs/demo --n 64 --seed 3 --out grid.png}
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
    description = "Sample a trained generator: .png grid for image models, .csv for 2-D models.")
final class SampleCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, description = "run directory written by train/demo")
  Path run;

  @Option(names = "--n", defaultValue = "64", description = "number of samples (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "1", description = "seed of z (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", required = true, description = "output file (.png or .csv)")
  Path out;

  @Option(names = "--label", description = "class of a conditional model's samples (default: one row per class); for icgan the"
      + " index of a training instance")
  Integer label;

  @Option(names = "--instance", description = "icgan: an image (PNG, JPEG) whose features condition every sample; the run's"
      + " newest checkpoint is exported to a temporary SavedModel whose feature network computes them")
  Path instance;

  @Option(names = "--truncation", defaultValue = "0", description = "with --instance: truncation threshold of z (0 = off)")
  float truncation;

  @Override
  public Integer call() throws IOException {
    if (n < 1 || n > 100_000) {
      throw new IllegalArgumentException("--n must be in [1, 100000], got " + n);
    }
    String name = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    GeneratorRun.require(run, "sample");
    try (TrainedGenerator g = TrainedGenerator.open(run)) {
      io.gan4j.sdk.gan.GeneratorNetwork spec = g.network();
      boolean image = spec.outputShape().size() == 3;
      if (image && !name.endsWith(".png")) {
        throw new IllegalArgumentException("--out must end in .png for the image model of " + run + ", got " + out);
      }
      if (!image && !name.endsWith(".csv")) {
        throw new IllegalArgumentException("--out must end in .csv for the 2-D model of " + run + ", got " + out);
      }
      int columns = (int) Math.ceil(Math.sqrt(n));
      boolean instances = spec instanceof io.gan4j.sdk.gan.FeatureConditioned;
      if (instance != null) {
        if (!instances) {
          throw new IllegalArgumentException("--instance needs an instance-conditioned (icgan) run; " + run + " is " + g.config().model());
        }
        int classes = ((io.gan4j.sdk.gan.FeatureConditioned) spec).instances().classes();
        if ((label != null) != (classes > 0)) {
          throw new IllegalArgumentException(classes > 0
              ? "--instance on a run with classes on top needs --label, the class of the samples (0 to " + (classes - 1) + ")"
              : "--instance and --label both choose the condition of this run: give one");
        }
        return sampleInstance(g.step(), spec.outputShape(), columns, label == null ? -1 : label);
      }
      if (spec.conditional() && label == null && !instances) {
        // One row per class: n rounded up to a multiple of the class count.
        columns = Math.max(1, (n + spec.classes() - 1) / spec.classes());
        n = columns * spec.classes();
      }
      float[] x = g.sample(seed, n, label == null ? -1 : label);
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      if (image) {
        List<Integer> s = spec.outputShape();
        ImageGrid.writePng(x, n, s.get(0), s.get(1), s.get(2), columns, 2, out);
      } else {
        PointsCsv.write(x, out);
      }
      System.out.printf("gan4j: wrote %d samples of %s (step %d)%s to %s%n", n, run, g.step(),
          instances ? (label == null ? ", instances spread over the training set" : ", instance " + label)
              : spec.conditional() ? (label == null ? ", one row per class" : ", class " + label) : "", out);
    }
    return 0;
  }

  /** IC-GAN: the newest checkpoint exported to a temporary SavedModel, whose 'sample' signature takes the image. */
  private int sampleInstance(long step, List<Integer> s, int columns, int classLabel) throws IOException {
    float[] image = InstanceImage.read(instance, s.get(0), s.get(1), s.get(2));
    try (TemporaryExport e = TemporaryExport.of(run)) {
      float[] x = e.model().generateForInstances(image, 1, seed, n, truncation, classLabel).images();
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      ImageGrid.writePng(x, n, s.get(0), s.get(1), s.get(2), columns, 2, out);
    }
    System.out.printf("gan4j: wrote %d samples of %s (step %d) conditioned on %s to %s%n", n, run, step, instance, out);
    return 0;
  }
}
