package io.gan4j.sdk.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.sdk.gan.LatentOptimisation.Method;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** LOGAN's latent step against a float64 hand computation on a linear G and a quadratic D. */
class LatentOptimisationTest {

  /** G(z) = z·W, {@code [N, 3] → [N, 2]}. */
  static final double[][] W = {{0.8, -0.3}, {0.2, 0.5}, {-0.6, 0.1}};
  /** D(x) = v·x + q/2·‖x‖², so ∂D/∂x = v + q·x. */
  static final double[] V = {0.7, -1.2};
  static final double Q = 0.4;

  /** A context whose G and D are the known functions above, at a fixed counter. */
  static LatentStep.Context context(Ops tf, long counter) {
    GanModel model = new GanModel(tf, null, 11, 0, null, null, null, null, null, null, null, null, null, null, null);
    return new LatentStep.Context() {
      @Override
      public GanModel model() {
        return model;
      }

      @Override
      public Operand<TFloat32> generate(Operand<TFloat32> z, Operand<TInt32> labels) {
        return tf.linalg.matMul(z, tf.constant(toFloat(W)));
      }

      @Override
      public Heads judge(Operand<TFloat32> x, Operand<TInt32> labels) {
        Operand<TFloat32> linear = tf.math.mul(x, tf.constant(new float[][] {{(float) V[0], (float) V[1]}}));
        Operand<TFloat32> quadratic = tf.math.mul(tf.constant((float) Q / 2), tf.math.square(x));
        return Heads.of(tf.reduceSum(tf.math.add(linear, quadratic), tf.constant(1)));
      }

      @Override
      public Operand<TInt64> counter() {
        return tf.constant(counter);
      }
    };
  }

