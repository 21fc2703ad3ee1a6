package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Nearest-neighbour upsampling by 2 followed by a convolution: the checkerboard-free alternative
 * to {@link ConvTranspose2d}.
 *
 * <p>Usage: {@code h = UpsampleConv2d.apply(scope.child("up1"), h, 128, 3, false);}
 */
public final class UpsampleConv2d {

  private UpsampleConv2d() {}

  public static Operand<TFloat32> apply(
      NetScope scope, Operand<TFloat32> x, int filters, int kernel, boolean spectralNorm) {
    Ops tf = scope.tf();
    checkArgument(
        x.shape().numDimensions() == 4 && x.shape().get(1) > 0 && x.shape().get(2) > 0,
        "%s: upsample input must be [N, H, W, C] with known H, W, got %s",
        scope.name(),
        x.shape());
    int h = (int) x.shape().get(1) * 2;
    int w = (int) x.shape().get(2) * 2;
    Operand<TFloat32> up = tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {h, w}));
    return Conv2d.apply(scope, up, filters, kernel, 1, spectralNorm);
  }
}
