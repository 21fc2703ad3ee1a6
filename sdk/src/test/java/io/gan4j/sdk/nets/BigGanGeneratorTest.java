package io.gan4j.sdk.nets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

class BigGanGeneratorTest {

  @Test
  void eachBlocksConditionalNormsSeeTheSharedEmbeddingAndItsOwnLatentChunk() {
    BigGanGenerator g = new BigGanGenerator(96, 5, 16, List.of(32, 16, 8, 8), List.of(16), List.of(32, 32, 3));
    assertThat(g.chunk()).isEqualTo(24);
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      Operand<TFloat32> z = tf.zeros(tf.constant(new int[] {2, 96}), TFloat32.class);
      Operand<TInt32> y = tf.constant(new int[] {0, 4});
      Generator.Output out = g.generate(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G"), z, y);
      assertThat(out.images().shape().asArray()).containsExactly(2, 32, 32, 3);
      assertThat(out.attention()).hasSize(1);
      // Stem: the first chunk (24) to 4×4×32; block i's gain and bias: [16 shared + 24 chunk, channels].
      assertThat(store.get("G_stem_w").shape().asArray()).containsExactly(24, 4 * 4 * 32);
      assertThat(store.get("G_shared_embed_w").shape().asArray()).containsExactly(5, 16);
      assertThat(store.get("G_up1_bn1_gain_w").shape().asArray()).containsExactly(40, 32);
      assertThat(store.get("G_up3_bn2_bias_w").shape().asArray()).containsExactly(40, 8);
    }
  }

  @Test
  void bigganDeepHasTwoBottleneckBlocksPerResolutionAndTheWholeLatentInEveryNorm() {
    BigGanDeepGenerator g = new BigGanDeepGenerator(32, 3, 8, List.of(16, 8, 8), List.of(), List.of(16, 16, 1));
    BigGanDeepDiscriminator d = new BigGanDeepDiscriminator(3, List.of(8, 16), List.of(8), List.of(16, 16, 1));
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      Operand<TFloat32> z = tf.zeros(tf.constant(new int[] {2, 32}), TFloat32.class);
      Operand<TInt32> y = tf.constant(new int[] {0, 2});
      Generator.Output out = g.generate(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G"), z, y);
      assertThat(out.images().shape().asArray()).containsExactly(2, 16, 16, 1);
      // Stem and every conditional BN see [z (32), shared (8)] = 40; block "a" keeps 16 channels at 4×4,
      // block "b" drops to 8 and doubles: its first norm sees 16 channels, its last conv makes 8.
      assertThat(store.get("G_stem_w").shape().asArray()).containsExactly(40, 4 * 4 * 16);
      assertThat(store.get("G_up1a_bn1_gain_w").shape().asArray()).containsExactly(40, 16);
      assertThat(store.get("G_up1b_conv1_w").shape().asArray()).containsExactly(1, 1, 16, 4);
      assertThat(store.get("G_up1b_conv4_w").shape().asArray()).containsExactly(1, 1, 4, 8);
      assertThat(store.get("G_up2b_conv4_w").shape().asArray()).containsExactly(1, 1, 2, 8);
      io.gan4j.sdk.gan.Heads h = d.judge(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "D"), out.images(), y);
      assertThat(h.logits().shape().asArray()).containsExactly(2);
      assertThat(h.features().shape().asArray()).containsExactly(2, 16);
      assertThat(h.attention()).hasSize(1);
      // Stage 2's first block goes 8 -> 16 channels: its skip concatenates a learned 1×1 conv to the 8 missing.
      assertThat(store.get("D_down2a_shortcut_w").shape().asArray()).containsExactly(1, 1, 8, 8);
    }
    assertThatThrownBy(() -> new BigGanDeepGenerator(32, 3, 8, List.of(8, 16), List.of(), List.of(8, 8, 1)))
        .hasMessage("BigGanDeepGenerator: widths must not grow (its skips drop channels), got [8, 16]");
  }

  @Test
  void badShapesAreRefusedByName() {
    assertThatThrownBy(() -> new BigGanGenerator(102, 10, 128, List.of(128, 64, 32, 16), List.of(), List.of(32, 32, 1)))
        .hasMessage("BigGanGenerator: zDim 102 must split into 4 equal chunks (one for the stem, one per up-block)");
    assertThatThrownBy(() -> new BigGanGenerator(96, 10, 128, List.of(128, 64, 32), List.of(), List.of(32, 32, 1)))
        .hasMessage("BigGanGenerator: 3 widths make 16x16 images, not [32, 32, 1]");
    assertThatThrownBy(() -> new BigGanGenerator(128, 0, 128, List.of(128, 64, 32, 16), List.of(), List.of(32, 32, 1)))
        .hasMessage("BigGanGenerator is class-conditional: classes must be > 0, got 0");
  }
}
