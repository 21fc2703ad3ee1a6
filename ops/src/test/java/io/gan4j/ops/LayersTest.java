package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class LayersTest {

  @Test
  void transposedConvDoublesResolutionForAnyBatch() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      NetScope scope = NetScope.root(store, ForwardPass.of(Mode.TRAIN), "G");
      Operand<TFloat32> x = tf.placeholder(TFloat32.class, org.tensorflow.op.core.Placeholder.shape(Shape.of(-1, 4, 4, 8)));
      Operand<TFloat32> y = ConvTranspose2d.of(5, 4).stride(2).apply(scope.child("up"), x);
      assertThat(y.shape().asArray()).containsExactly(-1, 8, 8, 5);
      assertThat(store.get("G_up_w").shape()).isEqualTo(Shape.of(4, 4, 5, 8));
      try (var in = TFloat32.tensorOf(Shape.of(3, 4, 4, 8)); var r = s.runner().feed(x, in).fetch(y).run()) {
        assertThat(r.get(0).shape()).isEqualTo(Shape.of(3, 8, 8, 5));
      }
    }
  }

  @Test
  void batchNormTrainUsesBatchStatisticsAndUpdatesMovingAverages() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      ForwardPass train = ForwardPass.of(Mode.TRAIN);
      Operand<TFloat32> x = tf.constant(new float[][] {{1f}, {3f}});
      Operand<TFloat32> y = BatchNorm.withAffine().apply(NetScope.root(store, train, "B"), x);
      Operand<TFloat32> yInfer = BatchNorm.withAffine().apply(NetScope.root(store, ForwardPass.of(Mode.INFER), "B"), x);
      double[] out = GraphRun.fetch(s, y);
      // mean 2, biased variance 1: (x − 2)/√(1 + 1e−5)
      assertThat(out[0]).isCloseTo(-1 / Math.sqrt(1 + 1e-5), within(1e-6));
      assertThat(out[1]).isCloseTo(1 / Math.sqrt(1 + 1e-5), within(1e-6));
      // INFER before any update: moving mean 0, var 1
      assertThat(GraphRun.fetch(s, yInfer)[1]).isCloseTo(3 / Math.sqrt(1 + 1e-5), within(1e-6));
      train.updates().forEach(s::run);
      assertThat(GraphRun.fetch(s, tf.identity(store.get("B_moving_mean").variable()))[0]).isCloseTo(0.2, within(1e-6));
      assertThat(GraphRun.fetch(s, tf.identity(store.get("B_moving_var").variable()))[0]).isCloseTo(1.0, within(1e-6));
    }
  }

  @Test
  void layerOptionsAreValidatedByNameAndWithersReturnNewValues() {
    assertThatThrownBy(() -> Conv2d.of(0, 3)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Conv2d: filters must be > 0, got 0");
    assertThatThrownBy(() -> Conv2d.of(8, -1)).hasMessage("Conv2d: kernel must be > 0, got -1");
    assertThatThrownBy(() -> Conv2d.of(8, 3).stride(0)).hasMessage("Conv2d: stride must be > 0, got 0");
    assertThatThrownBy(() -> ConvTranspose2d.of(8, 4).stride(-2)).hasMessage("ConvTranspose2d: stride must be > 0, got -2");
    assertThatThrownBy(() -> UpsampleConv2d.of(0, 3)).hasMessage("UpsampleConv2d: filters must be > 0, got 0");
    assertThatThrownBy(() -> Dense.of(0)).hasMessage("Dense: units must be > 0, got 0");
    assertThatThrownBy(() -> ClassEmbedding.of(10, 0)).hasMessage("ClassEmbedding: dim must be > 0, got 0");
    assertThatThrownBy(() -> ResidualBlock.down(0)).hasMessage("ResidualBlock.down: filters must be > 0, got 0");
    assertThatThrownBy(() -> ConditionalBatchNorm.onEmbedding(null))
        .hasMessage("ConditionalBatchNorm: embedding must not be null");

    Conv2d base = Conv2d.of(64, 3);
    Conv2d strided = base.stride(2).spectralNorm(true);
    assertThat(base.stride()).isEqualTo(1);
    assertThat(base.spectralNorm()).isFalse();
    assertThat(strided.filters()).isEqualTo(64);
    assertThat(strided.kernel()).isEqualTo(3);
    assertThat(strided.stride()).isEqualTo(2);
    assertThat(strided.spectralNorm()).isTrue();
    assertThat(BatchNorm.withAffine().affine()).isTrue();
    assertThat(BatchNorm.withoutAffine().affine()).isFalse();
    ResidualBlock.Down d = ResidualBlock.down(32);
    assertThat(d.downsample()).isTrue();
    assertThat(d.preactivation()).isTrue();
    assertThat(d.preactivation(false).preactivation()).isFalse();
    assertThat(d.preactivation()).isTrue();
    assertThat(SelfAttention.create().spectralNorm()).isFalse();
    assertThat(SelfAttention.create().spectralNorm(true).spectralNorm()).isTrue();
  }

  @Test
  void variableNamesAreFlatAndShapeConflictsAreReported() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      NetScope d = NetScope.root(store, ForwardPass.of(Mode.TRAIN), "D").child("block2").child("conv1");
      d.weight("w", Shape.of(3), Initializer.zeros());
      assertThat(store.entries()).extracting(VariableStore.Entry::name).containsExactly("D_block2_conv1_w");
      assertThatThrownBy(() -> d.weight("w", Shape.of(4), Initializer.zeros()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("variable 'D_block2_conv1_w' already exists as TRAINABLE [3], requested TRAINABLE [4]");
      assertThatThrownBy(() -> d.child("a/b"))
          .hasMessage("bad scope name 'a/b'");
    }
  }
}
