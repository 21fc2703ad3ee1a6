package io.gan4j.tools;

import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.image.AttentionPicture;
import io.gan4j.sdk.image.ImageGrid;
import io.gan4j.sdk.train.TrainedGenerator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j attention}: where the generator's first self-attention block looks, for a few
 * generated images and three query points (the SAGAN paper's Figure 5).
 *
 * <p>Usage: {@code gan4j attention --run runs/sagan --out attention.png}
 */
@Command(name = "attention", mixinStandardHelpOptions = true,
    description = "Draw the attention maps of G's first self-attention block for a few samples and query points.")
final class AttentionCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, description = "run directory of a model with self-attention in G")
  Path run;

  @Option(names = "--out", required = true, description = "PNG file to write")
  Path out;

  @Option(names = "--n", defaultValue = "4", description = "generated images, one row each (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "1", description = "seed of z (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--label", description = "class of a conditional model's images (default: spread over the classes)")
  Integer label;

  @Override
  public Integer call() throws IOException {
    if (n < 1 || n > 32) {
      throw new IllegalArgumentException("--n must be in [1, 32], got " + n);
    }
    GeneratorRun.require(run, "attention");
    try (TrainedGenerator g = TrainedGenerator.open(run)) {
      if (!(g.network() instanceof GeneratorSpec spec) || spec.attention().isEmpty()) {
        throw new IllegalArgumentException(run + ": this generator has no self-attention block (train sagan, or pass --attention)");
      }
      int l = label == null ? -1 : label;
      float[] images = g.sample(seed, n, l);
      float[] maps = g.attentionMaps(seed, n, l).get(0);
      int r = spec.attention().stream().sorted().findFirst().orElseThrow();
      // Query points down the middle of the picture, where garments are.
      int[][] queries = {{r / 4, r / 2}, {r / 2, r / 2}, {3 * r / 4, r / 2}};
      List<Integer> s = spec.outputShape();
      ImageGrid.writePng(AttentionPicture.draw(images, maps, n, s.get(0), s.get(1), s.get(2), r, r, queries, 4), out);
      System.out.printf("gan4j: wrote the attention of G's %dx%d block for %d samples of %s (step %d) to %s%n", r, r, n,
          run, g.step(), out);
    }
    return 0;
  }
}
