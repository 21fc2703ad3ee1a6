package io.gan4j.examples;

import io.gan4j.savedmodels.GeneratorModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Embedding an exported generator in an application: load it once, share it between threads, call
 * it as often as needed. Also the memory check of issue [5/6]: it makes {@code calls} single-image
 * calls and prints the resident set size every {@code calls / 10} calls.
 *
 * <p>Usage: {@code java -cp ... io.gan4j.examples.EmbedGenerator runs/demo/model 10000 out.png}
 */
public final class EmbedGenerator {

  private EmbedGenerator() {}

  public static void main(String[] args) throws Exception {
    Path modelDir = Path.of(args.length > 0 ? args[0] : "runs/demo/model");
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path png = Path.of(args.length > 2 ? args[2] : "embedded-sample.png");
    try (GeneratorModel generator = GeneratorModel.load(modelDir)) {
      System.out.printf("loaded %s: z %d -> images %s%n", modelDir, generator.zDim(), generator.imageShape());
      // The application's own use: one image per request, as a PNG.
      List<BufferedImage> images = generator.images(generator.generate(1, 42), 1);
      Files.write(png, GeneratorModel.png(images.get(0)));
      System.out.println("wrote " + png);
      long start = System.nanoTime();
      for (int i = 1; i <= calls; i++) {
        generator.generate(1, i);
        if (i % Math.max(1, calls / 10) == 0) {
          System.out.printf("calls %6d  rss %6.1f MB  heap used %6.1f MB  %.0f calls/s%n", i, rssMb(),
              (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1e6,
              i / ((System.nanoTime() - start) / 1e9));
        }
      }
    }
  }

  /** VmRSS from /proc (Linux); NaN elsewhere. */
  static double rssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (Exception e) {
      // not Linux
    }
    return Double.NaN;
  }
}
