package io.gan4j.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.PairedImages;
import io.gan4j.sdk.data.StackedDomains;
import io.gan4j.sdk.nets.PatchDiscriminator;
import io.gan4j.sdk.nets.ResNetTranslator;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.TrainedTranslator;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import io.gan4j.sdk.translation.Direction;
import io.gan4j.sdk.translation.Translation;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * A csgan run exported per direction and loaded by plain TensorFlow Java ({@link SavedModelBundle}
 * and signature names only): {@code serving_default} gives the run's own translation and
 * {@code translate_png} turns a PNG into the PNG of that translation.
 */
class TranslatorExportTest {
  @TempDir Path dir;

  /** A csgan run on 16×16 noise with 4-filter networks, trained 2 steps into {@code dir/run}. */
  static Path tinyRun(Path dir) {
    List<Integer> shape = List.of(16, 16, 1);
    int n = 8;
    byte[] a = new byte[n * 256];
    byte[] b = new byte[n * 256];
    Random rnd = new Random(4);
    rnd.nextBytes(a);
    rnd.nextBytes(b);
    StackedDomains data = new StackedDomains(PairedImages.of("noise", new ImageDataset("a", n, 16, 16, 1, a, null),
        new ImageDataset("b", n, 16, 16, 1, b, null)));
    TrainConfig base = Recipes.named("csgan").translation("noise", shape, shape).build();
    Translation small = new Translation(new ResNetTranslator(shape, 1, 4, 1), new ResNetTranslator(shape, 1, 4, 1),
        new PatchDiscriminator(shape, 4, 1), new PatchDiscriminator(shape, 4, 1), base.translation().terms(), 50);
    TrainConfig c = base.newBuilder().translation(small).batch(2).steps(2).build();
    Path run = dir.resolve("run");
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    return run;
  }

  @Test
  void eachDirectionLoadsInPlainTensorFlowAndTranslatesAPng() throws Exception {
    Path run = tinyRun(dir);
    Path model = dir.resolve("model");
    assertThat(TranslatorExport.fromRun(run, model)).isEqualTo(2);

    // One A image: a diagonal gradient.
    float[] x = new float[256];
    BufferedImage png = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
    for (int p = 0; p < 256; p++) {
      int v = (p % 16 + p / 16) * 8;
      png.getRaster().setSample(p % 16, p / 16, 0, v);
      x[p] = v / 127.5f - 1;
    }
    float[] expected;
    try (TrainedTranslator t = TrainedTranslator.open(run)) {
      expected = t.translate(Direction.AB, x, 1);
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ImageIO.write(png, "png", bytes);

    try (SavedModelBundle bundle = SavedModelBundle.load(model.resolve("ab").toString(), "serve")) {
      try (TFloat32 in = TFloat32.tensorOf(Shape.of(1, 16, 16, 1), DataBuffers.of(x, true, false));
          Result r = bundle.function("serving_default").call(Map.of("image", in))) {
        TFloat32 out = (TFloat32) r.get("image").orElseThrow();
        assertThat(out.shape().asArray()).containsExactly(1, 16, 16, 1);
        for (int p = 0; p < 256; p++) {
          assertThat(out.getFloat(0, p / 16, p % 16, 0)).isCloseTo(expected[p], org.assertj.core.api.Assertions.within(1e-5f));
        }
      }
      try (TString in = TString.tensorOfBytes(NdArrays.scalarOfObject(bytes.toByteArray()));
          Result r = bundle.function("translate_png").call(Map.of("image_bytes", in))) {
        TString out = (TString) r.get("png").orElseThrow();
        BufferedImage img = ImageIO.read(new ByteArrayInputStream(out.asBytes().getObject()));
        assertThat(img.getWidth()).isEqualTo(16);
        assertThat(img.getHeight()).isEqualTo(16);
        for (int p = 0; p < 256; p++) {
          double want = Math.round((expected[p] + 1) * 127.5);
          assertThat((double) img.getRaster().getSample(p % 16, p / 16, 0)).isCloseTo(want, org.assertj.core.api.Assertions.within(1.0));
        }
      }
    }
    assertThat(model.resolve("ba/saved_model.pb")).exists();
    assertThat(model.resolve("ab/assets.extra/gan4j.json")).content().contains("\"direction\" : \"ab\"", "translate_png");
  }
}
