package io.gan4j.sdk.nets;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.BottleneckBlock;
import io.gan4j.ops.ClassEmbedding;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.gan.GeneratorNetwork;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BigGAN-deep's generator (Brock et al. 2019, appendix B; BigGAN-PyTorch {@code BigGANdeep.py}): the
 * whole z concatenated with the shared class embedding conditions every batch norm (no split), an SN
 * linear layer of that vector to {@code 4×4×widths[0]}, then per resolution two
 * {@link BottleneckBlock.Up}s, the first keeping size and channels, the second dropping channels to
 * the next width and doubling the size; self-attention after a listed resolution; BN, ReLU, SN 3×3
 * conv, tanh.
 *
 * <p>Usage: {@code new BigGanDeepGenerator(128, 10, 128, List.of(128, 64, 32, 16), List.of(16), List.of(32, 32, 1))}
 */
public record BigGanDeepGenerator(int zDim, int classes, int sharedDim, List<Integer> widths, List<Integer> attention,
    List<Integer> outputShape) implements GeneratorNetwork {

  public BigGanDeepGenerator {
    widths = List.copyOf(widths);
    attention = List.copyOf(attention);
    outputShape = List.copyOf(outputShape);
    checkArgument(classes > 0, "BigGanDeepGenerator is class-conditional: classes must be > 0, got %s", classes);
    checkArgument(widths.size() >= 2, "BigGanDeepGenerator needs a stem width and at least one more, got %s", widths);
    for (int i = 1; i < widths.size(); i++) {
      checkArgument(widths.get(i) <= widths.get(i - 1), "BigGanDeepGenerator: widths must not grow (its skips drop channels), got %s", widths);
    }
    int side = 4 << (widths.size() - 1);
    checkArgument(outputShape.size() == 3 && outputShape.get(0) == side && outputShape.get(1) == side,
        "BigGanDeepGenerator: %s widths make %sx%s images, not %s", widths.size(), side, side, outputShape);
  }

  @Override
  public BigGanDeepGenerator withClasses(int k) {
    return new BigGanDeepGenerator(zDim, k, sharedDim, widths, attention, outputShape);
  }

  @Override
  public Generator.Output generate(NetScope scope, Operand<TFloat32> z, Operand<TInt32> labels) {
    checkArgument(labels != null, "this generator is conditional on %s classes: give it labels", classes);
    Ops tf = scope.tf();
    Operand<TFloat32> shared = ClassEmbedding.of(classes, sharedDim).apply(scope.child("shared_embed"), labels);
    Operand<TFloat32> condition = tf.concat(List.of(z, shared), tf.constant(1));
    List<Operand<TFloat32>> maps = new ArrayList<>();
    Operand<TFloat32> h = Dense.of(4 * 4 * widths.get(0)).spectralNorm(true).apply(scope.child("stem"), condition);
    h = tf.reshape(h, tf.constant(new int[] {-1, 4, 4, widths.get(0)}));
    for (int i = 1; i < widths.size(); i++) {
      h = BottleneckBlock.up(widths.get(i - 1)).conditionedOn(condition).spectralNorm(true).apply(scope.child("up" + i + "a"), h);
      h = BottleneckBlock.up(widths.get(i)).upsample(true).conditionedOn(condition).spectralNorm(true).apply(scope.child("up" + i + "b"), h);
      h = Generator.attend(scope, h, 4 << i, attention, true, maps);
    }
    return new Generator.Output(Generator.toImage(scope, h, outputShape.get(2), true), List.copyOf(maps));
  }
}
