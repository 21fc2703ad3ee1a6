package io.gan4j.examples;

import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import io.gan4j.sdk.train.TrainingResult;
import java.nio.file.Path;

/**
 * Trains the 2-D MLP GAN on the ring of 8 Gaussians from Java and prints its mode coverage.
 *
 * <p>Run: {@code mvn -q -pl examples -am package -DskipTests && java -cp "examples/target/classes:tools/target/gan4j-tools.jar:tools/target/lib/*" io.gan4j.examples.TrainRing runs/ring-example}
 */
public final class TrainRing {

  private TrainRing() {}

  public static void main(String[] args) {
    Path out = Path.of(args.length > 0 ? args[0] : "runs/ring-example");
    GaussianMixture2d ring = GaussianMixture2d.ring8();
    TrainConfig config = Recipes.MLP.config("ring8", ring.elementShape()).seed(1).build();
    try (Trainer trainer = Trainer.open(out, config, ring, Trainer.Start.FRESH)) {
      TrainingResult result = trainer.train(TrainingListener.NONE);
      System.out.printf("modes %d/%d, high quality %.1f%%, %.0f steps/s -> %s%n",
          result.coverage().modes(), result.coverage().totalModes(),
          100 * result.coverage().highQualityFraction(), result.stepsPerSecond(), out);
    }
  }
}
