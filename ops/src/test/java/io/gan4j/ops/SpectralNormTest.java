package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class SpectralNormTest {

  @Test
  void sigmaAfterTwentyPowerIterationsMatchesFloat64LargestSingularValue() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 7);
      NetScope train = NetScope.root(store, ForwardPass.of(Mode.TRAIN), "D");
      Operand<TFloat32> w = train.weight("w", Shape.of(3, 3, 4, 8), Initializer.normal(0.5f));
      SpectralNorm.Normalized sn = SpectralNorm.apply(train, "w", w);
      ForwardPass trainPass = ForwardPass.of(Mode.TRAIN);
      NetScope t2 = NetScope.root(store, trainPass, "D");
      SpectralNorm.Normalized snTrain = SpectralNorm.apply(t2, "w", t2.weight("w", Shape.of(3, 3, 4, 8), Initializer.normal(0.5f)));
      Op update = trainPass.updates().get(0);

      double[] kernel = GraphRun.fetch(s, w);
      double[][] m = new double[36][8];
      for (int i = 0; i < kernel.length; i++) {
        m[i / 8][i % 8] = kernel[i];
      }
      double sigmaTrue = new SingularValueDecomposition(new Array2DRowRealMatrix(m)).getSingularValues()[0];

      double first = GraphRun.fetch(s, snTrain.sigma())[0];
      for (int i = 0; i < 20; i++) {
        s.runner().addTarget(update).run();
      }
      double sigma = GraphRun.fetch(s, sn.sigma())[0];
      assertThat(Math.abs(first - sigmaTrue) / sigmaTrue).as("a random u is not converged").isGreaterThan(0.01);
      assertThat(sigma).isCloseTo(sigmaTrue, within(0.01 * sigmaTrue));

      // The normalised kernel has spectral norm 1.
      double[] normalized = GraphRun.fetch(s, sn.weight());
      double[][] n = new double[36][8];
      for (int i = 0; i < normalized.length; i++) {
        n[i / 8][i % 8] = normalized[i];
      }
      assertThat(new SingularValueDecomposition(new Array2DRowRealMatrix(n)).getSingularValues()[0])
          .isCloseTo(1.0, within(0.01));
    }
  }

  @Test
  void inferModeNeverWritesU() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 3);
      ForwardPass infer = ForwardPass.of(Mode.INFER);
      NetScope scope = NetScope.root(store, infer, "G");
      Operand<TFloat32> y = Dense.of(5).spectralNorm(true).apply(scope, tf.constant(new float[][] {{1, 2, 3}}));
      assertThat(infer.updates()).isEmpty();
      Operand<TFloat32> u = tf.identity(store.get("G_w_sn_u").variable());
      double[] before = GraphRun.fetch(s, u);
      for (int i = 0; i < 5; i++) {
        GraphRun.fetch(s, y);
      }
      assertThat(GraphRun.fetch(s, u)).containsExactly(before);

      ForwardPass trainPass = ForwardPass.of(Mode.TRAIN);
      Dense.of(5).spectralNorm(true).apply(NetScope.root(store, trainPass, "G"), tf.constant(new float[][] {{1, 2, 3}}));
      assertThat(trainPass.updates()).hasSize(1);
      s.runner().addTarget(trainPass.updates().get(0)).run();
      assertThat(GraphRun.fetch(s, u)).isNotEqualTo(before);
    }
  }
}
