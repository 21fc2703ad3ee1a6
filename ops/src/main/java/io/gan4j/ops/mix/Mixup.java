package io.gan4j.ops.mix;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Mixup for D (Zhang et al. 2018): a global blend, {@code M = λ} everywhere with λ ~ Beta(α, α).
 *
 * <p>Usage: {@code Mask m = new Mixup(1f).sample(tf, key, n, 32, 32);}
 */
public record Mixup(float alpha) implements SampleMixing {

  @Override
  public String name() {
    return "mixup";
  }

  @Override
  public Mask sample(Ops tf, Operand<TInt64> key, int n, int h, int w) {
    Operand<TFloat32> lambda = Beta.sample(tf, key, n, alpha);
    Operand<TFloat32> values = tf.math.mul(tf.reshape(lambda, tf.constant(new int[] {n, 1, 1, 1})),
        tf.ones(tf.constant(new int[] {n, h, w, 1}), TFloat32.class));
    return new Mask(values, lambda);
  }
}
