package io.gan4j.sdk.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.AutoDiff;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.terms.OrthogonalRegularization;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class OrthogonalRegularizationTest {

  @TempDir Path dir;

  @Test
  void offDiagonalGramOfAConstructedKernelAndItsGradient() {
    // A 1×1 conv kernel [1, 1, 2, 3]: W = [[1, 2, 0], [0, 1, 3]] (fan_in 2, 3 filters).
    // WᵀW = [[1, 2, 0], [2, 5, 3], [0, 3, 9]]; off-diagonal squares: 2·2² + 2·0² + 2·3² = 26.
    float[] w = {1, 2, 0, 0, 1, 3};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> kernel = tf.constant(org.tensorflow.ndarray.Shape.of(1, 1, 2, 3), org.tensorflow.ndarray.buffer.DataBuffers.of(w));
      Operand<TFloat32> value = OrthogonalRegularization.offDiagonalGram(tf, kernel);
      Operand<TFloat32> grad = AutoDiff.gradients(tf, value, List.of(kernel)).get(0);
      try (Result r = s.runner().fetch(value).fetch(grad).run()) {
        assertThat(((TFloat32) r.get(0)).getFloat()).isEqualTo(26f);
        // d/dW ‖WᵀW ⊙ (1 − I)‖² = 4·W·(WᵀW ⊙ (1 − I)), by hand in float64:
        double[][] wm = {{1, 2, 0}, {0, 1, 3}};
        double[][] off = {{0, 2, 0}, {2, 0, 3}, {0, 3, 0}};
        TFloat32 gt = (TFloat32) r.get(1);
        for (int i = 0; i < 2; i++) {
          for (int j = 0; j < 3; j++) {
            double expected = 0;
            for (int k = 0; k < 3; k++) {
              expected += 4 * wm[i][k] * off[k][j];
            }
            assertThat((double) gt.getFloat(0, 0, i, j)).as("dW[%s][%s]", i, j).isCloseTo(expected, within(1e-5));
          }
        }
      }
    }
  }

  @Test
  void theTermReachesGsUpdateAndOnlyG() {
    // One step with and without the term from the same start: G's kernels move differently, D's and
    // the shared class embedding (excluded, like BigGAN-PyTorch's blacklist) do not.
    // 16×16 so that the two SAGAN graphs build quickly.
    byte[] pixels = new byte[64 * 16 * 16];
    new java.util.Random(2).nextBytes(pixels);
    int[] labels = new int[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = i % 3;
    }
    TrainingData data = new io.gan4j.sdk.data.ImageDataset("toy16", 64, 16, 16, 1, pixels, labels);
    TrainConfig.Builder b = Recipes.SAGAN.config("toy16", data.elementShape())
        .generator(Recipes.SAGAN.generator(data.elementShape()).newBuilder().classes(3).widths(16, 8, 8).attention(List.of()).build())
        .discriminator(Recipes.SAGAN.discriminator(data.elementShape()).newBuilder().classes(3).widths(8, 16).attention(List.of()).build())
        .batch(8).steps(1).checkpointEvery(1).emaDecay(0f);
    java.util.Map<String, float[]> plain;
    java.util.Map<String, float[]> ortho;
    try (Trainer t = Trainer.open(dir.resolve("plain"), b.build(), data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
      plain = t.variables();
    }
    try (Trainer t = Trainer.open(dir.resolve("ortho"), b.terms(List.of(new OrthogonalRegularization(0.1f))).build(), data,
        Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
      ortho = t.variables();
    }
    // Adam moves every penalised weight by about lr = 1e-4 more or less; the other G values differ
    // only by float noise (the two graphs are not the same graph), D not at all.
    int gKernelsMoved = 0;
    for (String k : plain.keySet()) {
      double diff = 0;
      for (int i = 0; i < plain.get(k).length; i++) {
        diff = Math.max(diff, Math.abs(plain.get(k)[i] - ortho.get(k)[i]));
      }
      if (k.startsWith("D_")) {
        assertThat(diff).as("%s unchanged by a G-only term", k).isZero();
      } else if (k.equals("G_embed_w")) {
        assertThat(diff).as("the shared embedding is not penalised").isLessThan(1e-7);
      } else if (k.startsWith("G_") && k.endsWith("_w") && diff > 1e-5) {
        gKernelsMoved++;
      }
    }
    assertThat(gKernelsMoved).as("G weight matrices moved by the term").isGreaterThanOrEqualTo(14);
  }
}
