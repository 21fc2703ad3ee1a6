package io.gan4j.sdk.nets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.recipes.Recipes;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class NetsTest {

  @Test
  void dcgan32MatchesTheBenchmarkArchitecture() {
    GeneratorSpec g = Recipes.DCGAN32.generator(List.of(32, 32, 3));
    DiscriminatorSpec d = Recipes.DCGAN32.discriminator(List.of(32, 32, 3));
    assertThat(g.zDim()).isEqualTo(128);
    assertThat(g.widths()).containsExactly(512, 256, 128, 64);
    assertThat(d.stemWidth()).isEqualTo(64);
    assertThat(d.widths()).containsExactly(128, 256, 512);
    assertThat(d.refine()).isTrue();
    assertThat(d.leakySlope()).isEqualTo(0.1f);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      Operand<TFloat32> x = Generator.build(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G"), g,
          tf.random.statelessRandomNormal(tf.constant(new int[] {2, 128}), tf.constant(new long[] {1, 2})));
      assertThat(x.shape().asArray()).containsExactly(2, 32, 32, 3);
      Operand<TFloat32> logits = Discriminator.build(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "D"), d, x);
      assertThat(logits.shape().asArray()).containsExactly(2);
      assertThat(store.get("G_stem_w").shape().asArray()).containsExactly(128, 4 * 4 * 512);
      assertThat(store.get("G_up1_w").shape().asArray()).containsExactly(4, 4, 256, 512);
      assertThat(store.get("D_down3_conv2_w").shape().asArray()).containsExactly(3, 3, 512, 512);
      assertThat(store.get("D_out_w").shape().asArray()).containsExactly(4 * 4 * 512, 1);
    }
  }

  @Test
  void packingJudgesConsecutiveSamplesTogether() {
    DiscriminatorSpec d = Recipes.MLP.discriminator(List.of(2)).newBuilder().pack(2).build();
    try (Graph graph = new Graph(); Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      ForwardPass pass = ForwardPass.of(Mode.INFER);
      Operand<TFloat32> x = tf.constant(new float[][] {{1, 2}, {3, 4}, {5, 6}, {7, 8}});
      Operand<TFloat32> logits = Discriminator.build(NetScope.root(store, pass, "D"), d, x);
      assertThat(store.get("D_fc1_w").shape().asArray()).containsExactly(4, 256);
      // Packing [x0 x1] and [x2 x3]: swapping samples between packs changes the logits, swapping within
      // the input order of a pack is a different input too, so check against an explicit concatenation.
      Operand<TFloat32> manual = Discriminator.build(NetScope.root(store, ForwardPass.of(Mode.INFER), "D"),
          d.newBuilder().pack(1).inputShape(4).build(), tf.constant(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}}));
      try (Result r = s.runner().fetch(logits).fetch(manual).run()) {
        float[] a = new float[2];
        float[] b = new float[2];
        for (int i = 0; i < 2; i++) {
          a[i] = ((TFloat32) r.get(0)).getFloat(i);
          b[i] = ((TFloat32) r.get(1)).getFloat(i);
        }
        assertThat(a).containsExactly(b);
      }
    }
    assertThatThrownBy(() -> d.newBuilder().pack(0).build()).hasMessage("DiscriminatorSpec.pack must be >= 1, got 0");
  }

  @Test
  void specValidationNamesTheField() {
    assertThatThrownBy(() -> GeneratorSpec.builder().outputShape(32, 32, 3).widths(256, 128, 64).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("GeneratorSpec: base 4 doubled 2 times (one per width after the first, widths=[256, 128, 64])"
            + " gives 16x16, but outputShape is 32x32");
    assertThatThrownBy(() -> GeneratorSpec.builder().zDim(0).build())
        .hasMessage("GeneratorSpec.zDim must be > 0, got 0");
    assertThatThrownBy(() -> Recipes.DCGAN.generator(List.of(28, 28, 1)))
        .hasMessage("model 'dcgan' needs square images whose side is a power of two ≥ 8, got 28x28");
  }

  @Test
  void saganPresetIsConditionalWithAttentionInBothNetworks() {
    List<Integer> shape = List.of(32, 32, 1);
    GeneratorSpec g = Recipes.SAGAN.generator(shape);
    DiscriminatorSpec d = Recipes.SAGAN.discriminator(shape);
    assertThat(g.classes()).isEqualTo(10);
    assertThat(g.attention()).containsExactly(16);
    assertThat(d.attention()).containsExactly(16);
    assertThat(g.spectralNorm() && d.spectralNorm()).isTrue();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      Operand<org.tensorflow.types.TInt32> y = tf.constant(new int[] {0, 9, 3});
      Generator.Output out = Generator.apply(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G"), g,
          tf.random.statelessRandomNormal(tf.constant(new int[] {3, 128}), tf.constant(new long[] {1, 2})), y);
      assertThat(out.images().shape().asArray()).containsExactly(3, 32, 32, 1);
      assertThat(out.attention()).hasSize(1);
      assertThat(out.attention().get(0).shape().asArray()).containsExactly(3, 256, 64);
      Discriminator.Output dOut = Discriminator.apply(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "D"), d, out.images(), y);
      assertThat(dOut.logits().shape().asArray()).containsExactly(3);
      assertThat(dOut.attention().get(0).shape().asArray()).containsExactly(3, 256, 64);
      assertThat(store.get("G_embed_w").shape().asArray()).containsExactly(10, Generator.EMBED_DIM);
      assertThat(store.get("G_up3_bn1_gain_w").shape().asArray()).containsExactly(Generator.EMBED_DIM, 32);
      assertThat(store.get("G_attn16_theta_w").shape().asArray()).containsExactly(1, 1, 32, 4);
      assertThat(store.get("D_embed_w").shape().asArray()).containsExactly(10, 64);
      assertThatThrownBy(() -> Generator.build(NetScope.root(store, ForwardPass.of(Mode.INFER), "G"), g,
          tf.zeros(tf.constant(new int[] {1, 128}), TFloat32.class)))
          .hasMessage("this generator is conditional on 10 classes: give it labels");
    }
    assertThatThrownBy(() -> g.newBuilder().attention(12).build())
        .hasMessage("GeneratorSpec.attention: 12 is not a feature resolution of this generator (4 to 32)");
    assertThatThrownBy(() -> Recipes.DCGAN.generator(shape).newBuilder().classes(10).build())
        .hasMessage("GeneratorSpec: classes and attention need the RESNET architecture, got DCGAN");
  }

  @Test
  void projectionHeadAddsTheClassEmbeddingDotThePooledFeatures() {
    DiscriminatorSpec d = Recipes.SAGAN.discriminator(List.of(32, 32, 1)).newBuilder().spectralNorm(false).build();
    try (Graph graph = new Graph(); Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 2);
      Operand<TFloat32> x = tf.random.statelessRandomNormal(tf.constant(new int[] {2, 32, 32, 1}), tf.constant(new long[] {3, 4}));
      Operand<TFloat32> l0 = Discriminator.apply(NetScope.root(store, ForwardPass.of(Mode.INFER), "D"), d, x,
          tf.constant(new int[] {0, 0})).logits();
      Discriminator.Output o5 = Discriminator.apply(NetScope.root(store, ForwardPass.of(Mode.INFER), "D"), d, x,
          tf.constant(new int[] {5, 5}));
      Operand<TFloat32> l5 = o5.logits();
      // Linear head = Σ pooled features; embedding row 5 = ones, every other row 0:
      // logit(label 0) = Σ pooled and logit(label 5) = 2 · Σ pooled.
      float[] out = new float[64];
      java.util.Arrays.fill(out, 1f);
      float[][] table = new float[10][64];
      java.util.Arrays.fill(table[5], 1f);
      s.runner().addTarget(tf.assign(store.get("D_out_w").variable(), tf.reshape(tf.constant(out), tf.constant(new int[] {64, 1}))))
          .addTarget(tf.assign(store.get("D_embed_w").variable(), tf.constant(table))).run().close();
      try (Result r = s.runner().fetch(l0).fetch(l5).fetch(o5.unconditional()).fetch(o5.projection()).run()) {
        for (int i = 0; i < 2; i++) {
          float a = ((TFloat32) r.get(0)).getFloat(i);
          float b = ((TFloat32) r.get(1)).getFloat(i);
          assertThat(a).isPositive();
          assertThat(b).isCloseTo(2 * a, org.assertj.core.data.Offset.offset(1e-4f * Math.abs(a)));
          // The two parts of logit(label 5): linear(h) = Σ pooled = a and embed(5)·h = Σ pooled = a.
          assertThat(((TFloat32) r.get(2)).getFloat(i)).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-4f * Math.abs(a)));
          assertThat(((TFloat32) r.get(3)).getFloat(i)).isCloseTo(a, org.assertj.core.data.Offset.offset(1e-4f * Math.abs(a)));
        }
      }
    }
  }

  @Test
  void plainEmbeddingDropsTheSpectralNormOfGsClassEmbeddingOnly() {
    GeneratorSpec g = Recipes.SAGAN.generator(List.of(32, 32, 1));
    assertThat(g.plainEmbedding()).isFalse();
    for (boolean plain : new boolean[] {false, true}) {
      try (Graph graph = new Graph()) {
        Ops tf = Ops.create(graph);
        VariableStore store = new VariableStore(tf, 1);
        Generator.apply(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G"), g.newBuilder().plainEmbedding(plain).build(),
            tf.zeros(tf.constant(new int[] {2, 128}), TFloat32.class), tf.constant(new int[] {0, 1}));
        List<String> us = store.entries("G_", VariableStore.Role.STATE).stream().map(VariableStore.Entry::name)
            .filter(n -> n.endsWith("_sn_u")).toList();
        // The gain and bias layers of the conditional batch norms keep theirs, as BigGAN-PyTorch's SNLinear.
        assertThat(us).contains("G_stem_w_sn_u", "G_up1_bn1_gain_w_sn_u", "G_up1_bn1_bias_w_sn_u");
        if (plain) {
          assertThat(us).doesNotContain("G_embed_w_sn_u");
        } else {
          assertThat(us).contains("G_embed_w_sn_u");
        }
      }
    }
    assertThat(g.newBuilder().plainEmbedding(true).build().toString()).endsWith(", embedding without sn}");
    assertThatThrownBy(() -> Recipes.DCGAN.generator(List.of(32, 32, 1)).newBuilder().plainEmbedding(true).build())
        .hasMessage("GeneratorSpec.plainEmbedding is about the class embedding of the RESNET architecture, got DCGAN");
  }

  @Test
  void flopCountOfTheBenchmarkStepIsHandDerived() {
    GeneratorSpec g = Recipes.DCGAN32.generator(List.of(32, 32, 3));
    DiscriminatorSpec d = Recipes.DCGAN32.discriminator(List.of(32, 32, 3));
    // G: 128·4·4·512 + 3 transposed convs of 33,554,432 (in² · 16 · cin · cout) + 32²·9·64·3.
    assertThat(FlopCount.generatorMacs(g)).isEqualTo(1_048_576 + 3 * 33_554_432.0 + 1_769_472);
    // D: 32²·9·3·64, then per width a 4×4/2 conv and a 3×3 conv, then the 4·4·512 dense.
    assertThat(FlopCount.discriminatorMacs(d)).isEqualTo(1_769_472 + 3 * (33_554_432.0 + 37_748_736) + 8_192);
    assertThat(FlopCount.trainingStepFlops(g, d, 64)).isEqualTo(2.0 * 64 * (4 * 103_481_344.0 + 6 * 215_687_168.0));
  }

  @Test
  void flopCountOfTheNewSuiteStepsIsHandDerived() {
    List<Integer> shape = List.of(32, 32, 3);
    // wgan-gp. G: 100·4·4·128, three transposed convs of in²·16·cin·cout = 2,097,152 each, 32²·9·16·3.
    var wg = Recipes.WGAN_GP.config("shapes", shape).build();
    assertThat(FlopCount.generatorMacs(wg.generator())).isEqualTo(204_800 + 3 * 2_097_152.0 + 442_368);
    // Critic: 32²·9·3·16, three 4×4/2 convs of 2,097,152 each, the 4·4·128 dense.
    assertThat(FlopCount.discriminatorMacs(wg.discriminator())).isEqualTo(442_368 + 3 * 2_097_152.0 + 2_048);
    // 5 D updates of 1 G + 4 D + 4 D (the penalty's pass, input gradient and their backward), then 3 G + 2 D.
    assertThat(FlopCount.stepFlops(wg.generator(), wg.discriminator(), 64, 5, true))
        .isEqualTo(2.0 * 64 * (8 * 6_938_624.0 + 42 * 6_735_872.0));
    // nDis 1 without the penalty is the old count.
    var dg = Recipes.DCGAN32.config("shapes", shape).build();
    assertThat(FlopCount.stepFlops(dg.generator(), dg.discriminator(), 64, 1, false))
        .isEqualTo(FlopCount.trainingStepFlops((GeneratorSpec) dg.generator(), (DiscriminatorSpec) dg.discriminator(), 64));
    // biggan G: stem 32·4·4·128; per block (res 8/16/32) two 3×3 convs and the 1×1 shortcut, each block
    // 7,602,176; CBN gain + bias on [128 + 32] for 128+64, 64+32, 32+16 channels; attention at 16 (C 32):
    // 256·32·(4 + 4 + 16) + 256·16·32 + 256·64·(4 + 16); output conv 32²·9·16·3.
    var bg = (BigGanGenerator) Recipes.BIGGAN.config("shapes", shape).build().generator();
    assertThat(FlopCount.generatorMacs(bg))
        .isEqualTo(65_536 + 3 * 7_602_176.0 + 2 * 160 * (192 + 96 + 48) + (196_608 + 131_072 + 327_680) + 442_368);
    // csgan. PatchGAN (1 layer): 16²·16·3·64 (4×4/2), 15²·16·64·128 (4×4/1), 14²·16·128 (to one channel).
    var t = Recipes.CSGAN.translation("shapes", shape, shape).build().translation();
    assertThat(FlopCount.discriminatorMacs(t.discriminatorA())).isEqualTo(786_432 + 29_491_200.0 + 401_408);
    // ResNet translator: 7×7 convs 32²·49·3·64 in and out, four stride-2 convs 18,874,368 each, 12 convs
    // 8²·9·256·256 in the 6 residual blocks.
    assertThat(FlopCount.translatorMacs(t.generatorAB())).isEqualTo(2 * 9_633_792 + 4 * 18_874_368.0 + 12 * 37_748_736.0);
    // 6 forwards of each of the four networks per sample.
    assertThat(FlopCount.translationStepFlops(t, 1)).isEqualTo(2.0 * 6 * (2 * 547_749_888.0 + 2 * 30_679_040.0));
    // Orthogonal regularisation: [3, 3, 4, 8] is W [36, 8], WᵀW 36·8² MACs, three such products.
    assertThat(FlopCount.orthogonalRegularizationFlops(List.of(new long[] {3, 3, 4, 8}))).isEqualTo(2.0 * 3 * 36 * 64);
  }
}
