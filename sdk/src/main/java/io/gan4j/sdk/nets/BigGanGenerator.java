package io.gan4j.sdk.nets;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.ClassEmbedding;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.ResidualBlock;
import io.gan4j.sdk.gan.GeneratorNetwork;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * BigGAN's generator (Brock et al. 2019, BigGAN-PyTorch {@code BigGAN.py}) with the hierarchical
 * latent ("skip-z"): z is split into one chunk per up-block plus one for the stem; the stem is an SN
 * linear layer of the first chunk to {@code 4×4×widths[0]}, and up-block i's class-conditional batch
 * norms are conditioned on {@code [shared(y), z_i]} (the shared class embedding, plain as in
 * BigGAN-PyTorch, concatenated with the block's chunk) through SN linear gain and bias. Residual
 * up-blocks with SN 3×3 convs, self-attention after the blocks that reach a listed resolution, then
 * BN, ReLU, SN 3×3 conv and tanh.
 *
 * <p>Usage: {@code new BigGanGenerator(128, 10, 128, List.of(128, 64, 32, 16), List.of(16), List.of(32, 32, 1))}
 *
 * @param zDim width of z; divisible by the number of chunks, {@code widths.size()}
 * @param sharedDim width of the shared class embedding (BigGAN: 128)
 * @param widths channels of the 4×4 stem and then of each up-block
 * @param attention resolutions after which a self-attention block runs
 */
public record BigGanGenerator(int zDim, int classes, int sharedDim, List<Integer> widths, List<Integer> attention,
    List<Integer> outputShape) implements GeneratorNetwork {

  public BigGanGenerator {
    widths = List.copyOf(widths);
    attention = List.copyOf(attention);
    outputShape = List.copyOf(outputShape);
    checkArgument(classes > 0, "BigGanGenerator is class-conditional: classes must be > 0, got %s", classes);
    checkArgument(widths.size() >= 2, "BigGanGenerator needs a stem width and at least one block width, got %s", widths);
    checkArgument(zDim > 0 && zDim % widths.size() == 0,
        "BigGanGenerator: zDim %s must split into %s equal chunks (one for the stem, one per up-block)", zDim, widths.size());
    int side = 4 << (widths.size() - 1);
    checkArgument(outputShape.size() == 3 && outputShape.get(0) == side && outputShape.get(1) == side,
        "BigGanGenerator: %s widths make %sx%s images, not %s", widths.size(), side, side, outputShape);
  }

  @Override
  public BigGanGenerator withClasses(int k) {
    return new BigGanGenerator(zDim, k, sharedDim, widths, attention, outputShape);
  }

  /** Width of each latent chunk. */
  public int chunk() {
    return zDim / widths.size();
  }

  @Override
  public Generator.Output generate(NetScope scope, Operand<TFloat32> z, Operand<TInt32> labels) {
    checkArgument(labels != null, "this generator is conditional on %s classes: give it labels", classes);
    Ops tf = scope.tf();
    List<Operand<TFloat32>> zs = tf.split(tf.constant(1), z, (long) widths.size()).output().stream()
        .map(o -> (Operand<TFloat32>) o).toList();
    Operand<TFloat32> shared = ClassEmbedding.of(classes, sharedDim).apply(scope.child("shared_embed"), labels);
    List<Operand<TFloat32>> maps = new ArrayList<>();
    Operand<TFloat32> h = Dense.of(4 * 4 * widths.get(0)).spectralNorm(true).apply(scope.child("stem"), zs.get(0));
    h = tf.reshape(h, tf.constant(new int[] {-1, 4, 4, widths.get(0)}));
    for (int i = 1; i < widths.size(); i++) {
      Operand<TFloat32> condition = tf.concat(List.of(shared, zs.get(i)), tf.constant(1));
      h = ResidualBlock.up(widths.get(i)).conditionedOn(condition).spectralNorm(true).apply(scope.child("up" + i), h);
      h = Generator.attend(scope, h, 4 << i, attention, true, maps);
    }
    return new Generator.Output(Generator.toImage(scope, h, outputShape.get(2), true), List.copyOf(maps));
  }
}
