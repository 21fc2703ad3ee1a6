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
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

class TranslationNetsTest {

  @Test
  void patchGanScalesItsReceptiveFieldAndMapSizeWithTheImage() {
    assertThat(PatchDiscriminator.receptiveField(3)).isEqualTo(70);
    assertThat(PatchDiscriminator.receptiveField(2)).isEqualTo(34);
    assertThat(PatchDiscriminator.receptiveField(1)).isEqualTo(16);
    // side → (layers, map side): 256 → the 70×70 PatchGAN's 30×30 map.
    int[][] cases = {{256, 3, 30}, {128, 2, 30}, {64, 1, 30}, {32, 1, 14}};
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      for (int[] c : cases) {
        PatchDiscriminator d = PatchDiscriminator.forImages(List.of(c[0], c[0], 3));
        assertThat(d.layers()).as("layers at %d px", c[0]).isEqualTo(c[1]);
        assertThat(PatchDiscriminator.outputSide(c[0], d.layers())).isEqualTo(c[2]);
        Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, c[0], c[0], 3)));
        Operand<TFloat32> logits = d.judge(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "D" + c[0]), x, null).logits();
        assertThat(logits.shape().asArray()).as("patch map at %d px", c[0]).containsExactly(-1, c[2], c[2]);
      }
    }
  }

  @Test
  void resNetTranslatorKeepsTheSizeMapsChannelsAndStaysInTanhRange() {
    ResNetTranslator t = new ResNetTranslator(List.of(16, 16, 1), 3, 4, 2);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      Operand<TFloat32> x = tf.random.statelessRandomUniform(tf.constant(new int[] {2, 16, 16, 1}), tf.constant(new long[] {1, 2}), TFloat32.class);
      Operand<TFloat32> y = t.translate(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G_AB"), x);
      assertThat(y.shape().asArray()).containsExactly(2, 16, 16, 3);
      // c7s1-4, d8, d16, 2 blocks of two 16-wide 3×3 convs, u8, u4, c7s1-3: every conv has w and b.
      assertThat(store.entries("G_AB_", VariableStore.Role.TRAINABLE)).hasSize(2 * (1 + 2 + 2 * 2 + 2 + 1));
      assertThat(store.get("G_AB_res1_conv1_w").shape().asArray()).containsExactly(3, 3, 16, 16);
      s.initialize();
      try (Result r = s.runner().fetch(y).run()) {
        TFloat32 v = (TFloat32) r.get(0);
        assertThat(v.shape().asArray()).containsExactly(2, 16, 16, 3);
        v.scalars().forEach(e -> assertThat(Math.abs(e.getFloat())).isLessThan(1f));
      }
    }
    assertThat(ResNetTranslator.forImages(List.of(32, 32, 1), 1).blocks()).isEqualTo(6);
    assertThat(ResNetTranslator.forImages(List.of(256, 256, 3), 3).blocks()).isEqualTo(9);
    assertThatThrownBy(() -> new ResNetTranslator(List.of(30, 30, 1), 1, 4, 1)).hasMessageContaining("multiples of 4");
  }
}
