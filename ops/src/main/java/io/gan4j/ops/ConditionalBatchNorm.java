package io.gan4j.ops;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Class-conditional batch norm (BigGAN): batch norm without its own affine, then
 * {@code (1 + gain(e))·x̂ + bias(e)} with gain and bias linear in the class embedding e. The "1 +"
 * makes a fresh layer start as plain batch norm whatever the embedding.
 *
 * <p>Usage: {@code h = ConditionalBatchNorm.apply(scope.child("bn1"), h, embedding, true);}
 */
public final class ConditionalBatchNorm {

  private ConditionalBatchNorm() {}

  /** {@code x} is {@code [N, H, W, C]}, {@code embedding} {@code [N, E]}. */
  public static Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x, Operand<TFloat32> embedding, boolean sn) {
    Ops tf = scope.tf();
    int c = (int) x.shape().get(3);
    Operand<TFloat32> xhat = BatchNorm.apply(scope, x, false);
    Operand<TFloat32> gain = tf.reshape(Dense.apply(scope.child("gain"), embedding, c, sn), tf.constant(new int[] {-1, 1, 1, c}));
    Operand<TFloat32> bias = tf.reshape(Dense.apply(scope.child("bias"), embedding, c, sn), tf.constant(new int[] {-1, 1, 1, c}));
    return tf.math.add(tf.math.mul(xhat, tf.math.add(tf.constant(1f), gain)), bias);
  }
}
