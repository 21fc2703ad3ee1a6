package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class InstanceNormTest {

  @Test
  void normalisesEverySampleAndChannelByItsOwnSpatialStatistics() {
    int n = 2, h = 3, w = 4, c = 3;
    float[][][][] x = new float[n][h][w][c];
    Random rnd = new Random(5);
    for (float[][][] a : x) for (float[][] b : a) for (float[] d : b) for (int k = 0; k < c; k++) d[k] = (float) (rnd.nextGaussian() * (k + 1) + k);
    x[1][0][0][2] = 40f; // an outlier in one sample's channel must not move the other sample's
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      double[] y = GraphRun.fetch(s, InstanceNorm.apply(tf, tf.constant(x)));
      // Float64 by the formula: y = (x − μ[n,c]) / √(σ²[n,c] + 1e-5), σ² biased, over (h, w).
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < c; k++) {
          double mean = 0, var = 0;
          for (float[][] row : x[i]) for (float[] px : row) mean += px[k];
          mean /= h * w;
          for (float[][] row : x[i]) for (float[] px : row) var += (px[k] - mean) * (px[k] - mean);
          var /= h * w;
          for (int yy = 0; yy < h; yy++) {
            for (int xx = 0; xx < w; xx++) {
              double expected = (x[i][yy][xx][k] - mean) / Math.sqrt(var + 1e-5);
              assertThat(y[((i * h + yy) * w + xx) * c + k]).isCloseTo(expected, within(2e-6));
            }
          }
        }
      }
    }
  }

  @Test
  void reflectionPadMirrorsWithoutRepeatingTheEdgeAndHasAGradient() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      // One 3×3 image 1..9: padded by 1, row −1 is row 1 (4 5 6) and column −1 is column 1.
      Operand<TFloat32> x = tf.constant(new float[][][][] {{{{1}, {2}, {3}}, {{4}, {5}, {6}}, {{7}, {8}, {9}}}});
      Operand<TFloat32> p = ReflectionPad.apply(tf, x, 1);
      assertThat(p.shape().asArray()).containsExactly(1, 5, 5, 1);
      double[] v = GraphRun.fetch(s, p);
      assertThat(v).startsWith(5, 4, 5, 6, 5, 2, 1, 2, 3, 2);
      // d Σ pad(x) / dx counts how often each pixel appears: the centre is row and column 1, which both
      // reflect, so 3 × 3 = 9 times; edge midpoints 3, corners (never reflected) once.
      Operand<TFloat32> grad = AutoDiff.gradients(tf, tf.reduceSum(p, tf.constant(new int[] {0, 1, 2, 3})), List.of(x)).get(0);
      assertThat(GraphRun.fetch(s, grad)).containsExactly(1, 3, 1, 3, 9, 3, 1, 3, 1);
    }
  }
}
