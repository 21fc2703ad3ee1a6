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
 * for any batch size. The kernel is stored {@code [k, k, filters, cin]} as TensorFlow expects. An
 * immutable layer value: {@link #of} takes the filter count and (square) kernel size, stride 1 and
 * no spectral norm unless told otherwise; each option returns a new value.
 *
 * <p>Usage: {@code h = ConvTranspose2d.of(256, 4).stride(2).apply(scope.child("up1"), h);}
 */
public final class ConvTranspose2d {

  private final int filters;
  private final int kernel;
  private final int stride;
  private final boolean spectralNorm;

  private ConvTranspose2d(int filters, int kernel, int stride, boolean spectralNorm) {
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.spectralNorm = spectralNorm;
  }

  /** A {@code kernel}×{@code kernel} transposed convolution to {@code filters} channels, stride 1, no spectral norm. */
  public static ConvTranspose2d of(int filters, int kernel) {
    checkArgument(filters > 0, "ConvTranspose2d: filters must be > 0, got %s", filters);
    checkArgument(kernel > 0, "ConvTranspose2d: kernel must be > 0, got %s", kernel);
    return new ConvTranspose2d(filters, kernel, 1, false);
  }

  /** The same layer with stride {@code stride}: the output is {@code stride} times the input's H and W. */
  public ConvTranspose2d stride(int stride) {
    checkArgument(stride > 0, "ConvTranspose2d: stride must be > 0, got %s", stride);
    return new ConvTranspose2d(filters, kernel, stride, spectralNorm);
  }

  /** The same layer with its kernel spectrally normalised ({@link SpectralNorm}) or not. */
  public ConvTranspose2d spectralNorm(boolean spectralNorm) {
    return new ConvTranspose2d(filters, kernel, stride, spectralNorm);
  }

  public int filters() {
    return filters;
  }

  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  public boolean spectralNorm() {
    return spectralNorm;
  }

  /** {@code [N, H, W, C]} with known H, W, C to {@code [N, H·stride, W·stride, filters]}; variables {@code w}, {@code b}. */
  public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
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

  @Override
  public String toString() {
    return "ConvTranspose2d{filters=" + filters + ", kernel=" + kernel + ", stride=" + stride
        + ", spectralNorm=" + spectralNorm + "}";
  }
}
