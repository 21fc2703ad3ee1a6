package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

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
 * <p>Both are immutable layer values ({@link Up}, {@link Down}) built from the filter count, with
 * named options that each return a new value.
 *
 * <p>Usage: {@code h = ResidualBlock.up(256).conditionedOn(embedding).spectralNorm(true).apply(scope.child("block1"), h);}
 */
public final class ResidualBlock {

  private ResidualBlock() {}

  /** A generator block to {@code filters} channels: unconditional batch norm, no spectral norm. */
  public static Up up(int filters) {
    checkArgument(filters > 0, "ResidualBlock.up: filters must be > 0, got %s", filters);
    return new Up(filters, null, false);
  }

  /** A discriminator block to {@code filters} channels: downsampling, preactivated, no spectral norm. */
  public static Down down(int filters) {
    checkArgument(filters > 0, "ResidualBlock.down: filters must be > 0, got %s", filters);
    return new Down(filters, true, true, false);
  }

  /** The upsampling generator block; see {@link ResidualBlock}. */
  public static final class Up {

    private final int filters;
    private final Operand<TFloat32> embedding;
    private final boolean spectralNorm;

    private Up(int filters, Operand<TFloat32> embedding, boolean spectralNorm) {
      this.filters = filters;
      this.embedding = embedding;
      this.spectralNorm = spectralNorm;
    }

    /**
     * The same block with its two batch norms conditioned on the class {@code embedding}
     * {@code [N, E]} ({@link ConditionalBatchNorm}), or plain affine {@link BatchNorm} when it is null.
     */
    public Up conditionedOn(Operand<TFloat32> embedding) {
      checkArgument(
          embedding == null || (embedding.shape().numDimensions() == 2 && embedding.shape().get(1) > 0),
          "ResidualBlock.up: embedding must be [N, E] with known E, got %s",
          embedding == null ? null : embedding.shape());
      return new Up(filters, embedding, spectralNorm);
    }

    /** The same block with every convolution (and conditional batch norm layer) spectrally normalised or not. */
    public Up spectralNorm(boolean spectralNorm) {
      return new Up(filters, embedding, spectralNorm);
    }

    public int filters() {
      return filters;
    }

    /** The class embedding the batch norms are conditioned on, or null. */
    public Operand<TFloat32> embedding() {
      return embedding;
    }

    public boolean spectralNorm() {
      return spectralNorm;
    }

    /** {@code [N, H, W, C]} to {@code [N, 2H, 2W, filters]}. */
    public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
      Ops tf = scope.tf();
      Conv2d conv3 = Conv2d.of(filters, 3).spectralNorm(spectralNorm);
      Operand<TFloat32> h = tf.nn.relu(norm(scope.child("bn1"), x));
      h = upsample(tf, h);
      h = conv3.apply(scope.child("conv1"), h);
      h = tf.nn.relu(norm(scope.child("bn2"), h));
      h = conv3.apply(scope.child("conv2"), h);
      Operand<TFloat32> shortcut =
          Conv2d.of(filters, 1).spectralNorm(spectralNorm).apply(scope.child("shortcut"), upsample(tf, x));
      return tf.math.add(h, shortcut);
    }

    private Operand<TFloat32> norm(NetScope scope, Operand<TFloat32> x) {
      return embedding == null
          ? BatchNorm.withAffine().apply(scope, x)
          : ConditionalBatchNorm.onEmbedding(embedding).spectralNorm(spectralNorm).apply(scope, x);
    }

    @Override
    public String toString() {
      return "ResidualBlock.up{filters=" + filters + ", conditioned=" + (embedding != null)
          + ", spectralNorm=" + spectralNorm + "}";
    }
  }

  /** The discriminator block; see {@link ResidualBlock}. */
  public static final class Down {

    private final int filters;
    private final boolean downsample;
    private final boolean preactivation;
    private final boolean spectralNorm;

    private Down(int filters, boolean downsample, boolean preactivation, boolean spectralNorm) {
      this.filters = filters;
      this.downsample = downsample;
      this.preactivation = preactivation;
      this.spectralNorm = spectralNorm;
    }

    /** The same block, halving H and W with a 2×2 average pool (true, the default) or keeping them. */
    public Down downsample(boolean downsample) {
      return new Down(filters, downsample, preactivation, spectralNorm);
    }

    /**
     * The same block with a leading ReLU on its input (true, the default) or, for the first block of
     * D, without it and with the shortcut pooled before its conv.
     */
    public Down preactivation(boolean preactivation) {
      return new Down(filters, downsample, preactivation, spectralNorm);
    }

    /** The same block with every convolution spectrally normalised or not. */
    public Down spectralNorm(boolean spectralNorm) {
      return new Down(filters, downsample, preactivation, spectralNorm);
    }

    public int filters() {
      return filters;
    }

    public boolean downsample() {
      return downsample;
    }

    public boolean preactivation() {
      return preactivation;
    }

    public boolean spectralNorm() {
      return spectralNorm;
    }

    /** {@code [N, H, W, C]} to {@code [N, H/2, W/2, filters]} when downsampling, else {@code [N, H, W, filters]}. */
    public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
      Ops tf = scope.tf();
      Conv2d conv3 = Conv2d.of(filters, 3).spectralNorm(spectralNorm);
      Conv2d conv1 = Conv2d.of(filters, 1).spectralNorm(spectralNorm);
      Operand<TFloat32> h = preactivation ? tf.nn.relu(x) : x;
      h = conv3.apply(scope.child("conv1"), h);
      h = conv3.apply(scope.child("conv2"), tf.nn.relu(h));
      if (downsample) {
        h = avgPool(tf, h);
      }
      Operand<TFloat32> shortcut = x;
      boolean learnable = downsample || x.shape().get(3) != filters;
      if (learnable) {
        if (preactivation) {
          shortcut = conv1.apply(scope.child("shortcut"), x);
          shortcut = downsample ? avgPool(tf, shortcut) : shortcut;
        } else {
          shortcut = conv1.apply(scope.child("shortcut"), downsample ? avgPool(tf, x) : x);
        }
      }
      return tf.math.add(h, shortcut);
    }

    @Override
    public String toString() {
      return "ResidualBlock.down{filters=" + filters + ", downsample=" + downsample + ", preactivation="
          + preactivation + ", spectralNorm=" + spectralNorm + "}";
    }
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
