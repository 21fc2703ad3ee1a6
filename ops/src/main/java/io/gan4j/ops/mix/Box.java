package io.gan4j.ops.mix;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The CutMix box per sample: integer edges {@code [y1, y2) × [x1, x2)} after clipping, and its
 * (optionally Gaussian-smoothed) indicator along each axis at pixel centres.
 */
final class Box {

  private final int n;
  private final int h;
  private final int w;
  private final Operand<TFloat32> y1;
  private final Operand<TFloat32> y2;
  private final Operand<TFloat32> x1;
  private final Operand<TFloat32> x2;
  private final Operand<TFloat32> cutH;
  private final Operand<TFloat32> cutW;

  private Box(int n, int h, int w, Operand<TFloat32> y1, Operand<TFloat32> y2, Operand<TFloat32> x1,
      Operand<TFloat32> x2, Operand<TFloat32> cutH, Operand<TFloat32> cutW) {
    this.n = n;
    this.h = h;
    this.w = w;
    this.y1 = y1;
    this.y2 = y2;
    this.x1 = x1;
    this.x2 = x2;
    this.cutH = cutH;
    this.cutW = cutW;
  }

  static Box sample(Ops tf, Operand<TInt64> key, int n, int h, int w, float alpha) {
    Operand<TFloat32> lambda = Beta.sample(tf, key, n, alpha);
    Operand<TFloat32> ratio = tf.math.sqrt(tf.math.sub(tf.constant(1f), lambda));
    Operand<TFloat32> cutH = tf.math.round(tf.math.mul(ratio, tf.constant((float) h)));
    Operand<TFloat32> cutW = tf.math.round(tf.math.mul(ratio, tf.constant((float) w)));
    Operand<TFloat32> cy = tf.math.floor(tf.math.mul(Beta.uniform(tf, key, 3, n), tf.constant((float) h)));
    Operand<TFloat32> cx = tf.math.floor(tf.math.mul(Beta.uniform(tf, key, 4, n), tf.constant((float) w)));
    Operand<TFloat32> halfH = tf.math.floor(tf.math.div(cutH, tf.constant(2f)));
    Operand<TFloat32> halfW = tf.math.floor(tf.math.div(cutW, tf.constant(2f)));
    return new Box(n, h, w,
        clip(tf, tf.math.sub(cy, halfH), h), clip(tf, tf.math.add(tf.math.sub(cy, halfH), cutH), h),
        clip(tf, tf.math.sub(cx, halfW), w), clip(tf, tf.math.add(tf.math.sub(cx, halfW), cutW), w),
        cutH, cutW);
  }

  private static Operand<TFloat32> clip(Ops tf, Operand<TFloat32> v, int max) {
    return tf.clipByValue(v, tf.constant(0f), tf.constant((float) max));
  }

  /** {@code [N, H, 1, 1]}: how much each row lies in the box (0/1, or Gaussian-smoothed with σ·cutH). */
  Operand<TFloat32> insideRows(Ops tf, float sigma) {
    return tf.reshape(axis(tf, h, y1, y2, cutH, sigma), tf.constant(new int[] {n, h, 1, 1}));
  }

  /** {@code [N, 1, W, 1]}. */
  Operand<TFloat32> insideColumns(Ops tf, float sigma) {
    return tf.reshape(axis(tf, w, x1, x2, cutW, sigma), tf.constant(new int[] {n, 1, w, 1}));
  }

  /** {@code [N, size]} indicator of pixel centres t + 0.5 in [a, b), or its convolution with N(0, (σ·cut)²). */
  private static Operand<TFloat32> axis(Ops tf, int size, Operand<TFloat32> a, Operand<TFloat32> b,
      Operand<TFloat32> cut, float sigma) {
    float[] centres = new float[size];
    for (int i = 0; i < size; i++) {
      centres[i] = i + 0.5f;
    }
    Operand<TFloat32> t = tf.reshape(tf.constant(centres), tf.constant(new int[] {1, size}));
    Operand<TFloat32> lo = tf.reshape(a, tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> hi = tf.reshape(b, tf.constant(new int[] {-1, 1}));
    if (sigma == 0f) {
      Operand<TFloat32> in = tf.math.mul(
          tf.dtypes.cast(tf.math.greaterEqual(t, lo), TFloat32.class), tf.dtypes.cast(tf.math.less(t, hi), TFloat32.class));
      return in;
    }
    // Box ⊛ Gaussian at t: Φ((t − a)/s) − Φ((t − b)/s), Φ(u) = (1 + erf(u/√2)) / 2.
    Operand<TFloat32> s = tf.reshape(tf.math.maximum(tf.math.mul(cut, tf.constant(sigma)), tf.constant(1e-6f)),
        tf.constant(new int[] {-1, 1}));
    Operand<TFloat32> root2 = tf.constant((float) Math.sqrt(2));
    Operand<TFloat32> phiA = tf.math.erf(tf.math.div(tf.math.div(tf.math.sub(t, lo), s), root2));
    Operand<TFloat32> phiB = tf.math.erf(tf.math.div(tf.math.div(tf.math.sub(t, hi), s), root2));
    // An empty box (a = b) stays empty however it is smoothed.
    return tf.math.mul(tf.math.sub(phiA, phiB), tf.constant(0.5f));
  }

  static Operand<TFloat32> mean(Ops tf, Operand<TFloat32> values) {
    return tf.math.mean(values, tf.constant(new int[] {1, 2, 3}));
  }
}
