package io.gan4j.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.sdk.train.TrainedTranslator;
import io.gan4j.sdk.translation.Direction;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TranslatorModel} on an exported csgan run: shapes, direction, both signatures, and what it refuses. */
class TranslatorModelTest {
  @TempDir Path dir;

  @Test
  void loadsEachDirectionAndTranslatesFloatsAndPngsAsTheRun() throws Exception {
    Path run = TranslatorExportTest.tinyRun(dir);
    Path model = dir.resolve("model");
    TranslatorExport.fromRun(run, model);
    assertThat(TranslatorModel.isTranslatorPair(model)).isTrue();
    assertThat(TranslatorModel.isTranslator(model)).isFalse();
    assertThat(TranslatorModel.isTranslator(model.resolve("ab"))).isTrue();
    assertThatThrownBy(() -> TranslatorModel.load(model)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(model + " is not a SavedModel directory (no saved_model.pb); it holds a translator per direction: load "
            + model.resolve("ab") + " or " + model.resolve("ba"));

    float[] x = new float[2 * 256];
    for (int p = 0; p < x.length; p++) {
      x[p] = (p % 16 + p / 16 % 16) / 16f - 1f;
    }
    float[] expected;
    try (TrainedTranslator t = TrainedTranslator.open(run)) {
      expected = t.translate(Direction.BA, x, 2);
    }
    try (TranslatorModel m = TranslatorModel.load(model.resolve("ba"))) {
      assertThat(m.direction()).isEqualTo("ba");
      assertThat(m.inputShape()).isEqualTo(List.of(16, 16, 1));
      assertThat(m.outputShape()).isEqualTo(List.of(16, 16, 1));
      float[] y = m.translate(x, 2);
      assertThat(y).hasSize(expected.length);
      for (int i = 0; i < y.length; i++) {
        assertThat(y[i]).isCloseTo(expected[i], within(1e-5f));
      }
      BufferedImage grey = new BufferedImage(16, 16, BufferedImage.TYPE_BYTE_GRAY);
      for (int p = 0; p < 256; p++) {
        grey.getRaster().setSample(p % 16, p / 16, 0, Math.round((x[p] + 1) * 127.5f));
      }
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(grey, "png", bytes);
      BufferedImage out = ImageIO.read(new ByteArrayInputStream(m.translatePng(bytes.toByteArray())));
      assertThat(out.getWidth()).isEqualTo(16);
      assertThat(out.getHeight()).isEqualTo(16);
      for (int p = 0; p < 256; p++) {
        assertThat((double) out.getRaster().getSample(p % 16, p / 16, 0)).isCloseTo(Math.round((expected[p] + 1) * 127.5), within(1.0));
      }
      assertThatThrownBy(() -> m.translate(new float[255], 1)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("255 floats are not 1 images of [16, 16, 1]");
      // TensorFlow's own error (TFInvalidArgumentException is an IllegalArgumentException)
      assertThatThrownBy(() -> m.translatePng("not an image".getBytes())).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("Unknown image file format. One of JPEG, PNG, GIF, BMP required.");
    }
    // a translator is not a generator: GeneratorModel says what it is
    assertThatThrownBy(() -> GeneratorModel.load(model.resolve("ab"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(model.resolve("ab") + " is an image translator (signature 'translate_png'), not a generator: load it with"
            + " TranslatorModel, serve it with gan4j serve, score its run with gan4j eval --run");
  }
}
