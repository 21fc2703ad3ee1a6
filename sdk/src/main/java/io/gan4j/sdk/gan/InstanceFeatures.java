package io.gan4j.sdk.gan;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.gan4j.sdk.metrics.Npy;
import java.nio.file.Path;
import java.util.Map;
import java.util.WeakHashMap;
import org.tensorflow.ExecutionEnvironment;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * IC-GAN's conditioning (Casanova et al. 2021): instance i of the training set is described by
 * {@code h_i}, the ℓ2-normalised output of a feature network on its image, and its neighbourhood, the
 * k instances nearest to it by cosine similarity. In a training graph the condition travels as the
 * int32 instance index i (as a class label does), and the networks look {@code h_i} up in the
 * frozen table {@code features.npy} of this directory ({@link #lookup}); at inference they take
 * feature vectors directly ({@link FeatureConditioned}).
 *
 * <p>A recipe names the feature network and k ({@link #unresolved}); preparing a run computes the
 * table and the neighbourhoods into {@code directory} and fills in {@code count} (N) and
 * {@code dimension} (F). Stored with the networks in {@code config.json}.
 *
 * @param featureNetwork the feature SavedModel ({@code "default"}: the shipped Fashion-MNIST network)
 * @param k neighbours per instance (ic_gan: 50)
 * @param directory where {@code features.npy} {@code [N, F]} and {@code neighbours.npy} {@code [N, k]} are; null until prepared
 * @param count N, instances in the training set (0 until prepared)
 * @param dimension F, width of a feature vector (0 until prepared)
 */
public record InstanceFeatures(String featureNetwork, int k, String directory, int count, int dimension) {

  public static final String FEATURES_FILE = "features.npy";
  public static final String DEFAULT_NETWORK = "default";

  private static final Map<ExecutionEnvironment, Map<String, Operand<TFloat32>>> TABLES = new WeakHashMap<>();

  public InstanceFeatures {
    featureNetwork = featureNetwork == null ? DEFAULT_NETWORK : featureNetwork;
    checkArgument(k >= 1, "InstanceFeatures.k must be >= 1, got %s", k);
    checkArgument(directory == null || (count > k && dimension > 0),
        "InstanceFeatures: a prepared table needs count > k and dimension > 0, got count %s, k %s, dimension %s", count, k, dimension);
  }

  /** Not yet computed for a dataset: what a recipe names. */
  public static InstanceFeatures unresolved(String featureNetwork, int k) {
    return new InstanceFeatures(featureNetwork, k, null, 0, 0);
  }

  @JsonIgnore
  public boolean resolved() {
    return directory != null;
  }

  /** The table's file. */
  @JsonIgnore
  public Path featuresFile() {
    requireResolved();
    return Path.of(directory).resolve(FEATURES_FILE);
  }

  /** The table {@code [N, F]} as one constant per graph (every G and D pass of a graph shares it). */
  public Operand<TFloat32> table(Ops tf) {
    requireResolved();
    ExecutionEnvironment env = tf.scope().env();
    synchronized (TABLES) {
      Map<String, Operand<TFloat32>> tables = TABLES.computeIfAbsent(env, e -> new java.util.HashMap<>());
      String key = featuresFile().toAbsolutePath().toString();
      Operand<TFloat32> t = tables.get(key);
      if (t == null) {
        float[] values = Npy.readFloats(featuresFile(), new long[] {count, dimension});
        // A scope of its own: no control dependencies or names of the pass that first asks for it.
        Ops root = env instanceof Graph g ? Ops.create(g) : tf;
        t = root.withName("instance_features").constant(Shape.of(count, dimension), DataBuffers.of(values, true, false));
        tables.put(key, t);
      }
      return t;
    }
  }

  /** {@code h_i} for int32 instance indices {@code [B]}: {@code [B, F]}. */
  public Operand<TFloat32> lookup(Ops tf, Operand<TInt32> index) {
    return tf.gather(table(tf), index, tf.constant(0));
  }

  private void requireResolved() {
    if (!resolved()) {
      throw new IllegalStateException("IC-GAN instance features (" + featureNetwork + ", k " + k + ") are not prepared for a dataset;"
          + " gan4j train prepares them (features.npy, neighbours.npy) beside the run");
    }
  }
}
