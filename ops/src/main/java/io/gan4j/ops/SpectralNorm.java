package io.gan4j.ops;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;

/**
 * Spectral normalisation (Miyato et al. 2018): {@code W / σ(W)} with σ estimated by one power
 * iteration per forward pass on the kernel reshaped to {@code [kh·kw·cin, cout]}. The iteration
 * vector {@code u} is a persistent, non-trainable variable {@code <weight>_sn_u}; the iteration
 * runs inside {@code stopGradient}, and {@code u} is written back only in TRAIN mode.
 *
 * <p>Usage: {@code Operand<TFloat32> wSn = SpectralNorm.apply(scope, "w", w).weight();}
 */
public final class SpectralNorm {

  /** The default ε in {@code x / (‖x‖ + ε)}. */
  public static final float DEFAULT_EPSILON = 1e-6f;

  /** Suffix of the power-iteration vector of a weight: {@code <weight>_sn_u}. */
  public static final String U_SUFFIX = "_sn_u";

  /** The normalised weight and the σ it was divided by. */
  public record Normalized(Operand<TFloat32> weight, Operand<TFloat32> sigma) {}

  /** One power iteration's σ and its new {@code u} (both outside the gradient in {@code W}'s direction as described). */
  public record PowerIteration(Operand<TFloat32> sigma, Operand<TFloat32> u) {}

  private SpectralNorm() {}

  public static Normalized apply(NetScope scope, String weightName, Operand<TFloat32> w) {
    return apply(scope, weightName, w, DEFAULT_EPSILON);
  }

  public static Normalized apply(NetScope scope, String weightName, Operand<TFloat32> w, float epsilon) {
    Ops tf = scope.tf();
    Shape shape = w.shape();
    long cout = shape.get(shape.numDimensions() - 1);
    String uName = weightName + U_SUFFIX;
    Operand<TFloat32> u = scope.state(uName, Shape.of(1, cout), Initializer.normal(1f));
    PowerIteration it = powerIteration(tf, w, u, epsilon);
    if (scope.mode() == Mode.TRAIN) {
      scope.addUpdate(scope.stateWrites().assign(scope.stateVariable(uName), it.u()));
    }
    return new Normalized(tf.math.div(w, it.sigma()), it.sigma());
  }

  /**
   * One power iteration on {@code w} as {@code [kh·kw·cin, cout]} from {@code u [1, cout]}:
   * {@code v = uWᵀ/‖uWᵀ‖}, {@code u' = vW/‖vW‖}, {@code σ = vWu'ᵀ}, with v and u' outside the gradient
   * so σ is differentiable in W only. The one implementation: training, inference and the
   * SavedModel export (which divides the exported kernels by it) all call this.
   */
  public static PowerIteration powerIteration(Ops tf, Operand<TFloat32> w, Operand<TFloat32> u, float epsilon) {
    Shape shape = w.shape();
    long cout = shape.get(shape.numDimensions() - 1);
    Operand<TFloat32> matrix = tf.reshape(w, tf.constant(new long[] {-1, cout}));
    Operand<TFloat32> v = l2Normalize(tf, tf.linalg.matMul(u, matrix, org.tensorflow.op.linalg.MatMul.transposeB(true)), epsilon);
    Operand<TFloat32> uNew = l2Normalize(tf, tf.linalg.matMul(v, matrix), epsilon);
    v = tf.stopGradient(v);
    uNew = tf.stopGradient(uNew);
    Operand<TFloat32> wv = tf.linalg.matMul(v, matrix); // [1, cout]
    Operand<TFloat32> sigma = tf.reduceSum(tf.math.mul(wv, uNew), tf.constant(new int[] {0, 1}));
    return new PowerIteration(sigma, uNew);
  }

  static Operand<TFloat32> l2Normalize(Ops tf, Operand<TFloat32> x, float epsilon) {
    Operand<TFloat32> norm =
        tf.math.sqrt(tf.reduceSum(tf.math.square(x), tf.constant(new int[] {0, 1}), ReduceSum.keepDims(true)));
    return tf.math.div(x, tf.math.add(norm, tf.constant(epsilon)));
  }
}
