package io.gan4j.tools;

import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.DataSources;
import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j demo}: trains the default image model on Fashion-MNIST (or, when it is not
 * installed, on the built-in shapes) and says where everything went.
 *
 * <p>Usage: {@code tools/gan4j demo --steps 500}
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Train the default DCGAN on Fashion-MNIST (or built-in shapes) in a few minutes.")
final class DemoCommand implements Callable<Integer> {

  static final long DEFAULT_STEPS = 3000;

  @Option(names = "--out", description = "run directory (default: runs/demo, or runs/demo-N if that is taken)")
  Path out;

  @Option(names = "--steps", defaultValue = "" + DEFAULT_STEPS, description = "G steps (default: ${DEFAULT-VALUE})")
  long steps;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws IOException {
    String data;
    if (FashionMnist.isInstalled()) {
      data = "fashion-mnist";
    } else {
      data = "shapes";
      System.out.println("gan4j: Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist); "
          + "training on the built-in shapes instead.");
    }
    TrainingData trainingData = DataSources.resolve(data);
    TrainConfig config = Recipes.DCGAN.config(data, trainingData.elementShape())
        .steps(steps).seed(seed).checkpointEvery(1000).build();
    TrainingRun.execute(config, trainingData, out != null ? out : freshDirectory(Path.of("runs", "demo")), Trainer.Start.FRESH,
        System.out);
    return 0;
  }

  /** {@code base}, or {@code base-2}, {@code base-3}, ... : the first that is missing or empty. */
  static Path freshDirectory(Path base) throws IOException {
    for (int i = 1; ; i++) {
      Path p = i == 1 ? base : base.resolveSibling(base.getFileName() + "-" + i);
      if (!Files.exists(p)) {
        return p;
      }
      try (Stream<Path> s = Files.list(p)) {
        if (s.findAny().isEmpty()) {
          return p;
        }
      }
    }
  }
}
