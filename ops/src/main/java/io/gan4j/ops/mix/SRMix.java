package io.gan4j.ops.mix;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * SRMix (Smoothed Regional Mix): the CutMix box with smoothed edges. The fake region is the box
 * indicator convolved with a Gaussian whose standard deviation is σ times the box side (per axis),
 * evaluated exactly at pixel centres: {@code [Φ((t − a)/s) − Φ((t − b)/s)]} per axis, multiplied.
 * σ → 0 gives CutMix's box; a large σ spreads the fake weight over the image like a global blend.
 * λ = mean(M).
 *
 * <p>Usage: {@code Mask m = new SRMix(1f, 0.25f).sample(tf, key, n, 32, 32);}
 */
public record SRMix(float alpha, float sigma) implements SampleMixing {

  public SRMix {
    checkArgument(sigma >= 0, "SRMix sigma must be >= 0, got %s", sigma);
  }

  @Override
  public String name() {
    return "srmix";
  }

  @Override
  public Mask sample(Ops tf, Operand<TInt64> key, int n, int h, int w) {
    Box box = Box.sample(tf, key, n, h, w, alpha);
    Operand<TFloat32> inside = tf.math.mul(box.insideRows(tf, sigma), box.insideColumns(tf, sigma));
    Operand<TFloat32> values = tf.math.sub(tf.constant(1f), inside);
    return new Mask(values, Box.mean(tf, values));
  }
}
