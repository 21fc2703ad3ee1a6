package io.gan4j.ops.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Wasserstein critic loss: ℓ_real = −l, ℓ_fake = l, ℓ_G = −l. Needs a Lipschitz constraint (weight
 * clipping, a gradient penalty or spectral norm) to mean anything.
 *
 * <p>Usage: {@code GanLoss loss = new WassersteinLoss();}
 */
public final class WassersteinLoss implements GanLoss {

  @Override
  public String name() {
    return "wasserstein";
  }

  @Override
  public Operand<TFloat32> realTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.math.neg(logits);
  }

  @Override
  public Operand<TFloat32> fakeTerm(Ops tf, Operand<TFloat32> logits) {
    return logits;
  }

  @Override
  public Operand<TFloat32> generatorTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.math.neg(logits);
  }
}
