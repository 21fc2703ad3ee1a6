package io.gan4j.sdk.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * An equal-weight mixture of isotropic 2-D Gaussians, sampled afresh in the graph for every batch
 * from (seed, counter): the standard mode-coverage benchmarks.
 *
 * <p>Usage: {@code GaussianMixture2d ring = GaussianMixture2d.ring8();}
 */
public final class GaussianMixture2d implements TrainingData {

  private final String name;
  private final float[][] means;
  private final float sigma;

  public GaussianMixture2d(String name, float[][] means, float sigma) {
    this.name = name;
    this.means = means;
    this.sigma = sigma;
  }

  /** 8 Gaussians evenly spaced on a circle of radius 2, σ = 0.02. */
  public static GaussianMixture2d ring8() {
    float[][] means = new float[8][];
    for (int i = 0; i < 8; i++) {
      double a = 2 * Math.PI * i / 8;
      means[i] = new float[] {(float) (2 * Math.cos(a)), (float) (2 * Math.sin(a))};
    }
    return new GaussianMixture2d("ring8", means, 0.02f);
  }

  /** 25 Gaussians at {−4, −2, 0, 2, 4}², σ = 0.05. */
  public static GaussianMixture2d grid25() {
    float[][] means = new float[25][];
    for (int i = 0; i < 25; i++) {
      means[i] = new float[] {-4 + 2 * (i / 5), -4 + 2 * (i % 5)};
    }
    return new GaussianMixture2d("grid25", means, 0.05f);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Integer> elementShape() {
    return List.of(2);
  }

  public float[][] means() {
    return means;
  }

  public float sigma() {
    return sigma;
  }

  @Override
  public Operand<TFloat32> batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    Operand<TInt64> key = tf.stack(List.of(tf.constant(seed), counter));
    Operand<TInt32> component = tf.random.statelessRandomUniformInt(
        tf.constant(new int[] {batchSize}), key, tf.constant(0), tf.constant(means.length));
    Operand<TFloat32> centres = tf.gather(tf.constant(means), component, tf.constant(0));
    Operand<TInt64> noiseKey = tf.stack(List.of(tf.constant(seed ^ 0x5bd1e995L), counter));
    Operand<TFloat32> noise = tf.random.statelessRandomNormal(tf.constant(new int[] {batchSize, 2}), noiseKey);
    return tf.math.add(centres, tf.math.mul(noise, tf.constant(sigma)));
  }
}
