package io.gan4j.sdk.nets;

import io.gan4j.ops.Activation;
import io.gan4j.ops.BatchNorm;
import io.gan4j.ops.ClassEmbedding;
import io.gan4j.ops.Conv2d;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.ResidualBlock;
import io.gan4j.ops.SelfAttention;
import io.gan4j.sdk.DiscriminatorSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Emits the graph of a {@link DiscriminatorSpec}: inputs {@code [N, ...]} to logits {@code [N / pack]}.
 * With packing, consecutive groups of {@code pack} samples are concatenated along the feature (or
 * channel) axis and judged together, so N must be a multiple of {@code pack}.
 *
 * <p>Usage: {@code Operand<TFloat32> logits = Discriminator.build(NetScope.root(store, pass, "D"), spec, x);}
 */
public final class Discriminator {

  /**
   * The logits, the features under them ({@code [N / pack, F]}: the pooled ResNet features, or the
   * last hidden layer of the conv and MLP nets, what an auxiliary classifier reads) and, for each
   * self-attention block, its attention map. A projection discriminator's logit is the sum of its two
   * parts, {@code unconditional = linear(h)} and {@code projection = embed(y)·h} (both {@code [N]});
   * without a projection, {@code unconditional} is the logit and {@code projection} is null.
   */
  public record Output(Operand<TFloat32> logits, Operand<TFloat32> features, List<Operand<TFloat32>> attention,
      Operand<TFloat32> unconditional, Operand<TFloat32> projection) {

    /** An output without a projection: the logit is all unconditional. */
    public Output(Operand<TFloat32> logits, Operand<TFloat32> features, List<Operand<TFloat32>> attention) {
      this(logits, features, attention, logits, null);
    }
  }

  private Discriminator() {}

  /** An unconditional discriminator's logits. */
  public static Operand<TFloat32> build(NetScope scope, DiscriminatorSpec spec, Operand<TFloat32> x) {
    return apply(scope, spec, x, null).logits();
  }

  /** The discriminator on x and, for a conditional spec, int32 {@code labels [N]}. */
  public static Output apply(NetScope scope, DiscriminatorSpec spec, Operand<TFloat32> x, Operand<TInt32> labels) {
    if (spec.conditional() != (labels != null)) {
      throw new IllegalArgumentException(spec.conditional()
          ? "this discriminator is conditional on " + spec.classes() + " classes: give it labels"
          : "this discriminator is unconditional: it takes no labels");
    }
    if (spec.architecture() == DiscriminatorSpec.Architecture.RESNET) {
      return resnet(scope, spec, x, labels);
    }
    return plain(scope, spec, x);
  }

  /** Residual blocks, ReLU, sum over H and W, then {@code linear(h) + embed(y)·h} (projection). */
  private static Output resnet(NetScope scope, DiscriminatorSpec spec, Operand<TFloat32> x, Operand<TInt32> labels) {
    Ops tf = scope.tf();
    boolean sn = spec.spectralNorm();
    List<Operand<TFloat32>> maps = new ArrayList<>();
    Operand<TFloat32> h = x;
    int resolution = spec.inputShape().get(0);
    for (int i = 0; i < spec.widths().size(); i++) {
      h = ResidualBlock.down(spec.widths().get(i)).downsample(true).preactivation(i > 0).spectralNorm(sn)
          .apply(scope.child("down" + (i + 1)), h);
      resolution /= 2;
      if (spec.attention().contains(resolution)) {
        SelfAttention.Output a = SelfAttention.create().spectralNorm(sn).apply(scope.child("attn" + resolution), h);
        maps.add(a.attention());
        h = a.output();
      }
    }
    Operand<TFloat32> pooled = tf.reduceSum(tf.nn.relu(h), tf.constant(new int[] {1, 2}));
    Operand<TFloat32> logits = Dense.of(1).spectralNorm(sn).apply(scope.child("out"), pooled);
    if (labels == null) {
      return new Output(tf.reshape(logits, tf.constant(new int[] {-1})), pooled, List.copyOf(maps));
    }
    int c = spec.widths().get(spec.widths().size() - 1);
    Operand<TFloat32> projection = tf.reduceSum(
        tf.math.mul(ClassEmbedding.of(spec.classes(), c).spectralNorm(sn).apply(scope.child("embed"), labels), pooled),
        tf.constant(new int[] {1}), org.tensorflow.op.core.ReduceSum.keepDims(true));
    Operand<TInt32> flat = tf.constant(new int[] {-1});
    return new Output(tf.reshape(tf.math.add(logits, projection), flat), pooled, List.copyOf(maps), tf.reshape(logits, flat),
        tf.reshape(projection, flat));
  }

  private static Output plain(NetScope scope, DiscriminatorSpec spec, Operand<TFloat32> x) {
    Ops tf = scope.tf();
    boolean sn = spec.spectralNorm();
    Activation act = Activation.leakyRelu(spec.leakySlope());
    Operand<TFloat32> h = pack(tf, x, spec);
    if (spec.architecture() == DiscriminatorSpec.Architecture.MLP) {
      for (int i = 0; i < spec.widths().size(); i++) {
        h = act.apply(tf, Dense.of(spec.widths().get(i)).spectralNorm(sn).apply(scope.child("fc" + (i + 1)), h));
      }
    } else {
      h = act.apply(tf, Conv2d.of(spec.stemWidth(), 3).spectralNorm(sn).apply(scope.child("stem"), h));
      for (int i = 0; i < spec.widths().size(); i++) {
        NetScope block = scope.child("down" + (i + 1));
        int width = spec.widths().get(i);
        h = Conv2d.of(width, 4).stride(2).spectralNorm(sn).apply(block.child("conv1"), h);
        h = act.apply(tf, spec.batchNorm() ? BatchNorm.withAffine().apply(block.child("bn1"), h) : h);
        if (spec.refine()) {
          h = Conv2d.of(width, 3).spectralNorm(sn).apply(block.child("conv2"), h);
          h = act.apply(tf, spec.batchNorm() ? BatchNorm.withAffine().apply(block.child("bn2"), h) : h);
        }
      }
      Shape s = h.shape();
      h = tf.reshape(h, tf.constant(new int[] {-1, (int) (s.get(1) * s.get(2) * s.get(3))}));
    }
    Operand<TFloat32> logits = Dense.of(1).spectralNorm(sn).apply(scope.child("out"), h);
    return new Output(tf.reshape(logits, tf.constant(new int[] {-1})), h, List.of());
  }

  private static Operand<TFloat32> pack(Ops tf, Operand<TFloat32> x, DiscriminatorSpec spec) {
    int p = spec.pack();
    if (p == 1) {
      return x;
    }
    if (spec.architecture() == DiscriminatorSpec.Architecture.MLP) {
      return tf.reshape(x, tf.constant(new int[] {-1, spec.inputShape().get(0) * p}));
    }
    // [N, H, W, C] -> [N/p, p, H, W, C] -> [N/p, H, W, p, C] -> [N/p, H, W, p·C]
    int h = spec.inputShape().get(0);
    int w = spec.inputShape().get(1);
    int c = spec.inputShape().get(2);
    Operand<TFloat32> grouped = tf.reshape(x, tf.constant(new int[] {-1, p, h, w, c}));
    Operand<TFloat32> moved = tf.linalg.transpose(grouped, tf.constant(new int[] {0, 2, 3, 1, 4}));
    return tf.reshape(moved, tf.constant(new int[] {-1, h, w, p * c}));
  }
}
