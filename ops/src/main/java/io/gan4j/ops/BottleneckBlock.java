package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * BigGAN-deep's residual blocks (Brock et al. 2019, appendix B; BigGAN-PyTorch {@code BigGANdeep.py}),
 * with a bottleneck of a quarter of the channels: 1×1 conv down, two 3×3 convs, 1×1 conv up.
 *
 * <p>{@link Up} (G): {@code h = conv1x1(relu(bn1(x)))}, {@code h = relu(bn2(h))}, optional 2× nearest
 * upsampling of h and of the skip, {@code h = conv3x3(h)}, {@code h = conv3x3(relu(bn3(h)))},
 * {@code h = conv1x1(relu(bn4(h)))}; the skip keeps x's first {@code filters} channels (drops the rest,
 * no parameters). Batch norms are class-conditional when an embedding is given.
 *
 * <p>{@link Down} (D): {@code h = conv1x1(relu(x))}, two {@code conv3x3(relu(·))}, {@code relu}, optional
 * 2×2 average pool, {@code conv1x1} up to {@code filters}; the skip is x (pooled alike) concatenated
 * with a learned 1×1 conv of it to the missing {@code filters − C} channels.
 *
 * <p>Usage: {@code h = BottleneckBlock.up(64).upsample(true).conditionedOn(e).spectralNorm(true).apply(scope.child("up1b"), h);}
 */
public final class BottleneckBlock {

  /** Bottleneck width = channels / CHANNEL_RATIO (BigGAN-deep's 4). */
  public static final int CHANNEL_RATIO = 4;

  private BottleneckBlock() {}

  /** A G block to {@code filters} channels (≤ the input's), same size, unconditioned, no SN. */
  public static Up up(int filters) {
    checkArgument(filters > 0, "BottleneckBlock.up: filters must be > 0, got %s", filters);
    return new Up(filters, false, null, false);
  }

  /** A D block to {@code filters} channels (≥ the input's), same size, no SN. */
  public static Down down(int filters) {
    checkArgument(filters > 0, "BottleneckBlock.down: filters must be > 0, got %s", filters);
    return new Down(filters, false, false);
  }

  /** The generator block; see {@link BottleneckBlock}. */
  public static final class Up {
    private final int filters;
    private final boolean upsample;
    private final Operand<TFloat32> embedding;
    private final boolean spectralNorm;

    private Up(int filters, boolean upsample, Operand<TFloat32> embedding, boolean spectralNorm) {
      this.filters = filters;
      this.upsample = upsample;
      this.embedding = embedding;
      this.spectralNorm = spectralNorm;
    }

    /** The same block doubling H and W (true) or not. */
    public Up upsample(boolean v) {
      return new Up(filters, v, embedding, spectralNorm);
    }

    /** The same block with class-conditional batch norms on {@code e} {@code [N, E]}. */
    public Up conditionedOn(Operand<TFloat32> e) {
      return new Up(filters, upsample, e, spectralNorm);
    }

    public Up spectralNorm(boolean v) {
      return new Up(filters, upsample, embedding, v);
    }

    /** {@code [N, H, W, C]} (C ≥ filters) to {@code [N, H', W', filters]}, H' = 2H when upsampling. */
    public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
      Ops tf = scope.tf();
      int in = (int) x.shape().get(3);
      checkArgument(in >= filters, "BottleneckBlock.up drops channels only: %s in, %s out", in, filters);
      int hidden = Math.max(1, in / CHANNEL_RATIO);
      Operand<TFloat32> h = Conv2d.of(hidden, 1).spectralNorm(spectralNorm).apply(scope.child("conv1"), tf.nn.relu(norm(scope.child("bn1"), x)));
      h = tf.nn.relu(norm(scope.child("bn2"), h));
      Operand<TFloat32> skip = in == filters ? x
          : tf.slice(x, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, filters}));
      if (upsample) {
        h = ResidualBlock.upsample(tf, h);
        skip = ResidualBlock.upsample(tf, skip);
      }
      h = Conv2d.of(hidden, 3).spectralNorm(spectralNorm).apply(scope.child("conv2"), h);
      h = Conv2d.of(hidden, 3).spectralNorm(spectralNorm).apply(scope.child("conv3"), tf.nn.relu(norm(scope.child("bn3"), h)));
      h = Conv2d.of(filters, 1).spectralNorm(spectralNorm).apply(scope.child("conv4"), tf.nn.relu(norm(scope.child("bn4"), h)));
      return tf.math.add(h, skip);
    }

    private Operand<TFloat32> norm(NetScope scope, Operand<TFloat32> x) {
      return embedding == null
          ? BatchNorm.withAffine().apply(scope, x)
          : ConditionalBatchNorm.onEmbedding(embedding).spectralNorm(spectralNorm).apply(scope, x);
    }
  }

  /** The discriminator block; see {@link BottleneckBlock}. */
  public static final class Down {
    private final int filters;
    private final boolean downsample;
    private final boolean spectralNorm;

    private Down(int filters, boolean downsample, boolean spectralNorm) {
      this.filters = filters;
      this.downsample = downsample;
      this.spectralNorm = spectralNorm;
    }

    /** The same block halving H and W with a 2×2 average pool (true) or not. */
    public Down downsample(boolean v) {
      return new Down(filters, v, spectralNorm);
    }

    public Down spectralNorm(boolean v) {
      return new Down(filters, downsample, v);
    }

    /** {@code [N, H, W, C]} (C ≤ filters) to {@code [N, H', W', filters]}, H' = H/2 when downsampling. */
    public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
      Ops tf = scope.tf();
      int in = (int) x.shape().get(3);
      checkArgument(in <= filters, "BottleneckBlock.down adds channels only: %s in, %s out", in, filters);
      int hidden = Math.max(1, filters / CHANNEL_RATIO);
      Operand<TFloat32> h = Conv2d.of(hidden, 1).spectralNorm(spectralNorm).apply(scope.child("conv1"), tf.nn.relu(x));
      h = Conv2d.of(hidden, 3).spectralNorm(spectralNorm).apply(scope.child("conv2"), tf.nn.relu(h));
      h = Conv2d.of(hidden, 3).spectralNorm(spectralNorm).apply(scope.child("conv3"), tf.nn.relu(h));
      h = tf.nn.relu(h);
      Operand<TFloat32> skip = x;
      if (downsample) {
        h = ResidualBlock.avgPool(tf, h);
        skip = ResidualBlock.avgPool(tf, skip);
      }
      h = Conv2d.of(filters, 1).spectralNorm(spectralNorm).apply(scope.child("conv4"), h);
      if (in < filters) {
        Operand<TFloat32> extra = Conv2d.of(filters - in, 1).spectralNorm(spectralNorm).apply(scope.child("shortcut"), skip);
        skip = tf.concat(List.of(skip, extra), tf.constant(3));
      }
      return tf.math.add(h, skip);
    }
  }
}
