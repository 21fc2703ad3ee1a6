package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class ConditionalBatchNormTest {

  @Test
  void gainIsOnePlusALinearMapOfTheClassEmbedding() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      ForwardPass pass = ForwardPass.of(Mode.TRAIN);
      NetScope scope = NetScope.root(store, pass, "G");
      Operand<TFloat32> x = tf.random.statelessRandomNormal(tf.constant(new int[] {4, 2, 2, 3}), tf.constant(new long[] {1, 2}));
      Operand<TFloat32> e = ClassEmbedding.of(2, 5).apply(scope.child("embed"), tf.constant(new int[] {0, 1, 0, 1}));
      Operand<TFloat32> y = ConditionalBatchNorm.onEmbedding(e).apply(scope.child("cbn"), x);
      Operand<TFloat32> plain = BatchNorm.withoutAffine().apply(NetScope.root(store, ForwardPass.of(Mode.TRAIN), "P"), x);
      // Zero gain and bias layers: plain batch norm, whatever the class.
      for (String v : new String[] {"G_cbn_gain_w", "G_cbn_gain_b", "G_cbn_bias_w", "G_cbn_bias_b"}) {
        s.runner().addTarget(tf.assign(store.get(v).variable(), tf.zerosLike(store.get(v).variable()))).run().close();
      }
      double[] a = GraphRun.fetch(s, y);
      double[] b = GraphRun.fetch(s, plain);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).isCloseTo(b[i], within(1e-6));
      }
      // Gain bias 0.5 and bias bias 0.25: (1 + 0.5)·x̂ + 0.25 for every class.
      s.runner().addTarget(tf.assign(store.get("G_cbn_gain_b").variable(), tf.fill(tf.constant(new int[] {3}), tf.constant(0.5f))))
          .addTarget(tf.assign(store.get("G_cbn_bias_b").variable(), tf.fill(tf.constant(new int[] {3}), tf.constant(0.25f))))
          .run().close();
      a = GraphRun.fetch(s, y);
      for (int i = 0; i < a.length; i++) {
        assertThat(a[i]).isCloseTo(1.5 * b[i] + 0.25, within(1e-5));
      }
    }
  }

  @Test
  void embeddingLooksUpRowsAndResidualBlocksKeepShapes() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      NetScope scope = NetScope.root(store, ForwardPass.of(Mode.INFER), "E");
      Operand<TFloat32> rows = ClassEmbedding.of(3, 4).apply(scope, tf.constant(new int[] {2, 0}));
      double[] table = GraphRun.fetch(s, store.get("E_w").variable());
      double[] got = GraphRun.fetch(s, rows);
      for (int j = 0; j < 4; j++) {
        assertThat(got[j]).isEqualTo(table[2 * 4 + j]);
        assertThat(got[4 + j]).isEqualTo(table[j]);
      }
      Operand<TFloat32> x = tf.zeros(tf.constant(new int[] {2, 8, 8, 16}), TFloat32.class);
      NetScope r = NetScope.root(store, ForwardPass.of(Mode.TRAIN), "R");
      assertThat(ResidualBlock.up(8).conditionedOn(null).spectralNorm(true).apply(r.child("up"), x).shape().asArray())
          .containsExactly(2, 16, 16, 8);
      assertThat(ResidualBlock.down(32).downsample(true).preactivation(false).spectralNorm(true).apply(r.child("d1"), x)
          .shape().asArray()).containsExactly(2, 4, 4, 32);
      assertThat(ResidualBlock.down(16).downsample(false).preactivation(true).spectralNorm(true).apply(r.child("d2"), x)
          .shape().asArray()).containsExactly(2, 8, 8, 16);
    }
  }
}
