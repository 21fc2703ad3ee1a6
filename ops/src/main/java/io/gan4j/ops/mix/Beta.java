package io.gan4j.ops.mix;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.StatelessRandomGetKeyCounter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/** Stateless Beta(α, α) samples as {@code G1 / (G1 + G2)} of two Gamma(α) draws. */
final class Beta {

  private Beta() {}

  static Operand<TFloat32> sample(Ops tf, Operand<TInt64> key, int n, float alpha) {
    checkArgument(alpha > 0, "the Beta parameter alpha must be > 0, got %s", alpha);
    Operand<TFloat32> g1 = gamma(tf, key, 1, n, alpha);
    Operand<TFloat32> g2 = gamma(tf, key, 2, n, alpha);
    return tf.math.div(g1, tf.math.add(g1, g2));
  }

  private static Operand<TFloat32> gamma(Ops tf, Operand<TInt64> key, long stream, int n, float alpha) {
    Operand<TInt64> seed = tf.math.add(key, tf.constant(new long[] {0, stream * 1_000_003L}));
    StatelessRandomGetKeyCounter kc = tf.random.statelessRandomGetKeyCounter(seed);
    return tf.random.statelessRandomGamma(tf.constant(new int[] {n}), kc.key(), kc.counter(),
        tf.random.statelessRandomGetAlg().alg(), tf.constant(alpha));
  }

  static Operand<TFloat32> uniform(Ops tf, Operand<TInt64> key, long stream, int n) {
    return tf.random.statelessRandomUniform(tf.constant(new int[] {n}),
        tf.math.add(key, tf.constant(new long[] {0, stream * 1_000_003L})));
  }
}
