package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * 2-D convolution over NHWC input with SAME padding, a bias and optional spectral norm.
 *
 * <p>Usage: {@code h = Conv2d.apply(scope.child("conv1"), x, 64, 3, 1, true);}
 */
public final class Conv2d {

  private Conv2d() {}

  public static Operand<TFloat32> apply(
      NetScope scope, Operand<TFloat32> x, int filters, int kernel, int stride, boolean spectralNorm) {
    Ops tf = scope.tf();
    checkArgument(
        x.shape().numDimensions() == 4 && x.shape().get(3) > 0,
        "%s: conv2d input must be [N, H, W, C] with known C, got %s",
        scope.name(),
        x.shape());
    long cin = x.shape().get(3);
    Operand<TFloat32> w = scope.weight("w", Shape.of(kernel, kernel, cin, filters), scope.weightInit());
    if (spectralNorm) {
      w = SpectralNorm.apply(scope, "w", w).weight();
    }
    Operand<TFloat32> b = scope.weight("b", Shape.of(filters), Initializer.zeros());
    long s = stride;
    return tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, s, s, 1L), "SAME"), b);
  }
}
