package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Fully connected layer {@code x·W + b}, optionally spectrally normalised.
 *
 * <p>Usage: {@code Operand<TFloat32> logits = Dense.apply(scope.child("out"), h, 1, true);}
 */
public final class Dense {

  private Dense() {}

  public static Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x, int units, boolean spectralNorm) {
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
}
