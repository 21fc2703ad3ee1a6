package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * 2-D convolution over NHWC input with SAME padding (or VALID, {@link #validPadding()}), a bias and
 * optional spectral norm. An immutable layer value: {@link #of} takes the filter count and (square)
 * kernel size, stride 1 and no spectral norm unless told otherwise; each option returns a new value.
 *
 * <p>Usage: {@code h = Conv2d.of(64, 3).stride(2).spectralNorm(true).apply(scope.child("conv1"), x);}
 */
public final class Conv2d {

  private final int filters;
  private final int kernel;
  private final int stride;
  private final boolean spectralNorm;
  /** Whether the convolution pads nothing (the caller pads, e.g. with reflection), else SAME. */
  private final boolean valid;

  private Conv2d(int filters, int kernel, int stride, boolean spectralNorm) {
    this(filters, kernel, stride, spectralNorm, false);
  }

  private Conv2d(int filters, int kernel, int stride, boolean spectralNorm, boolean valid) {
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.spectralNorm = spectralNorm;
    this.valid = valid;
  }

  /** A {@code kernel}×{@code kernel} convolution to {@code filters} channels, stride 1, no spectral norm. */
  public static Conv2d of(int filters, int kernel) {
    checkArgument(filters > 0, "Conv2d: filters must be > 0, got %s", filters);
    checkArgument(kernel > 0, "Conv2d: kernel must be > 0, got %s", kernel);
    return new Conv2d(filters, kernel, 1, false);
  }

  /** The same convolution with stride {@code stride} along H and W. */
  public Conv2d stride(int stride) {
    checkArgument(stride > 0, "Conv2d: stride must be > 0, got %s", stride);
    return new Conv2d(filters, kernel, stride, spectralNorm, valid);
  }

  /**
   * The same convolution with VALID padding: output {@code ⌊(H − kernel)/stride⌋ + 1}; for explicit
   * padding (reflection, or PyTorch's symmetric zero padding) applied before it.
   */
  public Conv2d validPadding() {
    return new Conv2d(filters, kernel, stride, spectralNorm, true);
  }

  /** The same convolution with its kernel spectrally normalised ({@link SpectralNorm}) or not. */
  public Conv2d spectralNorm(boolean spectralNorm) {
    return new Conv2d(filters, kernel, stride, spectralNorm, valid);
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

  /**
   * {@code [N, H, W, C]} to {@code [N, ⌈H/stride⌉, ⌈W/stride⌉, filters]} (VALID: {@code ⌊(H − kernel)/stride⌋ + 1});
   * variables {@code w}, {@code b}.
   */
  public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
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
    return tf.nn.biasAdd(tf.nn.conv2d(x, w, List.of(1L, s, s, 1L), valid ? "VALID" : "SAME"), b);
  }

  @Override
  public String toString() {
    return "Conv2d{filters=" + filters + ", kernel=" + kernel + ", stride=" + stride + ", spectralNorm=" + spectralNorm + (valid ? ", padding=VALID" : "") + "}";
  }
}
