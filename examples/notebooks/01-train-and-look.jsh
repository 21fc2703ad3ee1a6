// Notebook 1: train a small GAN from JShell and look at its samples.
// Run: tools/jshell examples/notebooks/01-train-and-look.jsh   (or /open it in tools/jshell)
import io.gan4j.sdk.*;
import io.gan4j.sdk.recipes.*;
import io.gan4j.sdk.data.*;
import io.gan4j.sdk.train.*;
import io.gan4j.sdk.image.*;
import java.nio.file.*;

// Fashion-MNIST when installed (apt-get install dataset-fashion-mnist), else the built-in shapes.
String dataName = FashionMnist.isInstalled() ? "fashion-mnist" : "shapes";
TrainingData data = DataSources.resolve(dataName);
Path run = Files.createTempDirectory("gan4j-notebook-");

// The demo's DCGAN, for 300 steps: about 30 s on 2 cores.
TrainConfig config = Recipes.DCGAN.config(dataName, data.elementShape()).steps(300).checkpointEvery(300).build();
System.out.println(config.generator());

TrainingResult result;
try (Trainer trainer = Trainer.open(run, config, data, Trainer.Start.FRESH)) {
  result = trainer.train(TrainingListener.NONE);
}
System.out.printf("%d steps, %.1f steps/s, d_loss %.3f, g_loss %.3f%n", result.steps(), result.stepsPerSecond(), result.dLoss(), result.gLoss());

// 16 samples from the trained generator as a 4x4 PNG grid.
float[] images;
try (TrainedGenerator g = TrainedGenerator.open(run)) {
  images = g.sample(7, 16);
}
var shape = data.elementShape();
ImageGrid.writePng(images, 16, shape.get(0), shape.get(1), shape.get(2), 4, 3, run.resolve("grid.png"));
System.out.println("look at " + run.resolve("grid.png") + " (and " + run.resolve("samples.png") + ")");

// Notebooks 2 and 3 pick this run up from here.
Files.writeString(Path.of(System.getProperty("java.io.tmpdir"), "gan4j-notebook-run"), run.toString());
