package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.RawCustomGradient;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.math.RsqrtGrad;
import org.tensorflow.op.math.SigmoidGrad;
import org.tensorflow.op.math.SoftplusGrad;
import org.tensorflow.op.math.SqrtGrad;
import org.tensorflow.op.math.TanhGrad;
import org.tensorflow.op.nn.AvgPoolGrad;
import org.tensorflow.op.nn.ReluGrad;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TNumber;

/**
 * Graph differentiation, and the one place that registers the gradients TensorFlow's C++ registry
 * lacks. The registrations are second-order gradients (the gradient of a gradient op), which
 * penalties such as WGAN-GP and R1 need through ReLU, tanh, sigmoid, softplus, sqrt/rsqrt (norms,
 * batch norm) and average pooling. Measured on TF Java 1.1.0: every first-order gradient gan4j's
 * layers use exists; these seven second-order ones do not.
 *
 * <p>TensorFlow Java 1.0/1.1 crash natively when an 11th custom gradient is used, and a
 * registration is process-global and cannot be replaced, so this list must stay at most 10 long.
 *
 * <p>Usage: {@code List<Operand<TFloat32>> g = AutoDiff.gradients(tf, loss, weights);}
 */
public final class AutoDiff {

  /** TF Java's hard limit is 10; we keep this many at most. */
  public static final int MAX_REGISTRATIONS = 10;

  /** Op types whose gradient gan4j registers (when TensorFlow does not already have one). */
  public static final List<String> REGISTERED_OP_TYPES =
      List.of("ReluGrad", "TanhGrad", "SigmoidGrad", "SoftplusGrad", "RsqrtGrad", "SqrtGrad", "AvgPoolGrad");

  private static boolean registered;

  private AutoDiff() {}

  /**
   * d{@code y}/d{@code xs} for a scalar {@code y}. The seed is an explicit 1 because the default
   * seed, {@code OnesLike}, has no gradient and breaks second-order use.
   */
  @SuppressWarnings("unchecked")
  public static List<Operand<TFloat32>> gradients(
      Ops tf, Operand<TFloat32> y, List<? extends Operand<TFloat32>> xs) {
    checkArgument(y.shape().numDimensions() == 0, "gradients need a scalar y, got shape %s", y.shape());
    checkArgument(!xs.isEmpty(), "gradients need at least one x");
    ensureRegistered();
    Gradients grads = tf.gradients(y, xs, Gradients.dx(List.of(tf.constant(1f))));
    List<Operand<TFloat32>> out = new ArrayList<>(xs.size());
    for (int i = 0; i < xs.size(); i++) {
      out.add((Operand<TFloat32>) (Operand<?>) grads.dy(i));
    }
    return ImmutableList.copyOf(out);
  }

