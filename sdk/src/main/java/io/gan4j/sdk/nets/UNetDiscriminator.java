package io.gan4j.sdk.nets;

import io.gan4j.ops.Conv2d;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.ResidualBlock;
import io.gan4j.sdk.DiscriminatorSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The U-Net GAN discriminator (Schönfeld et al. 2020) at CPU size: an encoder of downsampling
 * residual blocks (one per width) with a global head ({@code ReLU → Σ_hw → linear}), and a decoder
 * that doubles the resolution per stage, concatenates the encoder features of that resolution
 * (skip connections) and ends in a 1×1 convolution to one logit per pixel. Spectral norm as the spec
 * says; no batch norm.
 *
 * <p>Usage: {@code UNetDiscriminator.Output d = UNetDiscriminator.apply(NetScope.root(store, pass, "D"), spec, x);}
 */
public final class UNetDiscriminator {

  /** Global logits {@code [N]}, per-pixel logits {@code [N, H, W]} and the encoder's pooled features {@code [N, F]}. */
  public record Output(Operand<TFloat32> logits, Operand<TFloat32> pixelLogits, Operand<TFloat32> features) {}

  private UNetDiscriminator() {}

  public static Output apply(NetScope scope, DiscriminatorSpec spec, Operand<TFloat32> x) {
    Ops tf = scope.tf();
    boolean sn = spec.spectralNorm();
    List<Integer> widths = spec.widths();
    List<Operand<TFloat32>> skips = new ArrayList<>();
    Operand<TFloat32> h = x;
    for (int i = 0; i < widths.size(); i++) {
      h = ResidualBlock.down(widths.get(i)).downsample(true).preactivation(i > 0).spectralNorm(sn)
          .apply(scope.child("down" + (i + 1)), h);
      skips.add(h);
    }
    Operand<TFloat32> pooled = tf.reduceSum(tf.nn.relu(h), tf.constant(new int[] {1, 2}));
    Operand<TFloat32> logits =
        tf.reshape(Dense.of(1).spectralNorm(sn).apply(scope.child("out"), pooled), tf.constant(new int[] {-1}));
    // Decoder: up to each encoder resolution, concatenate its features, convolve.
    Operand<TFloat32> d = h;
    for (int i = widths.size() - 2; i >= 0; i--) {
      NetScope up = scope.child("up" + (widths.size() - 1 - i));
      d = tf.nn.relu(Conv2d.of(widths.get(i), 3).spectralNorm(sn).apply(up.child("conv1"), upsample(tf, d)));
      d = tf.concat(List.of(d, skips.get(i)), tf.constant(3));
      d = tf.nn.relu(Conv2d.of(widths.get(i), 3).spectralNorm(sn).apply(up.child("conv2"), d));
    }
    NetScope last = scope.child("up" + widths.size());
    d = tf.nn.relu(Conv2d.of(widths.get(0), 3).spectralNorm(sn).apply(last.child("conv1"), upsample(tf, d)));
    Operand<TFloat32> pixels = Conv2d.of(1, 1).spectralNorm(sn).apply(scope.child("pixel_out"), d);
    int height = spec.inputShape().get(0);
    int width = spec.inputShape().get(1);
    return new Output(logits, tf.reshape(pixels, tf.constant(new int[] {-1, height, width})), pooled);
  }

  private static Operand<TFloat32> upsample(Ops tf, Operand<TFloat32> x) {
    int h = (int) x.shape().get(1);
    int w = (int) x.shape().get(2);
    return tf.image.resizeNearestNeighbor(x, tf.constant(new int[] {2 * h, 2 * w}));
  }
}
