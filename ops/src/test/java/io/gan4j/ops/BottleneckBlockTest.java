package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class BottleneckBlockTest {

  private static void zero(Session s, Ops tf, VariableStore store, String... names) {
    for (String v : names) {
      s.runner().addTarget(tf.assign(store.get(v).variable(), tf.zerosLike(store.get(v).variable()))).run().close();
    }
  }

  @Test
  void theGeneratorBlockDropsChannelsOnItsSkipAndUpsamplesBoth() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      NetScope scope = NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G");
      Operand<TFloat32> x = tf.random.statelessRandomNormal(tf.constant(new int[] {2, 4, 4, 16}), tf.constant(new long[] {3, 4}));
      Operand<TFloat32> y = BottleneckBlock.up(8).upsample(true).apply(scope.child("b"), x);
      assertThat(y.shape().asArray()).containsExactly(2, 8, 8, 8);
      // Bottleneck 16 / 4 = 4: 1×1 16→4, 3×3 4→4 twice, 1×1 4→8.
      assertThat(store.get("G_b_conv1_w").shape().asArray()).containsExactly(1, 1, 16, 4);
      assertThat(store.get("G_b_conv3_w").shape().asArray()).containsExactly(3, 3, 4, 4);
      assertThat(store.get("G_b_conv4_w").shape().asArray()).containsExactly(1, 1, 4, 8);
      // With the last conv zeroed the block is its skip: x's first 8 channels, each pixel repeated 2×2.
      zero(s, tf, store, "G_b_conv4_w", "G_b_conv4_b");
      double[] out = GraphRun.fetch(s, y);
      double[] in = GraphRun.fetch(s, x);
      for (int n = 0; n < 2; n++) {
        for (int i = 0; i < 8; i++) {
          for (int j = 0; j < 8; j++) {
            for (int c = 0; c < 8; c++) {
              assertThat(out[((n * 8 + i) * 8 + j) * 8 + c]).isCloseTo(in[((n * 4 + i / 2) * 4 + j / 2) * 16 + c], within(1e-6));
            }
          }
        }
      }
    }
  }

  @Test
  void theDiscriminatorBlockPoolsAndConcatenatesALearnedSkip() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      NetScope scope = NetScope.root(store, ForwardPass.of(Mode.TRAIN), "D");
      Operand<TFloat32> x = tf.random.statelessRandomNormal(tf.constant(new int[] {1, 4, 4, 4}), tf.constant(new long[] {5, 6}));
      Operand<TFloat32> y = BottleneckBlock.down(12).downsample(true).apply(scope.child("b"), x);
      assertThat(y.shape().asArray()).containsExactly(1, 2, 2, 12);
      assertThat(store.get("D_b_conv1_w").shape().asArray()).containsExactly(1, 1, 4, 3);
      assertThat(store.get("D_b_shortcut_w").shape().asArray()).containsExactly(1, 1, 4, 8);
      // Last conv and learned skip zeroed: channels 0..3 are the 2×2 average of x, 4..11 are 0.
      zero(s, tf, store, "D_b_conv4_w", "D_b_conv4_b", "D_b_shortcut_w", "D_b_shortcut_b");
      double[] out = GraphRun.fetch(s, y);
      double[] in = GraphRun.fetch(s, x);
      for (int i = 0; i < 2; i++) {
        for (int j = 0; j < 2; j++) {
          for (int c = 0; c < 12; c++) {
            double expected = 0;
            if (c < 4) {
              for (int di = 0; di < 2; di++) {
                for (int dj = 0; dj < 2; dj++) {
                  expected += in[((2 * i + di) * 4 + 2 * j + dj) * 4 + c] / 4;
                }
              }
            }
            assertThat(out[(i * 2 + j) * 12 + c]).isCloseTo(expected, within(1e-6));
          }
        }
      }
      assertThatThrownBy(() -> BottleneckBlock.down(2).apply(scope.child("c"), x))
          .hasMessage("BottleneckBlock.down adds channels only: 4 in, 2 out");
    }
  }
}
