package io.gan4j.ops;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A learned vector per class, looked up as {@code oneHot(y)·E} (a matmul, so gradients and spectral
 * norm work as for a dense layer; class counts are small). Used as the shared class embedding of a
 * conditional G and as the projection of a projection discriminator.
 *
 * <p>Usage: {@code Operand<TFloat32> e = ClassEmbedding.apply(scope.child("embed"), labels, 10, 128, true);}
 */
public final class ClassEmbedding {

  private ClassEmbedding() {}

  /** {@code [N, dim]} rows of the {@code [classes, dim]} table for int32 labels {@code [N]}. */
  public static Operand<TFloat32> apply(NetScope scope, Operand<TInt32> labels, int classes, int dim, boolean spectralNorm) {
    Ops tf = scope.tf();
    Operand<TFloat32> table = scope.weight("w", Shape.of(classes, dim), scope.weightInit());
    if (spectralNorm) {
      table = SpectralNorm.apply(scope, "w", table).weight();
    }
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    return tf.linalg.matMul(oneHot, table);
  }
}
