package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Nearest-neighbour upsampling by 2 followed by a stride-1 convolution: the checkerboard-free
 * alternative to {@link ConvTranspose2d}. An immutable layer value: {@link #of} takes the filter
 * count and (square) kernel size, no spectral norm unless told otherwise.
 *
 * <p>Usage: {@code h = UpsampleConv2d.of(128, 3).apply(scope.child("up1"), h);}
 */
public final class UpsampleConv2d {

  private final int filters;
  private final int kernel;
  private final boolean spectralNorm;

  private UpsampleConv2d(int filters, int kernel, boolean spectralNorm) {
    this.filters = filters;
    this.kernel = kernel;
    this.spectralNorm = spectralNorm;
  }

  /** ×2 nearest then a {@code kernel}×{@code kernel} convolution to {@code filters} channels, no spectral norm. */
  public static UpsampleConv2d of(int filters, int kernel) {
    checkArgument(filters > 0, "UpsampleConv2d: filters must be > 0, got %s", filters);
    checkArgument(kernel > 0, "UpsampleConv2d: kernel must be > 0, got %s", kernel);
    return new UpsampleConv2d(filters, kernel, false);
  }

  /** The same layer with the convolution's kernel spectrally normalised ({@link SpectralNorm}) or not. */
  public UpsampleConv2d spectralNorm(boolean spectralNorm) {
    return new UpsampleConv2d(filters, kernel, spectralNorm);
  }

  public int filters() {
    return filters;
  }

  public int kernel() {
    return kernel;
  }

  public boolean spectralNorm() {
    return spectralNorm;
  }

  /** {@code [N, H, W, C]} with known H, W to {@code [N, 2H, 2W, filters]}; variables {@code w}, {@code b}. */
  public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
    Ops tf = scope.tf();
    checkArgument(
        x.shape().numDimensions() == 4 && x.shape().get(1) > 0 && x.shape().get(2) > 0,
        "%s: upsample input must be [N, H, W, C] with known H, W, got %s",
        scope.name(),
        x.shape());
    int h = (int) x.shape().get(1) * 2;
    int w = (int) x.shape().get(2) * 2;
    Operand<TFloat32> up = tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {h, w}));
    return Conv2d.of(filters, kernel).spectralNorm(spectralNorm).apply(scope, up);
  }

  @Override
  public String toString() {
    return "UpsampleConv2d{filters=" + filters + ", kernel=" + kernel + ", spectralNorm=" + spectralNorm + "}";
  }
}
