package io.gan4j.ops.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Hinge loss (SN-GAN, SAGAN, BigGAN): ℓ_real = max(0, 1 − l), ℓ_fake = max(0, 1 + l), ℓ_G = −l.
 *
 * <p>Usage: {@code GanLoss loss = new HingeLoss();}
 */
public final class HingeLoss implements GanLoss {

  @Override
  public String name() {
    return "hinge";
  }

  @Override
  public Operand<TFloat32> realTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.nn.relu(tf.math.sub(tf.constant(1f), logits));
  }

  @Override
  public Operand<TFloat32> fakeTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.nn.relu(tf.math.add(tf.constant(1f), logits));
  }

  @Override
  public Operand<TFloat32> generatorTerm(Ops tf, Operand<TFloat32> logits) {
    return tf.math.neg(logits);
  }
}
