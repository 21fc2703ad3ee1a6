package io.gan4j.ops;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Creates the initial value of a variable. Randomness is stateless and keyed by a per-variable
 * seed, so the same (seed, name) always starts from the same weights.
 *
 * <p>Usage: {@code scope.weight("w", Shape.of(128, 10), Initializer.normal(0.02f))}
 */
@FunctionalInterface
public interface Initializer {

  Operand<TFloat32> create(Ops tf, Shape shape, long seed);

  /** N(0, std²): the DCGAN initialisation. */
  static Initializer normal(float std) {
    return (tf, shape, seed) ->
        tf.math.mul(
            tf.random.statelessRandomNormal(tf.constant(shape), seedPair(tf, seed)),
            tf.constant(std));
  }

  /** Glorot/Xavier uniform; fan-in and fan-out from the last two dims times the receptive field. */
  static Initializer glorotUniform() {
    return (tf, shape, seed) -> {
      long receptive = 1;
      for (int i = 0; i < shape.numDimensions() - 2; i++) {
        receptive *= shape.get(i);
      }
      long fanIn = shape.numDimensions() >= 2 ? shape.get(shape.numDimensions() - 2) * receptive : shape.get(0);
      long fanOut = shape.get(shape.numDimensions() - 1) * receptive;
      float limit = (float) Math.sqrt(6.0 / (fanIn + fanOut));
      Operand<TFloat32> u01 = tf.random.statelessRandomUniform(tf.constant(shape), seedPair(tf, seed));
      return tf.math.mul(tf.math.sub(tf.math.mul(u01, tf.constant(2f)), tf.constant(1f)), tf.constant(limit));
    };
  }

  static Initializer constant(float value) {
    return (tf, shape, seed) -> tf.fill(tf.constant(shape), tf.constant(value));
  }

  static Initializer zeros() {
    return constant(0f);
  }

  static Initializer ones() {
    return constant(1f);
  }

  private static Operand<org.tensorflow.types.TInt64> seedPair(Ops tf, long seed) {
    return tf.constant(new long[] {seed, 0x6a09e667L});
  }
}
