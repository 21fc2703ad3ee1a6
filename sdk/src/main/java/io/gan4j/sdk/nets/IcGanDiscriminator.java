package io.gan4j.sdk.nets;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.FeatureConditioned;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.gan.InstanceFeatures;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * IC-GAN's discriminator (ic_gan {@code BigGAN.py}, {@code D.forward} with {@code feat} only):
 * an unconditional ResNet body (any {@link DiscriminatorSpec} without classes) gives the pooled
 * features φ(x) {@code [N, C]} and {@code linear(φ)}; the instance features enter by projection,
 * {@code logit = linear(φ) + Σ_c (linear_feat(h) ⊙ φ)}, with {@code linear_feat} an SN linear layer
 * F → C when the body has spectral norm. With class conditioning on top (cc-IC-GAN) both share the
 * projection: {@code Σ_c ([embed(y), linear_feat(h)] ⊙ φ)}, each C/2 wide, y the neighbour's class.
 * The features head stays φ(x).
 *
 * <p>Usage: {@code new IcGanDiscriminator(body, InstanceFeatures.unresolved("default", 50))}
 */
public record IcGanDiscriminator(DiscriminatorSpec body, InstanceFeatures instances) implements DiscriminatorNetwork, FeatureConditioned {

  public IcGanDiscriminator {
    checkArgument(body != null && instances != null, "IcGanDiscriminator: body and instances are required");
    checkArgument(body.classes() == 0, "IcGanDiscriminator: the body must be unconditional (classes 0), got %s", body.classes());
    checkArgument(body.architecture() == DiscriminatorSpec.Architecture.RESNET,
        "IcGanDiscriminator: the body must be a RESNET discriminator (pooled features), got %s", body.architecture());
  }

  @Override
  public List<Integer> inputShape() {
    return body.inputShape();
  }

  @Override
  public int classes() {
    return instances.conditions();
  }

  /** As {@link IcGanGenerator#withClasses}. */
  @Override
  public IcGanDiscriminator withClasses(int k) {
    if (instances.resolved()) {
      return (IcGanDiscriminator) DiscriminatorNetwork.super.withClasses(k);
    }
    return withInstances(instances.withClasses(k));
  }

  @Override
  public IcGanDiscriminator withInstances(InstanceFeatures f) {
    return new IcGanDiscriminator(body, f);
  }

  @Override
  public Heads judge(NetScope scope, Operand<TFloat32> x, Operand<TInt32> labels) {
    Heads h = body.judge(scope, x, null);
    if (labels == null) {
      return h;
    }
    return judgeWithFeatures(scope, h, instances.lookup(scope.tf(), labels),
        instances.classes() > 0 ? instances.classOf(scope.tf(), labels) : null);
  }

  /** D on x and feature vectors {@code [N, F]}: the body's heads plus the projection of h (no classes on top). */
  public Heads judgeWithFeatures(NetScope scope, Operand<TFloat32> x, Operand<TFloat32> features) {
    return judgeWithFeatures(scope, x, features, null);
  }

  /** D on x and feature vectors {@code [N, F]} (and class labels with classes on top): the body's heads plus the projection. */
  public Heads judgeWithFeatures(NetScope scope, Operand<TFloat32> x, Operand<TFloat32> features, Operand<TInt32> classLabels) {
    return judgeWithFeatures(scope, body.judge(scope, x, null), features, classLabels);
  }

  private Heads judgeWithFeatures(NetScope scope, Heads h, Operand<TFloat32> features, Operand<TInt32> classLabels) {
    Ops tf = scope.tf();
    int c = (int) h.features().shape().get(1);
    boolean withClasses = instances.classes() > 0;
    if (withClasses != (classLabels != null)) {
      throw new IllegalArgumentException(withClasses ? "IcGanDiscriminator is also class-conditional: give it class labels"
          : "IcGanDiscriminator has no classes: it takes no class labels");
    }
    Operand<TFloat32> embedded = Dense.of(withClasses ? c / 2 : c).spectralNorm(body.spectralNorm()).apply(scope.child("linear_feat"), features);
    if (withClasses) {
      Operand<TFloat32> y = io.gan4j.ops.ClassEmbedding.of(instances.classes(), c - c / 2).spectralNorm(body.spectralNorm())
          .apply(scope.child("embed"), classLabels);
      embedded = tf.concat(List.of(y, embedded), tf.constant(1));
    }
    Operand<TFloat32> projection = tf.reduceSum(tf.math.mul(embedded, h.features()), tf.constant(1), ReduceSum.keepDims(false));
    return new Heads(tf.math.add(h.logits(), projection), h.pixelLogits(), h.features(), h.attention());
  }
}
