package io.gan4j.ops;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The residual blocks of SN-GAN/SAGAN/BigGAN's ResNet architectures.
 * <ul>
 *   <li>{@link #up}, generator: {@code BN → ReLU → ×2 nearest → conv3 → BN → ReLU → conv3} plus
 *       the shortcut {@code ×2 nearest → conv1}; batch norm is class-conditional when an embedding
 *       is given.
 *   <li>{@link #down}, discriminator: {@code [ReLU →] conv3 → ReLU → conv3 [→ avgpool 2]} plus the
 *       shortcut {@code conv1 [→ avgpool 2]} (the conv only when channels change or it downsamples).
 *       The first block of D ({@code preactivation = false}) skips the leading ReLU and pools its
 *       shortcut before the conv, as in the reference code.
 * </ul>
 *
 * <p>Usage: {@code h = ResidualBlock.up(scope.child("block1"), h, 256, embedding, true);}
 */
public final class ResidualBlock {

  private ResidualBlock() {}

  public static Operand<TFloat32> up(NetScope scope, Operand<TFloat32> x, int filters, Operand<TFloat32> embedding,
      boolean sn) {
    Ops tf = scope.tf();
    Operand<TFloat32> h = tf.nn.relu(norm(scope.child("bn1"), x, embedding, sn));
    h = upsample(tf, h);
    h = Conv2d.apply(scope.child("conv1"), h, filters, 3, 1, sn);
    h = tf.nn.relu(norm(scope.child("bn2"), h, embedding, sn));
    h = Conv2d.apply(scope.child("conv2"), h, filters, 3, 1, sn);
    Operand<TFloat32> shortcut = Conv2d.apply(scope.child("shortcut"), upsample(tf, x), filters, 1, 1, sn);
    return tf.math.add(h, shortcut);
  }

  public static Operand<TFloat32> down(NetScope scope, Operand<TFloat32> x, int filters, boolean downsample,
      boolean preactivation, boolean sn) {
    Ops tf = scope.tf();
    Operand<TFloat32> h = preactivation ? tf.nn.relu(x) : x;
    h = Conv2d.apply(scope.child("conv1"), h, filters, 3, 1, sn);
    h = Conv2d.apply(scope.child("conv2"), tf.nn.relu(h), filters, 3, 1, sn);
    if (downsample) {
      h = avgPool(tf, h);
    }
    Operand<TFloat32> shortcut = x;
    boolean learnable = downsample || x.shape().get(3) != filters;
    if (learnable) {
      if (preactivation) {
        shortcut = Conv2d.apply(scope.child("shortcut"), x, filters, 1, 1, sn);
        shortcut = downsample ? avgPool(tf, shortcut) : shortcut;
      } else {
        shortcut = Conv2d.apply(scope.child("shortcut"), downsample ? avgPool(tf, x) : x, filters, 1, 1, sn);
      }
    }
    return tf.math.add(h, shortcut);
  }

  private static Operand<TFloat32> norm(NetScope scope, Operand<TFloat32> x, Operand<TFloat32> embedding, boolean sn) {
    return embedding == null ? BatchNorm.apply(scope, x, true) : ConditionalBatchNorm.apply(scope, x, embedding, sn);
  }

  static Operand<TFloat32> upsample(Ops tf, Operand<TFloat32> x) {
    int h = (int) x.shape().get(1);
    int w = (int) x.shape().get(2);
    return tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {2 * h, 2 * w}));
  }

  static Operand<TFloat32> avgPool(Ops tf, Operand<TFloat32> x) {
    return tf.nn.avgPool(x, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
  }
}
