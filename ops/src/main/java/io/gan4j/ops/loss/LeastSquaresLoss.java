package io.gan4j.ops.loss;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Least-squares GAN (Mao et al. 2017, a=0, b=c=1): ℓ_real = ½(l − 1)², ℓ_fake = ½l², ℓ_G = ½(l − 1)².
 *
 * <p>Usage: {@code GanLoss loss = new LeastSquaresLoss();}
 */
public final class LeastSquaresLoss implements GanLoss {

  @Override
  public String name() {
    return "least-squares";
  }

  @Override
  public Operand<TFloat32> realTerm(Ops tf, Operand<TFloat32> logits) {
    return half(tf, tf.math.square(tf.math.sub(logits, tf.constant(1f))));
  }

  @Override
  public Operand<TFloat32> fakeTerm(Ops tf, Operand<TFloat32> logits) {
    return half(tf, tf.math.square(logits));
  }

  @Override
  public Operand<TFloat32> generatorTerm(Ops tf, Operand<TFloat32> logits) {
    return realTerm(tf, logits);
  }

  private static Operand<TFloat32> half(Ops tf, Operand<TFloat32> x) {
    return tf.math.mul(x, tf.constant(0.5f));
  }
}
