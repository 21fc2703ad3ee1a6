package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A learned vector per class, looked up as {@code oneHot(y)·E} (a matmul, so gradients and spectral
 * norm work as for a dense layer; class counts are small). Used as the shared class embedding of a
 * conditional G and as the projection of a projection discriminator. An immutable layer value:
 * {@link #of} takes the class count and the embedding dimension, no spectral norm unless told
 * otherwise.
 *
 * <p>Usage: {@code Operand<TFloat32> e = ClassEmbedding.of(10, 128).spectralNorm(true).apply(scope.child("embed"), labels);}
 */
public final class ClassEmbedding {

  private final int classes;
  private final int dim;
  private final boolean spectralNorm;

  private ClassEmbedding(int classes, int dim, boolean spectralNorm) {
    this.classes = classes;
    this.dim = dim;
    this.spectralNorm = spectralNorm;
  }

  /** A {@code [classes, dim]} table, no spectral norm. */
  public static ClassEmbedding of(int classes, int dim) {
    checkArgument(classes > 0, "ClassEmbedding: classes must be > 0, got %s", classes);
    checkArgument(dim > 0, "ClassEmbedding: dim must be > 0, got %s", dim);
    return new ClassEmbedding(classes, dim, false);
  }

  /** The same embedding with its table spectrally normalised ({@link SpectralNorm}) or not. */
  public ClassEmbedding spectralNorm(boolean spectralNorm) {
    return new ClassEmbedding(classes, dim, spectralNorm);
  }

  public int classes() {
    return classes;
  }

  public int dim() {
    return dim;
  }

  public boolean spectralNorm() {
    return spectralNorm;
  }

  /** {@code [N, dim]} rows of the {@code [classes, dim]} table (variable {@code w}) for int32 labels {@code [N]}. */
  public Operand<TFloat32> apply(NetScope scope, Operand<TInt32> labels) {
    Ops tf = scope.tf();
    Operand<TFloat32> table = scope.weight("w", Shape.of(classes, dim), scope.weightInit());
    if (spectralNorm) {
      table = SpectralNorm.apply(scope, "w", table).weight();
    }
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant(classes), tf.constant(1f), tf.constant(0f));
    return tf.linalg.matMul(oneHot, table);
  }

  @Override
  public String toString() {
    return "ClassEmbedding{classes=" + classes + ", dim=" + dim + ", spectralNorm=" + spectralNorm + "}";
  }
}
