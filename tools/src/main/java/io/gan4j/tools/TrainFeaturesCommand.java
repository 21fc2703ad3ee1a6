package io.gan4j.tools;

import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.savedmodels.FeatureNetworkTraining;
import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j train-features}: trains the default feature network (a Fashion-MNIST classifier) and
 * exports it as a SavedModel with its test accuracy in {@code assets.extra/gan4j-features.json}.
 *
 * <p>Usage: {@code gan4j train-features --out savedmodels/fashion-mnist-features --seed 1}
 */
@Command(name = "train-features", mixinStandardHelpOptions = true,
    description = "Train the Fashion-MNIST feature network used by eval and export it as a SavedModel.")
final class TrainFeaturesCommand implements Callable<Integer> {

  @Option(names = "--out", description = "SavedModel directory (default: the shipped ${DEFAULT-VALUE})",
      defaultValue = FeatureModel.DEFAULT_DIR)
  Path out;

  @Option(names = "--data-dir", description = "Fashion-MNIST IDX directory (default: ${DEFAULT-VALUE})",
      defaultValue = "/usr/share/datasets/fashion-mnist")
  Path dataDir;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the weights and batch order (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--steps", defaultValue = "3000", description = "Adam steps (default: ${DEFAULT-VALUE})")
  int steps;

  @Option(names = "--batch", defaultValue = "128", description = "batch size (default: ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "learning rate (default: ${DEFAULT-VALUE})")
  float lr;

  @Override
  public Integer call() {
    if (steps < 1) {
      throw new IllegalArgumentException("--steps must be >= 1, got " + steps);
    }
    ImageDataset train = FashionMnist.load(dataDir);
    ImageDataset test = FashionMnist.loadTest(dataDir);
    FeatureNetworkTraining.Result r;
    try (ProgressBar bar = new ProgressBarBuilder().setTaskName("train-features").setInitialMax(steps)
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().setUnit(" steps", 1)
        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err, 110)).build()) {
      r = FeatureNetworkTraining.run(train, test, new FeatureNetworkTraining.Options(seed, steps, batch, lr), out,
          bar::stepTo);
    }
    System.out.printf("gan4j: feature network -> %s%n  test accuracy %.2f %% on %d images, train loss %.4f, %.0f s%n",
        out, 100 * r.testAccuracy(), test.size(), r.trainLoss(), r.seconds());
    return 0;
  }
}
