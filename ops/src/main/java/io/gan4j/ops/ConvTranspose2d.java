package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Transposed convolution ("deconvolution") with SAME padding: output {@code [N, H·s, W·s, filters]}
 * for any batch size. The kernel is stored {@code [k, k, filters, cin]} as TensorFlow expects.
 *
 * <p>Usage: {@code h = ConvTranspose2d.apply(scope.child("up1"), h, 256, 4, 2, false);}
 */
public final class ConvTranspose2d {

  private ConvTranspose2d() {}

  public static Operand<TFloat32> apply(
      NetScope scope, Operand<TFloat32> x, int filters, int kernel, int stride, boolean spectralNorm) {
    Ops tf = scope.tf();
    Shape in = x.shape();
    checkArgument(
        in.numDimensions() == 4 && in.get(1) > 0 && in.get(2) > 0 && in.get(3) > 0,
        "%s: transposed conv input must be [N, H, W, C] with known H, W, C, got %s",
        scope.name(),
        in);
    Operand<TFloat32> w = scope.weight("w", Shape.of(kernel, kernel, filters, in.get(3)), scope.weightInit());
    if (spectralNorm) {
      // σ of the [k·k·filters, cin] reshape: the map's adjoint has the same singular values.
      w = SpectralNorm.apply(scope, "w", w).weight();
    }
    Operand<TFloat32> b = scope.weight("b", Shape.of(filters), Initializer.zeros());
    Operand<TInt32> outShape =
        tf.concat(
            List.of(
                tf.slice(tf.shape(x), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
                tf.constant(new int[] {(int) in.get(1) * stride, (int) in.get(2) * stride, filters})),
            tf.constant(0));
    long s = stride;
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(outShape, w, x, List.of(1L, s, s, 1L), "SAME");
    // conv2dBackpropInput loses the static shape; restore it so later layers can size their kernels
    // (Reshape, not EnsureShape: EnsureShape has no registered gradient).
    y = tf.reshape(y, tf.constant(new long[] {-1, in.get(1) * stride, in.get(2) * stride, filters}));
    return tf.nn.biasAdd(y, b);
  }
}
