package io.gan4j.sdk.metrics;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.SelfAdjointEig;
import org.tensorflow.types.TFloat64;

/**
 * Fréchet distance between Gaussians fitted to two feature sets, in float64:
 * {@code ‖μ1 − μ2‖² + Tr Σ1 + Tr Σ2 − 2 Tr (Σ1Σ2)^½}, covariances with N − 1. The trace of the
 * square root uses symmetric eigen decompositions: {@code Tr (Σ1Σ2)^½ = Σ √λ(Σ1^½ Σ2 Σ1^½)}, with
 * eigenvalues clamped at 0 (they are ≥ 0 in exact arithmetic). The decompositions run on
 * TensorFlow's float64 {@code SelfAdjointEigV2} (Eigen's solver), which handles Inception-sized
 * d = 2048 in seconds.
 *
 * <p>Usage: {@code double fid = Fid.between(realFeatures, fakeFeatures);}
 */
public final class Fid {

  private Fid() {}

  public static double between(double[][] a, double[][] b) {
    Moments.checkSameDimension(a, b);
    checkArgument(a.length >= 2 && b.length >= 2, "FID needs at least 2 samples per set, got %s and %s", a.length, b.length);
    Moments ma = Moments.of(a);
    Moments mb = Moments.of(b);
    double meanTerm = 0;
    for (int i = 0; i < ma.mean().length; i++) {
      double d = ma.mean()[i] - mb.mean()[i];
      meanTerm += d * d;
    }
    double trace1 = 0;
    double trace2 = 0;
    for (int i = 0; i < ma.mean().length; i++) {
      trace1 += ma.covariance()[i][i];
      trace2 += mb.covariance()[i][i];
    }
    return meanTerm + trace1 + trace2 - 2 * traceSqrtProduct(ma.covariance(), mb.covariance());
  }

  /** {@code Tr (s1·s2)^½} for symmetric positive semi-definite {@code s1}, {@code s2}. */
  static double traceSqrtProduct(double[][] s1, double[][] s2) {
    int d = s1.length;
    try (Graph g = new Graph(); Session session = new Session(g);
        TFloat64 t1 = TFloat64.tensorOf(Shape.of(d, d), DataBuffers.of(flatten(s1), true, false));
        TFloat64 t2 = TFloat64.tensorOf(Shape.of(d, d), DataBuffers.of(flatten(s2), true, false))) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat64> p1 = tf.placeholder(TFloat64.class);
      Placeholder<TFloat64> p2 = tf.placeholder(TFloat64.class);
      SelfAdjointEig<TFloat64> eig1 = tf.linalg.selfAdjointEig(p1, SelfAdjointEig.computeV(true));
      Operand<TFloat64> zero = tf.constant(0.0);
      Operand<TFloat64> v = eig1.v();
      // Σ1^½ = V diag(√max(λ, 0)) Vᵀ
      Operand<TFloat64> root = tf.linalg.matMul(tf.math.mul(v, tf.math.sqrt(tf.math.maximum(eig1.e(), zero))), v,
          org.tensorflow.op.linalg.MatMul.transposeB(true));
      Operand<TFloat64> inner = tf.linalg.matMul(tf.linalg.matMul(root, p2), root);
      // Exact symmetry for the solver: (M + Mᵀ) / 2
      inner = tf.math.mul(tf.math.add(inner, tf.linalg.transpose(inner, tf.constant(new int[] {1, 0}))), tf.constant(0.5));
      Operand<TFloat64> values = tf.linalg.selfAdjointEig(inner, SelfAdjointEig.computeV(false)).e();
      Operand<TFloat64> trace = tf.reduceSum(tf.math.sqrt(tf.math.maximum(values, zero)), tf.constant(0));
      try (Result r = session.runner().feed(p1, t1).feed(p2, t2).fetch(trace).run()) {
        return ((TFloat64) r.get(0)).getDouble();
      }
    }
  }

  private static double[] flatten(double[][] m) {
    int d = m.length;
    double[] out = new double[d * d];
    for (int i = 0; i < d; i++) {
      System.arraycopy(m[i], 0, out, i * d, d);
    }
    return out;
  }
}
