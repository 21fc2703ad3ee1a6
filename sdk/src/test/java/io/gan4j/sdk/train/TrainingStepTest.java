package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.ops.AutoDiff;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.gan.LatentStep;
import io.gan4j.sdk.recipes.Recipes;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** The step's parts beyond the objective: the optimiser, weight clipping, and a latent step. */
class TrainingStepTest {
  @TempDir Path dir;

  private static final GaussianMixture2d DATA = GaussianMixture2d.ring8();

  private static TrainConfig.Builder mlp() {
    return Recipes.MLP.config("ring8", DATA.elementShape()).batch(64).steps(3).emaDecay(0f);
  }

  /** z′ = z + α·∂Σ D(G(z))/∂z: a plain-gradient latent step, differentiating D(G(z)) inside the step. */
  public record GradientAscent(float alpha) implements LatentStep {
    @Override
    public Operand<TFloat32> update(Context c, Operand<TFloat32> z, Operand<TInt32> labels) {
      Ops tf = c.model().tf();
      Operand<TFloat32> f = tf.reduceSum(c.judge(c.generate(z, labels), labels).logits(), tf.constant(0));
      return tf.math.add(z, tf.math.mul(tf.constant(alpha), tf.stopGradient(AutoDiff.gradients(tf, f, List.of(z)).get(0))));
    }
  }

  private Map<String, float[]> train(String name, TrainConfig c) {
    try (Trainer t = Trainer.open(dir.resolve(name), c, DATA, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
      return t.variables();
    }
  }

  @Test
  void rmsPropWithClippingKeepsEveryCriticWeightInTheBoxAndLeavesGAlone() {
    Map<String, float[]> v = train("wgan", mlp().loss("wasserstein").optimizer(OptimizerType.RMSPROP).clipD(0.01f)
        .lrG(5e-5f).lrD(5e-5f).build());
    assertThat(v.keySet()).contains("D_fc1_w_rmsprop_ms", "G_fc1_w_rmsprop_ms").noneMatch(k -> k.contains("adam"));
    int atBound = 0;
    for (Map.Entry<String, float[]> e : v.entrySet()) {
      if (e.getKey().startsWith("D_") && !e.getKey().contains("rmsprop")) {
        for (float w : e.getValue()) {
          assertThat(Math.abs(w)).as(e.getKey()).isLessThanOrEqualTo(0.01f);
          atBound += Math.abs(w) == 0.01f ? 1 : 0;
        }
      }
    }
    assertThat(atBound).as("weights held at ±0.01 by the clip").isGreaterThan(1000);
    float gMax = 0;
    for (float w : v.get("G_fc1_w")) {
      gMax = Math.max(gMax, Math.abs(w));
    }
    assertThat(gMax).as("G is not clipped").isGreaterThan(0.05f);
  }

  @Test
  void wganGpIsTheWassersteinLossPlusThePenaltyWithFiveCriticStepsPerGStep() {
    TrainConfig c = Recipes.WGAN_GP.config("ring8", DATA.elementShape()).steps(4).build();
    assertThat(c.nDis()).isEqualTo(5);
    // Points take gan_toy.py's smaller λ and β1 = 0.5 (plus an average of G); images Algorithm 1's λ = 10, β1 = 0.
    assertThat(c.terms()).containsExactly(new io.gan4j.sdk.gan.terms.GradientPenalty(1f));
    assertThat(c.beta1()).isEqualTo(0.5f);
    assertThat(c.emaDecay()).isEqualTo(0.999f);
    assertThat(Recipes.WGAN_GP.config("ring8", DATA.elementShape()).build().steps()).isEqualTo(75000);
    TrainConfig images = Recipes.WGAN_GP.config("fashion-mnist", List.of(32, 32, 1)).build();
    assertThat(images.terms()).containsExactly(new io.gan4j.sdk.gan.terms.GradientPenalty(10f));
    assertThat(images.beta1()).isZero();
    assertThat(images.beta2()).isEqualTo(0.9f);
    try (Trainer t = Trainer.open(dir.resolve("wgan-gp"), c, DATA, Trainer.Start.FRESH)) {
      java.util.List<Float> d = new java.util.ArrayList<>();
      t.train(new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          d.add(dLoss);
        }
      });
      assertThat(d).hasSize(4).allSatisfy(l -> assertThat(Float.isFinite(l)).isTrue());
      assertThat(t.variables().get("D_fc1_w_adam_m")).isNotNull();
    }
  }

  @Test
  void aPenaltyThroughTheCriticReachesDsUpdate() {
    // R1 calls D again (the critic) inside D's update pass: its gradient must reach D's weights. Had
    // the critic been a pass of its own, D's update would ignore the penalty and match the plain run.
    Map<String, float[]> plain = train("plain-r1", mlp().steps(1).build());
    Map<String, float[]> penalised = train("r1", mlp().steps(1).terms(List.of(new io.gan4j.sdk.gan.terms.R1Penalty(100f))).build());
    assertThat(penalised.get("D_fc1_w")).isNotEqualTo(plain.get("D_fc1_w"));
    assertThat(penalised.get("G_fc1_w")).as("G's first update reads D after D's update").isNotEqualTo(plain.get("G_fc1_w"));
  }

  @Test
  void aLatentStepMovesGsLatentsInsideTheStep() {
    Map<String, float[]> plain = train("plain", mlp().build());
    Map<String, float[]> still = train("still", mlp().latentStep(new GradientAscent(0f)).build());
    Map<String, float[]> moved = train("moved", mlp().latentStep(new GradientAscent(0.5f)).build());
    // α = 0 adds 0·g: the same training as without a latent step, bit for bit.
    assertThat(still.get("G_fc1_w")).containsExactly(plain.get("G_fc1_w"));
    assertThat(still.get("D_fc1_w")).containsExactly(plain.get("D_fc1_w"));
    assertThat(moved.get("G_fc1_w")).isNotEqualTo(plain.get("G_fc1_w"));
    assertThat(moved.get("D_out_w")).isNotEqualTo(plain.get("D_out_w"));
    for (float w : moved.get("G_out_w")) {
      assertThat(Float.isFinite(w)).isTrue();
    }
  }
}
