package io.gan4j.ops.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The non-saturating GAN loss: D as in {@link MinimaxLoss}, G minimises −log σ(l) = softplus(−l).
 *
 * <p>Usage: {@code GanLoss loss = new NonSaturatingLoss();}
 */
public final class NonSaturatingLoss implements GanLoss {

  @Override
  public String name() {
    return "non-saturating";
  }

  @Override
  public Operand<TFloat32> realTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.math.softplus(tf.math.neg(logits));
  }

  @Override
  public Operand<TFloat32> fakeTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.math.softplus(logits);
  }

  @Override
  public Operand<TFloat32> generatorTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.math.softplus(tf.math.neg(logits));
  }
}
