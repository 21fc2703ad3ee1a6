package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.gan.LatentOptimisation;
import io.gan4j.sdk.gan.LatentOptimisation.Method;
import io.gan4j.sdk.nets.BigGanGenerator;
import io.gan4j.sdk.recipes.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** LOGAN in the trainer: what reaches G's update, and the {@code logan} recipe end to end. */
class LoganTrainingTest {
  @TempDir Path dir;

  /** D(x) = x·u + c on points. */
  public record LinearCritic(List<Integer> inputShape) implements DiscriminatorNetwork {
    @Override
    public int classes() {
      return 0;
    }

    @Override
    public Heads judge(NetScope scope, Operand<TFloat32> x, Operand<TInt32> labels) {
      return Heads.of(scope.tf().reshape(Dense.of(1).apply(scope.child("out"), x), scope.tf().constant(new int[] {-1})));
    }
  }

  private static float[] fetch(Result r, int i, int size) {
    float[] out = new float[size];
    ((TFloat32) r.get(i)).copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  @Test
  void gsGradientIsTheHingeGradientAtTheMovedLatentsWithDeltaZHeldConstant() {
    // G(z) = z·w + b (z 3 → 2), D(x) = x·u + c, hinge: L_G = −mean_i D(G(z′_i)). With Δz a constant,
    // ∂L_G/∂w[j][k] = −mean_i z′_ij·u_k and ∂L_G/∂b_k = −u_k, u read after D's update of the step.
    // Through Δz (the paper's second-order terms) it would differ: here Δz = α·w·u/(β + ‖w·u‖²) depends on w.
    GaussianMixture2d data = GaussianMixture2d.ring8();
    int n = 16;
    TrainConfig c = Recipes.MLP.config("ring8", data.elementShape())
        .generator(new TrainConfigJsonTest.LinearGenerator(3, List.of(2))).discriminator(new LinearCritic(List.of(2)))
        .loss("hinge").nDis(1).batch(n).emaDecay(0f).terms(List.of())
        .latentStep(new LatentOptimisation(Method.NATURAL_GRADIENT, 0.9f, 0.1f, 1f)).build();
    try (Graph graph = new Graph()) {
      TrainingGraph tg = new TrainingGraph(graph, c, data);
      assertThat(tg.variants()).hasSize(1);
      Map<String, Operand<TFloat32>> grads = tg.gGradients.get(0);
      try (Session s = new Session(graph)) {
        s.initialize();
        float[] z;
        float[] gw;
        float[] gb;
        try (Result r = s.runner().addTarget(tg.variants().get(0).gStep()).fetch(tg.zForG).fetch(grads.get("G_out_w"))
            .fetch(grads.get("G_out_b")).run()) {
          z = fetch(r, 0, n * 3);
          gw = fetch(r, 1, 6);
          gb = fetch(r, 2, 2);
        }
        float[] u;
        try (Result r = s.runner().fetch(tg.store.get("D_out_w").variable()).run()) {
          u = fetch(r, 0, 2);
        }
        for (int k = 0; k < 2; k++) {
          assertThat((double) gb[k]).isCloseTo(-u[k], within(1e-6));
          for (int j = 0; j < 3; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
              mean += z[i * 3 + j] / (double) n;
            }
            assertThat((double) gw[j * 2 + k]).as("dL/dw[%d][%d]", j, k).isCloseTo(-mean * u[k], within(1e-5));
          }
        }
      }
    }
  }

  /** Without Grappler's rewrites: starts in a third of the time and repeats bit for bit. */
  static final SessionOptions EXACT = SessionOptions.DEFAULT.withGraphRewrites(false);

  static TrainConfig.Builder tinyLogan(ImageDataset data) {
    List<Integer> shape = data.elementShape();
    return Recipes.LOGAN.config("shapes", shape)
        .generator(new BigGanGenerator(16, 3, 8, List.of(16, 8, 8, 8), List.of(), shape))
        .discriminator(Recipes.BIGGAN.discriminator(shape).newBuilder().classes(3).widths(8, 8, 16).attention(List.of()).build())
        .batch(8).seed(4);
  }