  /** z′ of {@code step} for {@code z} at {@code counter}. */
  static float[][] moved(LatentOptimisation step, float[][] z, long counter) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> out = step.update(context(tf, counter), tf.constant(z), null);
      try (Result r = s.runner().fetch(out).run()) {
        float[] flat = new float[z.length * z[0].length];
        ((TFloat32) r.get(0)).copyTo(DataBuffers.of(flat, false, false));
        float[][] rows = new float[z.length][z[0].length];
        for (int i = 0; i < z.length; i++) {
          System.arraycopy(flat, i * z[0].length, rows[i], 0, z[0].length);
        }
        return rows;
      }
    }
  }

  /** Δz of one sample in float64: g = W·(v + q·zW), natural or plain step. */
  static double[] delta(Method method, double alpha, double beta, float[] z) {
    double[] x = new double[2];
    for (int k = 0; k < 2; k++) {
      for (int j = 0; j < 3; j++) {
        x[k] += z[j] * W[j][k];
      }
    }
    double[] g = new double[3];
    double norm2 = 0;
    for (int j = 0; j < 3; j++) {
      for (int k = 0; k < 2; k++) {
        g[j] += W[j][k] * (V[k] + Q * x[k]);
      }
      norm2 += g[j] * g[j];
    }
    double[] d = new double[3];
    for (int j = 0; j < 3; j++) {
      d[j] = method == Method.NATURAL_GRADIENT ? alpha * g[j] / (beta + norm2) : alpha * g[j];
    }
    return d;
  }

  static float[][] gaussian(int n, int dim, long seed) {
    Random r = new Random(seed);
    float[][] z = new float[n][dim];
    for (float[] row : z) {
      for (int j = 0; j < dim; j++) {
        row[j] = (float) r.nextGaussian();
      }
    }
    return z;
  }

  static float[][] toFloat(double[][] a) {
    float[][] f = new float[a.length][a[0].length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < a[0].length; j++) {
        f[i][j] = (float) a[i][j];
      }
    }
    return f;
  }

  @Test
  void everyMovedSampleTakesTheNaturalOrThePlainGradientStepOfTheHandComputation() {
    float[][] z = gaussian(6, 3, 1);
    for (Method method : Method.values()) {
      LatentOptimisation step = new LatentOptimisation(method, 0.9f, 0.1f, 1f);
      float[][] out = moved(step, z, 3);
      for (int i = 0; i < z.length; i++) {
        double[] d = delta(method, 0.9, 0.1, z[i]);
        for (int j = 0; j < 3; j++) {
          assertThat((double) out[i][j]).as("%s z′[%d][%d]", method, i, j).isCloseTo(z[i][j] + d[j], within(1e-5));
        }
      }
    }
    // The natural step's size is α‖g‖/(β + ‖g‖²) ≤ α/(2√β): bounded whatever D's scale; here not clipped (Gaussian z).
    double[] d = delta(Method.NATURAL_GRADIENT, 0.9, 0.1, z[0]);
    assertThat(Math.sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2])).isLessThanOrEqualTo(0.9 / (2 * Math.sqrt(0.1)));
  }

  @Test
  void aboutFractionOfTheSamplesMoveTheOthersAreUntouchedAndTheMaskIsAFunctionOfTheCounter() {
    int n = 20_000;
    float[][] z = gaussian(n, 3, 2);
    LatentOptimisation step = new LatentOptimisation(Method.NATURAL_GRADIENT, 0.9f, 0.1f, 0.8f);
    float[][] at5 = moved(step, z, 5);
    int movedCount = 0;
    for (int i = 0; i < n; i++) {
      boolean moved = false;
      for (int j = 0; j < 3; j++) {
        moved |= at5[i][j] != z[i][j];
      }
      if (moved) {
        movedCount++;
        double[] d = delta(Method.NATURAL_GRADIENT, 0.9, 0.1, z[i]);
        for (int j = 0; j < 3; j++) {
          assertThat((double) at5[i][j]).isCloseTo(z[i][j] + d[j], within(1e-5));
        }
      } else {
        assertThat(at5[i]).containsExactly(z[i]); // bit for bit: 0·Δz added
      }
    }
    // Bernoulli(0.8) over 20,000 samples: standard deviation 0.0028; 0.012 is over 4 of them.
    assertThat(movedCount / (double) n).isCloseTo(0.8, within(0.012));
    assertThat(moved(step, z, 5)).as("same counter, same mask").isDeepEqualTo(at5);
    float[][] at6 = moved(step, z, 6);
    int differ = 0;
    for (int i = 0; i < n; i++) {
      differ += (at6[i][0] != z[i][0]) != (at5[i][0] != z[i][0]) ? 1 : 0;
    }
    // Independent masks of the two counters disagree on 2·0.8·0.2 = 32 % of the samples.
    assertThat(differ / (double) n).isCloseTo(0.32, within(0.02));
    assertThat(moved(new LatentOptimisation(Method.GRADIENT, 0.9f, 0.1f, 0f), z, 5)).isDeepEqualTo(z);
  }

  @Test
  void badArgumentsAreNamed() {
    assertThatThrownBy(() -> new LatentOptimisation(Method.NATURAL_GRADIENT, 0f, 0.1f, 0.8f))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("LatentOptimisation.alpha must be > 0, got 0.0");
    assertThatThrownBy(() -> new LatentOptimisation(Method.NATURAL_GRADIENT, -0.5f, 0.1f, 0.8f))
        .hasMessage("LatentOptimisation.alpha must be > 0, got -0.5");
    assertThatThrownBy(() -> new LatentOptimisation(Method.NATURAL_GRADIENT, Float.NaN, 0.1f, 0.8f))
        .hasMessage("LatentOptimisation.alpha must be > 0, got NaN");
    assertThatThrownBy(() -> new LatentOptimisation(Method.NATURAL_GRADIENT, 0.9f, 0f, 0.8f))
        .hasMessage("LatentOptimisation.beta must be > 0, got 0.0");
    assertThatThrownBy(() -> new LatentOptimisation(Method.GRADIENT, 0.9f, 0.1f, 1.5f))
        .hasMessage("LatentOptimisation.fraction must be in [0, 1], got 1.5");
    assertThatThrownBy(() -> new LatentOptimisation(Method.GRADIENT, 0.9f, 0.1f, -0.1f))
        .hasMessage("LatentOptimisation.fraction must be in [0, 1], got -0.1");
    assertThatThrownBy(() -> new LatentOptimisation(Method.GRADIENT, 0.9f, 0.1f, Float.NaN))
        .hasMessage("LatentOptimisation.fraction must be in [0, 1], got NaN");
    assertThatThrownBy(() -> new LatentOptimisation(null, 0.9f, 0.1f, 0.8f))
        .hasMessage("LatentOptimisation.method is required (NATURAL_GRADIENT or GRADIENT)");
    assertThat(LatentOptimisation.defaults()).isEqualTo(new LatentOptimisation(Method.NATURAL_GRADIENT, 0.9f, 0.1f, 0.8f));
  }
}
