// Notebook 3: FID, KID and the classifier score of a run on the shipped feature network.
// Needs the run of notebook 1 and Fashion-MNIST (skips politely without it).
import io.gan4j.savedmodels.*;
import io.gan4j.sdk.data.*;
import io.gan4j.sdk.metrics.*;
import io.gan4j.sdk.train.*;
import java.nio.file.*;

Path run = Path.of(Files.readString(Path.of(System.getProperty("java.io.tmpdir"), "gan4j-notebook-run")).trim());
if (!FashionMnist.isInstalled()) {
  System.out.println("Fashion-MNIST is not installed; this notebook needs it (apt-get install dataset-fashion-mnist)");
} else {
  ImageDataset real = FashionMnist.load(FashionMnist.DEFAULT_DIR);
  int n = 2000;
  try (FeatureModel features = FeatureModel.load(FeatureModel.defaultLocation());
      TrainedGenerator g = TrainedGenerator.open(run)) {
    var options = new Evaluation.Options(20, 1000, 1, 3, 10);
    FeatureScorer scorer = FeatureScorer.create(features, real, n, 1, Evaluation.parse("fid,kid,is"), options);
    var scores = scorer.score(g.sample(1, n), n);
    System.out.println("step " + g.step() + ": " + scores);
    // A sanity reference: held-out real images score far better.
    ImageDataset test = FashionMnist.loadTest(FashionMnist.DEFAULT_DIR);
    System.out.println("test images: " + scorer.score(test.toFloats(0, n), n));
  }
}
