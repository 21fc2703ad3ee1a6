package io.gan4j.ops.mix;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * CutMix for D (Yun et al. 2019): λ ~ Beta(α, α), a box of side {@code √(1−λ)·H × √(1−λ)·W} at a
 * uniform centre, clipped to the image, is taken from the fake image ({@code M = 0} inside, 1
 * outside); λ is then recomputed as {@code mean(M)}, the real fraction after clipping.
 *
 * <p>Usage: {@code Mask m = new CutMix(1f).sample(tf, key, n, 32, 32);}
 */
public record CutMix(float alpha) implements SampleMixing {

  @Override
  public String name() {
    return "cutmix";
  }

  @Override
  public Mask sample(Ops tf, Operand<TInt64> key, int n, int h, int w) {
    Box box = Box.sample(tf, key, n, h, w, alpha);
    Operand<TFloat32> inside = tf.math.mul(box.insideRows(tf, 0f), box.insideColumns(tf, 0f));
    Operand<TFloat32> values = tf.math.sub(tf.constant(1f), inside);
    return new Mask(values, Box.mean(tf, values));
  }
}
