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
 * F → C when the body has spectral norm. The features head stays φ(x).
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
    return instances.resolved() ? instances.count() : 0;
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
    return judgeWithFeatures(scope, h, instances.lookup(scope.tf(), labels));
  }

  /** D on x and feature vectors {@code [N, F]}: the body's heads plus the projection of h. */
  public Heads judgeWithFeatures(NetScope scope, Operand<TFloat32> x, Operand<TFloat32> features) {
    return judgeWithFeatures(scope, body.judge(scope, x, null), features);
  }

  private Heads judgeWithFeatures(NetScope scope, Heads h, Operand<TFloat32> features) {
    Ops tf = scope.tf();
    int c = (int) h.features().shape().get(1);
    Operand<TFloat32> embedded = Dense.of(c).spectralNorm(body.spectralNorm()).apply(scope.child("linear_feat"), features);
    Operand<TFloat32> projection = tf.reduceSum(tf.math.mul(embedded, h.features()), tf.constant(1), ReduceSum.keepDims(false));
    return new Heads(tf.math.add(h.logits(), projection), h.pixelLogits(), h.features(), h.attention());
  }
}