  @Test
  void theLoganRecipeIsBigganPlusTheLatentStepTrainsWithoutNanAndItsConfigRoundTrips() throws Exception {
    TrainConfig biggan = Recipes.BIGGAN.config("fashion-mnist", List.of(32, 32, 1)).build();
    TrainConfig logan = Recipes.LOGAN.config("fashion-mnist", List.of(32, 32, 1)).build();
    assertThat(logan.latentStep()).isEqualTo(LatentOptimisation.defaults());
    assertThat(logan.model()).isEqualTo("logan");
    assertThat(logan.newBuilder().model("biggan").latentStep(null).build()).isEqualTo(biggan);
    assertThat(Recipes.named("logan")).isSameAs(Recipes.LOGAN);

    ImageDataset data = Shapes.generate(64, 3);
    TrainConfig c = tinyLogan(data).steps(4).build();
    Path run = dir.resolve("logan");
    List<float[]> losses = new ArrayList<>();
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH, EXACT)) {
      t.train(new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          losses.add(new float[] {dLoss, gLoss});
        }
      });
      assertThat(losses).hasSize(4).allSatisfy(l -> assertThat(Float.isFinite(l[0]) && Float.isFinite(l[1])).isTrue());
      for (Map.Entry<String, float[]> e : t.variables().entrySet()) {
        for (float w : e.getValue()) {
          assertThat(Float.isFinite(w)).as(e.getKey()).isTrue();
        }
      }
    }
    assertThat(Files.readString(run.resolve(Trainer.CONFIG_FILE)))
        .contains("\"latentStep\" : {\n    \"type\" : \"io.gan4j.sdk.gan.LatentOptimisation\",\n    \"method\" : \"NATURAL_GRADIENT\",\n"
            + "    \"alpha\" : 0.9,\n    \"beta\" : 0.1,\n    \"fraction\" : 0.8\n  }");
    assertThat(Trainer.readConfig(run)).isEqualTo(c);
  }

  @Test
  void aLoganRunKilledAfterItsCheckpointResumesToTheWeightsOfTheStraightRun() {
    // The masks are keyed by (seed, counter), so a resumed run draws what the straight one drew; the
    // step's reads are ordered against its writes (latentStepRunsWithoutRaces). Without Grappler's
    // rewrites the runs are bit-identical (with them, two straight runs differ in the last bits), and
    // the three sessions start in a third of the time.
    ImageDataset data = Shapes.generate(64, 3);
    TrainConfig c = tinyLogan(data).steps(6).checkpointEvery(3).build();
    try (Trainer t = Trainer.open(dir.resolve("resumed"), c, data, Trainer.Start.FRESH, EXACT)) {
      assertThatThrownBy(() -> t.train(new TrainingListener() {
        @Override
        public void onCheckpoint(long step, Path directory) {
          if (step == 3) {
            throw new IllegalStateException("simulated crash");
          }
        }
      })).hasMessage("simulated crash");
    }
    Map<String, float[]> straight;
    try (Trainer t = Trainer.open(dir.resolve("straight"), c, data, Trainer.Start.FRESH, EXACT)) {
      t.train(TrainingListener.NONE);
      straight = t.variables();
    }
    try (Trainer t = Trainer.open(dir.resolve("resumed"), Trainer.readConfig(dir.resolve("resumed")), data, Trainer.Start.RESUME, EXACT)) {
      assertThat(t.step()).isEqualTo(3);
      t.train(TrainingListener.NONE);
      assertThat(t.step()).isEqualTo(6);
      Map<String, float[]> resumed = t.variables();
      assertThat(resumed.keySet()).isEqualTo(straight.keySet());
      double maxDiff = 0;
      for (String k : straight.keySet()) {
        for (int i = 0; i < straight.get(k).length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(straight.get(k)[i] - resumed.get(k)[i]));
        }
      }
      assertThat(maxDiff).isZero();
    }
  }

  /**
   * The latent step's G and D passes read the weights and state the same run writes in place (D's
   * optimiser, both update passes' spectral-norm u): StepRaces found 110 unordered pairs on this config
   * before TrainingGraph ordered every write after both batches' latents.
   */
  @Test
  void latentStepRunsWithoutRaces() {
    ImageDataset data = Shapes.generate(64, 3);
    assertThat(StepRacesTest.races(tinyLogan(data).build(), data)).isEmpty();
  }
}
