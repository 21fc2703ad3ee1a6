package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Instance normalisation (Ulyanov et al. 2016) over NHWC input: every sample's every channel is
 * normalised by its own spatial statistics,
 * {@code y[n,h,w,c] = (x[n,h,w,c] − μ[n,c]) / √(σ²[n,c] + ε)} with μ the mean and σ² the biased
 * variance over (h, w), ε = 1e-5. No learned affine map and no running statistics, so train and
 * inference compute the same thing: PyTorch's {@code nn.InstanceNorm2d(affine=False,
 * track_running_stats=False)}, the norm pytorch-CycleGAN and CSGAN use in G and D. Built from
 * primitive ops, so first- and second-order gradients exist.
 *
 * <p>Usage: {@code h = InstanceNorm.apply(scope.tf(), h);}
 */
public final class InstanceNorm {

  /** ε of PyTorch's {@code InstanceNorm2d}. */
  public static final float EPSILON = 1e-5f;

  private InstanceNorm() {}

  /** {@code x [N, H, W, C]} normalised per sample and channel over H and W. */
  public static Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    checkArgument(x.shape().numDimensions() == 4, "instance norm needs [N, H, W, C] input, got %s", x.shape());
    Operand<org.tensorflow.types.TInt32> hw = tf.constant(new int[] {1, 2});
    Operand<TFloat32> mean = tf.math.mean(x, hw, org.tensorflow.op.math.Mean.keepDims(true));
    // stopGradient on the mean inside the variance is exact: d var / d mean = 0 at the mean itself.
    Operand<TFloat32> variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), hw,
        org.tensorflow.op.math.Mean.keepDims(true));
    return tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))));
  }
}
