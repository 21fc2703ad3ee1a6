package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Fully connected layer {@code x·W + b}, optionally spectrally normalised. An immutable layer value:
 * {@link #of} takes the unit count, no spectral norm unless told otherwise.
 *
 * <p>Usage: {@code Operand<TFloat32> logits = Dense.of(1).spectralNorm(true).apply(scope.child("out"), h);}
 */
public final class Dense {

  private final int units;
  private final boolean spectralNorm;

  private Dense(int units, boolean spectralNorm) {
    this.units = units;
    this.spectralNorm = spectralNorm;
  }

  /** A dense layer to {@code units} outputs, no spectral norm. */
  public static Dense of(int units) {
    checkArgument(units > 0, "Dense: units must be > 0, got %s", units);
    return new Dense(units, false);
  }

  /** The same layer with {@code W} spectrally normalised ({@link SpectralNorm}) or not. */
  public Dense spectralNorm(boolean spectralNorm) {
    return new Dense(units, spectralNorm);
  }

  public int units() {
    return units;
  }

  public boolean spectralNorm() {
    return spectralNorm;
  }

  /** {@code [N, features]} with known features to {@code [N, units]}; variables {@code w}, {@code b}. */
  public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
    Ops tf = scope.tf();
    checkArgument(
        x.shape().numDimensions() == 2 && x.shape().get(1) > 0,
        "%s: dense input must be [N, features] with known features, got %s",
        scope.name(),
        x.shape());
    long in = x.shape().get(1);
    Operand<TFloat32> w = scope.weight("w", Shape.of(in, units), scope.weightInit());
    if (spectralNorm) {
      w = SpectralNorm.apply(scope, "w", w).weight();
    }
    Operand<TFloat32> b = scope.weight("b", Shape.of(units), Initializer.zeros());
    return tf.nn.biasAdd(tf.linalg.matMul(x, w), b);
  }

  @Override
  public String toString() {
    return "Dense{units=" + units + ", spectralNorm=" + spectralNorm + "}";
  }
}
