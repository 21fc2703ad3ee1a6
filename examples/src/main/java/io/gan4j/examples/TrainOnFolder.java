package io.gan4j.examples;

import io.gan4j.sdk.data.Fit;
import io.gan4j.sdk.data.ImageFolder;
import io.gan4j.sdk.data.ImageFolderOptions;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import io.gan4j.sdk.train.TrainingResult;
import java.nio.file.Path;

/**
 * Trains the {@code dcgan} recipe on a folder of your own images (any sizes: each is cropped to its
 * centred square and resampled to 32×32) and writes the run directory.
 *
 * <p>Run: {@code tools/gan4j data --export shapes --count 2000 --out /tmp/shapes-png && mvn -q -pl examples -am package -DskipTests && java -cp "examples/target/classes:tools/target/gan4j-tools.jar:tools/target/lib/*" io.gan4j.examples.TrainOnFolder /tmp/shapes-png runs/folder-example 500}
 */
public final class TrainOnFolder {

  private TrainOnFolder() {}

  public static void main(String[] args) {
    if (args.length < 2) {
      System.err.println("usage: TrainOnFolder IMAGE_DIR RUN_DIR [STEPS]");
      System.exit(2);
    }
    Path images = Path.of(args[0]);
    Path out = Path.of(args[1]);
    long steps = args.length > 2 ? Long.parseLong(args[2]) : 500;
    ImageFolderOptions options = ImageFolderOptions.builder().imageSize(32).fit(Fit.CROP).build();
    ImageFolder folder = ImageFolder.scan(images, options);
    System.out.println(folder.summary(options));
    TrainingData data = folder.load(options);
    TrainConfig config = Recipes.DCGAN.config(images.toString(), data.elementShape())
        .dataOptions(options).steps(steps).batch(Math.min(64, folder.files().size())).seed(1).build();
    try (Trainer trainer = Trainer.open(out, config, data, Trainer.Start.FRESH)) {
      TrainingResult result = trainer.train(TrainingListener.NONE);
      System.out.printf("%d steps at %.1f steps/s, d_loss %.3f, g_loss %.3f -> %s%n", result.steps(), result.stepsPerSecond(),
          result.dLoss(), result.gLoss(), out.resolve(Trainer.SAMPLES_PNG));
    }
  }
}
