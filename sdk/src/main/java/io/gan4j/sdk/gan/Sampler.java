package io.gan4j.sdk.gan;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.nets.Generator;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The one sampler of a trained generator, shared by the trainer's sample grids and evaluations,
 * {@code TrainedGenerator} and the exported SavedModel's {@code sample} signature, so a seed means
 * the same images everywhere: z ~ N(0, 1) keyed (seed, 0), optionally truncated; conditional models
 * get {@link #labels}; G runs in INFER mode, on the moving average of its weights when the run keeps one.
 *
 * <p>Usage: {@code Generator.Output out = Sampler.sample(tf, store, network, true, seed, count, label, null);}
 */
public final class Sampler {

  /** Rounds of resampling before the last clip; P(|z| > 0.5) = 0.62, so 0.62^16 < 0.05 % is clipped. */
  public static final int TRUNCATION_ROUNDS = 16;

  private Sampler() {}

  /**
   * G's output for {@code count} samples of {@code seed}; {@code label} (conditional models only) −1
   * spreads the classes in blocks; {@code truncation} null or ≤ 0 leaves z untouched.
   */
  public static Generator.Output sample(Ops tf, VariableStore store, GeneratorNetwork network, boolean averaged,
      Operand<TInt64> seed, Operand<TInt32> count, Operand<TInt32> label, Operand<TFloat32> truncation) {
    Operand<TFloat32> z = latents(tf, network.zDim(), seed, count, truncation);
    ForwardPass pass = averaged ? ForwardPass.averaged() : ForwardPass.of(Mode.INFER);
    return network.generate(NetScope.root(store, pass, GanModel.G), z,
        network.conditional() ? labels(tf, network.classes(), count, label) : null);
  }

  /** The sampler's z {@code [count, zDim]}: N(0, 1) keyed (seed, 0), truncated when {@code truncation} is not null. */
  public static Operand<TFloat32> latents(Ops tf, int zDim, Operand<TInt64> seed, Operand<TInt32> count, Operand<TFloat32> truncation) {
    Operand<TInt32> shape = tf.stack(List.of(count, tf.constant(zDim)));
    Operand<TFloat32> z = tf.random.statelessRandomNormal(shape, tf.stack(List.of(seed, tf.constant(0L))));
    return truncation == null ? z : truncate(tf, z, shape, seed, truncation);
  }

  /**
   * Labels for {@code count} samples: {@code label} for all when it is ≥ 0, else sample i gets class
   * {@code i·classes / count}, so a grid of {@code classes} rows shows one class per row.
   */
  public static Operand<TInt32> labels(Ops tf, int classes, Operand<TInt32> count, Operand<TInt32> label) {
    Operand<TInt32> i = tf.range(tf.constant(0), count, tf.constant(1));
    Operand<TInt32> spread = tf.math.floorDiv(tf.math.mul(i, tf.constant(classes)), count);
    Operand<TInt32> fixed = tf.math.add(tf.math.mul(i, tf.constant(0)), label);
    return tf.select(tf.math.less(label, tf.constant(0)), spread, fixed);
  }

  /**
   * The truncation trick: entries with {@code |z| > t} are redrawn (up to {@link #TRUNCATION_ROUNDS}
   * times from fresh stateless normals keyed by the seed), then clipped to ±t; {@code t ≤ 0} leaves z
   * untouched, so the default reproduces the run's samples.
   */
  public static Operand<TFloat32> truncate(Ops tf, Operand<TFloat32> z, Operand<TInt32> shape, Operand<TInt64> seed,
      Operand<TFloat32> t) {
    Operand<TFloat32> out = z;
    for (int round = 1; round <= TRUNCATION_ROUNDS; round++) {
      Operand<TFloat32> fresh = tf.random.statelessRandomNormal(shape, tf.stack(List.of(seed, tf.constant((long) round))));
      out = tf.select(tf.math.greater(tf.math.abs(out), t), fresh, out);
    }
    out = tf.clipByValue(out, tf.math.neg(t), t);
    return tf.select(tf.math.greater(t, tf.constant(0f)), out, z);
  }
}