  /** Registers the missing gradients once per process; later calls do nothing. */
  public static synchronized void ensureRegistered() {
    if (registered) {
      return;
    }
    register("ReluGrad", (tf, raw, g) -> {
      var op = new ReluGrad.Inputs<>(raw);
      Operand<TNumber> dd = cast(g.get(0));
      // d/d(gradients) = ReluGrad(dd, features); ReLU's second derivative is zero.
      return List.of(tf.nn.reluGrad(dd, cast(op.features)), tf.zerosLike(op.features));
    });
    register("TanhGrad", (tf, raw, g) -> {
      var op = new TanhGrad.Inputs<>(raw);
      Operand<TNumber> dd = cast(g.get(0));
      Operand<TNumber> y = cast(op.y);
      Operand<TNumber> dy = cast(op.dy);
      // TanhGrad(y, dy) = dy·(1 − y²): d/dy = dd·dy·(−2y), d/d(dy) = dd·(1 − y²).
      Operand<TNumber> dYgrad = tf.math.mul(tf.math.mul(dd, dy), tf.math.mul(y, like(tf, -2, y)));
      return List.of(dYgrad, tf.math.tanhGrad(y, dd));
    });
    register("SigmoidGrad", (tf, raw, g) -> {
      var op = new SigmoidGrad.Inputs<>(raw);
      Operand<TNumber> dd = cast(g.get(0));
      Operand<TNumber> y = cast(op.y);
      Operand<TNumber> dy = cast(op.dy);
      // SigmoidGrad(y, dy) = dy·y·(1 − y): d/dy = dd·dy·(1 − 2y), d/d(dy) = dd·y·(1 − y).
      Operand<TNumber> oneMinus2y = tf.math.sub(like(tf, 1, y), tf.math.mul(like(tf, 2, y), y));
      return List.of(tf.math.mul(tf.math.mul(dd, dy), oneMinus2y), tf.math.sigmoidGrad(y, dd));
    });
    register("SoftplusGrad", (tf, raw, g) -> {
      var op = new SoftplusGrad.Inputs<>(raw);
      Operand<TNumber> dd = cast(g.get(0));
      Operand<TNumber> grads = cast(op.gradients);
      Operand<TNumber> x = cast(op.features);
      // SoftplusGrad(g, x) = g·σ(x): d/dg = dd·σ(x), d/dx = dd·g·σ(x)·(1 − σ(x)).
      Operand<TNumber> s = tf.math.sigmoid(x);
      Operand<TNumber> ds = tf.math.mul(s, tf.math.sub(like(tf, 1, s), s));
      return List.of(tf.math.mul(dd, s), tf.math.mul(tf.math.mul(dd, grads), ds));
    });
    register("RsqrtGrad", (tf, raw, g) -> {
      var op = new RsqrtGrad.Inputs<>(raw);
      Operand<TNumber> dd = cast(g.get(0));
      Operand<TNumber> y = cast(op.y);
      Operand<TNumber> dy = cast(op.dy);
      // RsqrtGrad(y, dy) = −½·dy·y³: d/dy = dd·dy·(−3/2)·y², d/d(dy) = −½·dd·y³.
      Operand<TNumber> dYgrad = tf.math.mul(tf.math.mul(dd, dy), tf.math.mul(like(tf, -1.5, y), tf.math.square(y)));
      return List.of(dYgrad, tf.math.rsqrtGrad(y, dd));
    });
    register("SqrtGrad", (tf, raw, g) -> {
      var op = new SqrtGrad.Inputs<>(raw);
      Operand<TNumber> dd = cast(g.get(0));
      Operand<TNumber> y = cast(op.y);
      Operand<TNumber> dy = cast(op.dy);
      // SqrtGrad(y, dy) = ½·dy / y: d/dy = −½·dd·dy / y², d/d(dy) = ½·dd / y.
      Operand<TNumber> dYgrad =
          tf.math.div(tf.math.mul(tf.math.mul(dd, dy), like(tf, -0.5, y)), tf.math.square(y));
      return List.of(dYgrad, tf.math.sqrtGrad(y, dd));
    });
    register("AvgPoolGrad", (tf, raw, g) -> {
      var op = new AvgPoolGrad.Inputs<>(raw);
      Operand<TNumber> dd = cast(g.get(0));
      // AvgPoolGrad is linear in its gradient input; its adjoint is AvgPool itself.
      List<Long> ksize = asList(op.ksize);
      List<Long> strides = asList(op.strides);
      return List.of(
          tf.zerosLike(op.origInputShape),
          tf.nn.avgPool(dd, ksize, strides, op.padding, org.tensorflow.op.nn.AvgPool.dataFormat(op.dataFormat)));
    });
    registered = true;
  }

  private static void register(String opType, RawCustomGradient gradient) {
    // Returns false (and registers nothing) where TensorFlow already has a gradient: a newer
    // TensorFlow's official one always wins.
    TensorFlow.registerCustomGradient(opType, gradient);
  }

  @SuppressWarnings("unchecked")
  private static Operand<TNumber> cast(Operand<?> x) {
    return (Operand<TNumber>) x;
  }

  private static Operand<TNumber> like(Ops tf, double value, Operand<TNumber> ref) {
    return tf.dtypes.cast(tf.constant(value), ref.type());
  }

  private static List<Long> asList(long[] values) {
    List<Long> out = new ArrayList<>(values.length);
    for (long v : values) {
      out.add(v);
    }
    return out;
  }
}
