package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.StdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Ghost batch norm against a float64 computation by hand: a batch of 8 rows × 2 positions × 3
 * channels made of 2 parts of 4 rows, in 2 groups, so group 0 is rows {0, 1, 4, 5} and group 1 rows
 * {2, 3, 6, 7} (what two replicas judging [real slice; generated slice] each normalise).
 */
class GhostBatchNormTest {

  static final int ROWS = 8;
  static final int POSITIONS = 2;
  static final int CHANNELS = 3;

  static float[][][] input() {
    Random rnd = new Random(3);
    float[][][] x = new float[ROWS][POSITIONS][CHANNELS];
    for (int i = 0; i < ROWS; i++) {
      for (int p = 0; p < POSITIONS; p++) {
        for (int c = 0; c < CHANNELS; c++) {
          // Groups with different scales and offsets, so group and whole-batch statistics differ a lot.
          x[i][p][c] = (float) (rnd.nextGaussian() * (1 + (i / 2) % 2 * 3) + c + (i / 2) % 2 * 5);
        }
      }
    }
    return x;
  }

  static int group(int row) {
    return (row / 2) % 2;
  }

  @Test
  void eachGroupIsNormalisedWithItsOwnStatisticsAndGroupZeroIsKept() {
    float[][][] x = input();
    double[][] mean = new double[2][CHANNELS];
    double[][] var = new double[2][CHANNELS];
    for (int g = 0; g < 2; g++) {
      for (int c = 0; c < CHANNELS; c++) {
        int n = 0;
        for (int i = 0; i < ROWS; i++) {
          for (int p = 0; p < POSITIONS && group(i) == g; p++) {
            mean[g][c] += x[i][p][c];
            n++;
          }
        }
        mean[g][c] /= n;
        for (int i = 0; i < ROWS; i++) {
          for (int p = 0; p < POSITIONS && group(i) == g; p++) {
            var[g][c] += (x[i][p][c] - mean[g][c]) * (x[i][p][c] - mean[g][c]) / n;
          }
        }
      }
    }
    try (Graph graph = new Graph(); Session s = new Session(graph); TFloat32 in = TFloat32.tensorOf(StdArrays.ndCopyOf(x))) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      ForwardPass pass = ForwardPass.of(Mode.TRAIN).withGhostBatch(GhostBatch.groups(2).ofParts(2));
      Operand<TFloat32> y = BatchNorm.withAffine().apply(NetScope.root(store, pass, "G").child("bn"), tf.constant(in));
      assertThat(y.shape()).isEqualTo(Shape.of(ROWS, POSITIONS, CHANNELS));
      double[] got = GraphRun.fetch(s, y);
      double worst = 0;
      for (int i = 0; i < ROWS; i++) {
        for (int p = 0; p < POSITIONS; p++) {
          for (int c = 0; c < CHANNELS; c++) {
            int g = group(i);
            double want = (x[i][p][c] - mean[g][c]) / Math.sqrt(var[g][c] + BatchNorm.EPSILON);
            worst = Math.max(worst, Math.abs(got[(i * POSITIONS + p) * CHANNELS + c] - want));
          }
        }
      }
      assertThat(worst).isLessThan(1e-5);

      var run = s.runner();
      pass.updates().forEach(run::addTarget);
      run.run().close();
      double[] movingMean = GraphRun.fetch(s, store.get("G_bn_moving_mean").variable());
      double[] movingVar = GraphRun.fetch(s, store.get("G_bn_moving_var").variable());
      for (int c = 0; c < CHANNELS; c++) {
        assertThat(movingMean[c]).isCloseTo((1 - BatchNorm.MOMENTUM) * mean[0][c], within(1e-5));
        assertThat(movingVar[c]).isCloseTo(BatchNorm.MOMENTUM + (1 - BatchNorm.MOMENTUM) * var[0][c], within(1e-5));
      }
      // The groups do differ: group 1's mean is ~5 above group 0's, so whole-batch statistics would not fit.
      assertThat(mean[1][0] - mean[0][0]).isGreaterThan(2);
    }
  }

  @Test
  void oneGroupIsOrdinaryBatchNorm() {
    float[][][] x = input();
    try (Graph graph = new Graph(); Session s = new Session(graph); TFloat32 in = TFloat32.tensorOf(StdArrays.ndCopyOf(x))) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      ForwardPass plain = ForwardPass.of(Mode.TRAIN);
      assertThat(plain.withGhostBatch(GhostBatch.NONE)).isSameAs(plain);
      double[] a = GraphRun.fetch(s, BatchNorm.withoutAffine().apply(NetScope.root(store, plain, "A"), tf.constant(in)));
      ForwardPass oneGroup = ForwardPass.of(Mode.TRAIN).withGhostBatch(GhostBatch.groups(1).ofParts(2));
      double[] b = GraphRun.fetch(s, BatchNorm.withoutAffine().apply(NetScope.root(store, oneGroup, "B"), tf.constant(in)));
      for (int i = 0; i < a.length; i++) {
        assertThat(b[i]).isCloseTo(a[i], within(1e-6));
      }
    }
  }

  @Test
  void rowsThatDoNotSplitIntoEqualGroupsAreRefused() {
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      ForwardPass pass = ForwardPass.of(Mode.TRAIN).withGhostBatch(GhostBatch.groups(3));
      assertThatThrownBy(() -> BatchNorm.withAffine().apply(NetScope.root(store, pass, "G"),
          tf.zeros(tf.constant(new int[] {8, 2}), TFloat32.class)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ghost batch norm: 8 rows do not split into 1 part(s) of 3 equal groups");
      assertThatThrownBy(() -> GhostBatch.groups(0)).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
