// Notebook 2: export a trained generator as a SavedModel, load it back and sample it.
// Needs the run of notebook 1 (its path is in $TMPDIR/gan4j-notebook-run).
import io.gan4j.savedmodels.*;
import java.nio.file.*;

Path run = Path.of(Files.readString(Path.of(System.getProperty("java.io.tmpdir"), "gan4j-notebook-run")).trim());
Path model = run.resolve("model");
long step = GeneratorExport.fromRun(run, model);
System.out.println("exported step " + step + " to " + model);

try (GeneratorModel g = GeneratorModel.load(model)) {
  System.out.println("z " + g.zDim() + " -> images " + g.imageShape());
  float[] pixels = g.generate(8, 3);                 // 8 images for seed 3, NHWC floats in [-1, 1]
  var images = g.images(pixels, 8);                  // as BufferedImages
  Files.write(run.resolve("exported-0.png"), GeneratorModel.png(images.get(0)));
  float[][] z = new float[2][g.zDim()];              // or your own latent vectors
  z[1][0] = 1f;
  System.out.println("generate(z): " + g.generate(z).length + " floats");
  System.out.println("wrote " + run.resolve("exported-0.png"));
}
