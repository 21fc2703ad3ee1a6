package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Reflection padding of H and W (PyTorch's {@code nn.ReflectionPad2d}, TensorFlow's
 * {@code MirrorPad} in {@code REFLECT} mode: the edge row is not repeated). CycleGAN's ResNet
 * generator pads this way before its 7×7 and residual 3×3 convolutions so the borders see image-like
 * values instead of zeros.
 *
 * <p>Usage: {@code h = Conv2d.of(64, 7).validPadding().apply(scope, ReflectionPad.apply(tf, x, 3));}
 */
public final class ReflectionPad {

  private ReflectionPad() {}

  /** {@code x [N, H, W, C]} padded by {@code p} reflected rows and columns on each side; {@code p < H, W}. */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x, int p) {
    checkArgument(x.shape().numDimensions() == 4, "reflection padding needs [N, H, W, C] input, got %s", x.shape());
    checkArgument(p >= 0 && (x.shape().get(1) < 0 || p < x.shape().get(1)) && (x.shape().get(2) < 0 || p < x.shape().get(2)),
        "reflection padding of %s needs 0 <= p < H and W, got p = %s", x.shape(), p);
    if (p == 0) {
      return x;
    }
    return tf.mirrorPad(x, tf.constant(new int[][] {{0, 0}, {p, p}, {p, p}, {0, 0}}), "REFLECT");
  }
}
