package io.gan4j.sdk.nets;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.ResidualBlock;
import io.gan4j.sdk.gan.FeatureConditioned;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.InstanceFeatures;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * IC-GAN's generator (Casanova et al. 2021, facebookresearch/ic_gan {@code BigGAN_PyTorch/BigGAN.py})
 * on {@link BigGanGenerator}'s body: hierarchical z (one chunk for the stem, one per up-block); the
 * instance features h go through a learned SN linear layer ({@code shared_feat}, F → {@code featureEmbed};
 * ic_gan: 2048 → 512) and up-block i's conditional batch norms see {@code [shared_feat(h), z_i]}, as
 * ic_gan's {@code get_condition_embeddings} concatenated with each z chunk. With class conditioning on
 * top ({@link InstanceFeatures#classes()} > 0, ic_gan's cc-IC-GAN) a plain shared class embedding of
 * 128 comes first, {@code [shared(y), shared_feat(h), z_i]}, y the class of the neighbour the condition
 * names; without it there is no class embedding (ic_gan's {@code class_cond: false}).
 *
 * <p>In training the condition is the instance index, looked up in {@link InstanceFeatures#lookup};
 * {@link #generateFromFeatures} takes h directly (export, {@code --instance}).
 *
 * <p>Usage: {@code new IcGanGenerator(128, 128, List.of(128, 64, 32, 16), List.of(16), List.of(32, 32, 1), InstanceFeatures.unresolved("default", 50))}
 */
public record IcGanGenerator(int zDim, int featureEmbed, List<Integer> widths, List<Integer> attention, List<Integer> outputShape,
    InstanceFeatures instances) implements GeneratorNetwork, FeatureConditioned {

  public IcGanGenerator {
    widths = List.copyOf(widths);
    attention = List.copyOf(attention);
    outputShape = List.copyOf(outputShape);
    checkArgument(instances != null, "IcGanGenerator.instances is required");
    checkArgument(featureEmbed > 0, "IcGanGenerator.featureEmbed must be > 0, got %s", featureEmbed);
    checkArgument(widths.size() >= 2, "IcGanGenerator needs a stem width and at least one block width, got %s", widths);
    checkArgument(zDim > 0 && zDim % widths.size() == 0,
        "IcGanGenerator: zDim %s must split into %s equal chunks (one for the stem, one per up-block)", zDim, widths.size());
    int side = 4 << (widths.size() - 1);
    checkArgument(outputShape.size() == 3 && outputShape.get(0) == side && outputShape.get(1) == side,
        "IcGanGenerator: %s widths make %sx%s images, not %s", widths.size(), side, side, outputShape);
  }

  /** Width of the shared class embedding with class conditioning on top (BigGAN's 128). */
  public static final int CLASS_EMBED = 128;

  /** The range of the int32 condition once prepared ({@link InstanceFeatures#conditions()}), else 0. */
  @Override
  public int classes() {
    return instances.conditions();
  }

  /**
   * Before preparation: class conditioning on top over {@code k} classes (0 = off); once prepared
   * only the condition range it already has.
   */
  @Override
  public IcGanGenerator withClasses(int k) {
    if (instances.resolved()) {
      return (IcGanGenerator) GeneratorNetwork.super.withClasses(k);
    }
    return withInstances(instances.withClasses(k));
  }

  @Override
  public IcGanGenerator withInstances(InstanceFeatures f) {
    return new IcGanGenerator(zDim, featureEmbed, widths, attention, outputShape, f);
  }

  /** 64 samples of 64 instances spread over the data, not 8 per "class". */
  @Override
  public int sampleGridCount() {
    return 64;
  }

  @Override
  public Generator.Output generate(NetScope scope, Operand<TFloat32> z, Operand<TInt32> labels) {
    checkArgument(labels != null, "IcGanGenerator is conditioned on instances: give it instance indices");
    return generateFromFeatures(scope, z, instances.lookup(scope.tf(), labels),
        instances.classes() > 0 ? instances.classOf(scope.tf(), labels) : null);
  }

  @Override
  public Generator.Output generateFromFeatures(NetScope scope, Operand<TFloat32> z, Operand<TFloat32> features,
      Operand<TInt32> classLabels) {
    checkArgument((classLabels != null) == (instances.classes() > 0), instances.classes() > 0
        ? "IcGanGenerator is also class-conditional (%s classes): give it class labels" : "IcGanGenerator has no classes (%s)",
        instances.classes());
    Ops tf = scope.tf();
    List<Operand<TFloat32>> zs = tf.split(tf.constant(1), z, (long) widths.size()).output().stream()
        .map(o -> (Operand<TFloat32>) o).toList();
    Operand<TFloat32> shared = Dense.of(featureEmbed).spectralNorm(true).apply(scope.child("shared_feat"), features);
    if (classLabels != null) {
      Operand<TFloat32> y = io.gan4j.ops.ClassEmbedding.of(instances.classes(), CLASS_EMBED).apply(scope.child("shared_embed"), classLabels);
      shared = tf.concat(List.of(y, shared), tf.constant(1));
    }
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
