package io.gan4j.ops.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The original (saturating) minimax GAN loss on logits l: ℓ_real = softplus(−l) = −log σ(l),
 * ℓ_fake = softplus(l) = −log(1 − σ(l)), and G minimises log(1 − σ(l)) = −softplus(l).
 *
 * <p>Usage: {@code GanLoss loss = new MinimaxLoss();}
 */
public final class MinimaxLoss implements GanLoss {

  @Override
  public String name() {
    return "minimax";
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
    return tf.math.neg(tf.math.softplus(logits));
  }
}
