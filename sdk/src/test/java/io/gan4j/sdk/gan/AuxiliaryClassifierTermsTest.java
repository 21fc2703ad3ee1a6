package io.gan4j.sdk.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.loss.GanLoss;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.terms.AuxiliaryClassifier;
import io.gan4j.sdk.gan.terms.AuxiliaryDiscriminativeClassifier;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.TrainingListener;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class AuxiliaryClassifierTermsTest {

  @TempDir Path dir;

  private static final int K = 3;
  /** Classifier biases set after initialisation: with all-zero features the logits are exactly these. */
  private static final float[] BIAS_AC = {0.5f, -1f, 2f};
  private static final float[] BIAS_ADC = {0.5f, -1f, 2f, 0f, 1.5f, -0.25f};

  /** CE(b, y) = log Σ_j exp(b_j) − b_y, in float64. */
  private static double ce(float[] b, int y) {
    double s = 0;
    for (float v : b) {
      s += Math.exp(v);
    }
    return Math.log(s) - b[y];
  }

  /** D and G parts of {@code term} on 2 real (labels 0, 2), 2 generated-for-D (1, 2) and 2 generated (2, 0) samples of zero features. */
  private static float[] lossesWithBias(Term term, String scope, float[] bias) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 4);
      Operand<TFloat32> zeros = tf.zeros(tf.constant(new int[] {2, 4}), TFloat32.class);
      GeneratorNetwork gNet = Recipes.SAGAN.generator(List.of(16, 16, 1)).newBuilder().classes(K).widths(8, 8, 8).attention(List.of()).build();
      GanModel model = new GanModel(tf, store, 4, 2, gNet, null, GanLoss.named("hinge"), tf.constant(0L), tf.constant(0L),
          zeros, tf.constant(new int[] {0, 2}), zeros, tf.constant(new int[] {1, 2}), zeros, tf.constant(new int[] {2, 0}));
      Heads heads = new Heads(tf.constant(new float[] {0f, 0f}), null, zeros, List.of());
      Term.Bound bound = term.bind(model);
      ForwardPass dPass = ForwardPass.of(Mode.TRAIN);
      TermLoss d = bound.discriminator(new DiscriminatorPass(model, dPass, heads, heads, List.of()));
      TermLoss gl = bound.generator(new GeneratorPass(model, ForwardPass.readingAfter(Mode.TRAIN, List.of()), ForwardPass.of(Mode.TRAIN), heads));
      s.initialize();
      s.runner().addTarget(tf.assign(store.get("D_" + scope + "_b").variable(), tf.constant(bias))).run().close();
      try (Result r = s.runner().fetch(d.value()).fetch(gl.value()).run()) {
        return new float[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
      }
    }
  }

  @Test
  void acGanLossesEqualTheHandComputedCrossEntropies() {
    float[] l = lossesWithBias(new AuxiliaryClassifier(2f), "ac", BIAS_AC);
    // D: λ·[mean(CE(b, 0), CE(b, 2)) + mean(CE(b, 1), CE(b, 2))]; G: λ·mean(CE(b, 2), CE(b, 0)).
    double d = 2 * ((ce(BIAS_AC, 0) + ce(BIAS_AC, 2)) / 2 + (ce(BIAS_AC, 1) + ce(BIAS_AC, 2)) / 2);
    double g = 2 * (ce(BIAS_AC, 2) + ce(BIAS_AC, 0)) / 2;
    assertThat((double) l[0]).isCloseTo(d, within(1e-5));
    assertThat((double) l[1]).isCloseTo(g, within(1e-5));
  }

  @Test
  void adcGanEncodesRealAsTwiceTheClassAndGeneratedAsTwicePlusOne() {
    float[] l = lossesWithBias(new AuxiliaryDiscriminativeClassifier(1f), "adc", BIAS_ADC);
    // Real labels 0, 2 → y⁺ = 0, 4; generated-for-D 1, 2 → y⁻ = 3, 5; G's labels 2, 0 → y⁺ 4, 0 and y⁻ 5, 1.
    double d = (ce(BIAS_ADC, 0) + ce(BIAS_ADC, 4)) / 2 + (ce(BIAS_ADC, 3) + ce(BIAS_ADC, 5)) / 2;
    double g = (ce(BIAS_ADC, 4) + ce(BIAS_ADC, 0)) / 2 - (ce(BIAS_ADC, 5) + ce(BIAS_ADC, 1)) / 2;
    assertThat((double) l[0]).isCloseTo(d, within(1e-5));
    assertThat((double) l[1]).isCloseTo(g, within(1e-5));
  }

  @Test
  void aConditionalGWithAnUnconditionalDLearnsTheClassifierWithD() {
    byte[] pixels = new byte[64 * 16 * 16];
    new java.util.Random(3).nextBytes(pixels);
    int[] labels = new int[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = i % K;
    }
    TrainingData data = new io.gan4j.sdk.data.ImageDataset("toy16", 64, 16, 16, 1, pixels, labels);
    TrainConfig c = Recipes.SAGAN.config("toy16", data.elementShape())
        .generator(Recipes.SAGAN.generator(data.elementShape()).newBuilder().classes(K).widths(16, 8, 8).attention(List.of()).build())
        .discriminator(Recipes.SAGAN.discriminator(data.elementShape()).newBuilder().classes(0).widths(8, 16).attention(List.of()).build())
        .terms(List.of(new AuxiliaryDiscriminativeClassifier(1f))).batch(8).steps(2).checkpointEvery(2).emaDecay(0f).build();
    Map<String, float[]> before;
    Map<String, float[]> after;
    try (Trainer t = Trainer.open(dir.resolve("adc"), c, data, Trainer.Start.FRESH)) {
      before = t.variables();
      t.train(TrainingListener.NONE);
      after = t.variables();
    }
    // The head is D's: 2K outputs on D's 16 pooled features, moved by D's optimiser.
    assertThat(before.get("D_adc_w")).hasSize(16 * 2 * K);
    assertThat(after.get("D_adc_w")).isNotEqualTo(before.get("D_adc_w"));
    assertThat(after.keySet()).anyMatch(k -> k.startsWith("D_adc_w_") && k.toLowerCase().contains("adam")); // a slot: D trains it
  }

  @Test
  void refusals() {
    assertThatThrownBy(() -> new AuxiliaryDiscriminativeClassifier(0f))
        .hasMessage("AuxiliaryDiscriminativeClassifier.lambda must be > 0, got 0.0");
    List<Integer> shape = List.of(32, 32, 1);
    assertThatThrownBy(() -> Recipes.DCGAN.config("x", shape).terms(List.of(new AuxiliaryClassifier(1f))).build())
        .hasMessage("AuxiliaryClassifier needs a class-conditional generator (classes > 0)");
  }
}
