package io.gan4j.sdk.nets;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.BottleneckBlock;
import io.gan4j.ops.ClassEmbedding;
import io.gan4j.ops.Conv2d;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.SelfAttention;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.Heads;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BigGAN-deep's discriminator: an SN 3×3 input conv to {@code widths[0]}, then per stage two
 * {@link BottleneckBlock.Down}s (the first to the stage's width and halving the size, its skip
 * concatenating a learned 1×1 conv; the second keeping both), self-attention after a listed
 * resolution, ReLU, sum over H and W, and the projection head {@code linear(h) + embed(y)·h}, all SN.
 * The features head is the pooled vector.
 *
 * <p>Usage: {@code new BigGanDeepDiscriminator(10, List.of(16, 32, 64), List.of(16), List.of(32, 32, 1))}
 */
public record BigGanDeepDiscriminator(int classes, List<Integer> widths, List<Integer> attention, List<Integer> inputShape)
    implements DiscriminatorNetwork {

  public BigGanDeepDiscriminator {
    widths = List.copyOf(widths);
    attention = List.copyOf(attention);
    inputShape = List.copyOf(inputShape);
    checkArgument(classes >= 0, "BigGanDeepDiscriminator: classes must be >= 0, got %s", classes);
    checkArgument(!widths.isEmpty(), "BigGanDeepDiscriminator needs at least one stage width");
    for (int i = 1; i < widths.size(); i++) {
      checkArgument(widths.get(i) >= widths.get(i - 1), "BigGanDeepDiscriminator: widths must not shrink (its skips add channels), got %s", widths);
    }
    checkArgument(inputShape.size() == 3 && inputShape.get(0) >> widths.size() >= 1,
        "BigGanDeepDiscriminator: %s halvings do not fit %s", widths.size(), inputShape);
  }

  @Override
  public BigGanDeepDiscriminator withClasses(int k) {
    return new BigGanDeepDiscriminator(k, widths, attention, inputShape);
  }

  @Override
  public Heads judge(NetScope scope, Operand<TFloat32> x, Operand<TInt32> labels) {
    Ops tf = scope.tf();
    List<Operand<TFloat32>> maps = new ArrayList<>();
    Operand<TFloat32> h = Conv2d.of(widths.get(0), 3).spectralNorm(true).apply(scope.child("in"), x);
    int resolution = inputShape.get(0);
    for (int i = 0; i < widths.size(); i++) {
      h = BottleneckBlock.down(widths.get(i)).downsample(true).spectralNorm(true).apply(scope.child("down" + (i + 1) + "a"), h);
      h = BottleneckBlock.down(widths.get(i)).spectralNorm(true).apply(scope.child("down" + (i + 1) + "b"), h);
      resolution /= 2;
      if (attention.contains(resolution)) {
        SelfAttention.Output a = SelfAttention.create().spectralNorm(true).apply(scope.child("attn" + resolution), h);
        maps.add(a.attention());
        h = a.output();
      }
    }
    Operand<TFloat32> pooled = tf.reduceSum(tf.nn.relu(h), tf.constant(new int[] {1, 2}));
    Operand<TFloat32> logits = Dense.of(1).spectralNorm(true).apply(scope.child("out"), pooled);
    if (labels != null) {
      Operand<TFloat32> e = ClassEmbedding.of(classes, widths.get(widths.size() - 1)).spectralNorm(true).apply(scope.child("embed"), labels);
      logits = tf.math.add(logits, tf.reduceSum(tf.math.mul(e, pooled), tf.constant(new int[] {1}), ReduceSum.keepDims(true)));
    }
    return new Heads(tf.reshape(logits, tf.constant(new int[] {-1})), null, pooled, maps);
  }
}
