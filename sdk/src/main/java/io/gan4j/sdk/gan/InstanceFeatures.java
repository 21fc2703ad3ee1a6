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
 * @param classes class conditioning on top (ic_gan's cc-IC-GAN): 0 = instances only; else the classes of
 *     the data, and the condition encodes (instance i, neighbour rank r) as {@code i·k + r}, so G and D
 *     also see the class of the neighbour (ic_gan: the real image's label, and for G the label of a
 *     random neighbour of the sampled instance, {@code sample_conditioning_instance_balance})
 */
public record InstanceFeatures(String featureNetwork, int k, String directory, int count, int dimension, int classes) {

  public static final String FEATURES_FILE = "features.npy";
  /** Class of every training instance, int32 {@code [N]} (written when the data has labels). */
  public static final String LABELS_FILE = "labels.npy";
  public static final String DEFAULT_NETWORK = "default";

  private static final Map<ExecutionEnvironment, Map<String, Operand<?>>> TABLES = new WeakHashMap<>();

  /** Instances only (no classes). */
  public InstanceFeatures(String featureNetwork, int k, String directory, int count, int dimension) {
    this(featureNetwork, k, directory, count, dimension, 0);
  }

  public InstanceFeatures {
    checkArgument(classes >= 0, "InstanceFeatures.classes must be >= 0 (0 = instances only), got %s", classes);
    featureNetwork = featureNetwork == null ? DEFAULT_NETWORK : featureNetwork;
    checkArgument(k >= 1, "InstanceFeatures.k must be >= 1, got %s", k);
    checkArgument(directory == null || (count > k && dimension > 0),
        "InstanceFeatures: a prepared table needs count > k and dimension > 0, got count %s, k %s, dimension %s", count, k, dimension);
  }

  /** Not yet computed for a dataset: what a recipe names. */
  public static InstanceFeatures unresolved(String featureNetwork, int k) {
    return new InstanceFeatures(featureNetwork, k, null, 0, 0, 0);
  }

  /** The same with class conditioning on top over {@code classes} classes (0: off). */
  public InstanceFeatures withClasses(int classes) {
    return new InstanceFeatures(featureNetwork, k, directory, count, dimension, classes);
  }

  /** The range of the int32 condition: N, or N·k with classes (instance i and neighbour rank r as i·k + r). */
  @JsonIgnore
  public int conditions() {
    return directory == null ? 0 : classes > 0 ? count * k : count;
  }

  /** The instance of int32 conditions. */
  public Operand<TInt32> instanceOf(Ops tf, Operand<TInt32> condition) {
    return classes > 0 ? tf.math.floorDiv(condition, tf.constant(k)) : condition;
  }

  /** The class of the neighbour a condition names ({@code labels[neighbours[i, r]]}); needs classes > 0. */
  public Operand<TInt32> classOf(Ops tf, Operand<TInt32> condition) {
    checkArgument(classes > 0, "InstanceFeatures: no class conditioning (classes 0)");
    requireResolved();
    Operand<TInt32> neighbours = constant(tf, "neighbours", () -> {
      int[] v = Npy.readInts(Path.of(directory).resolve("neighbours.npy"), new long[] {count, k});
      return graphOps(tf).constant(Shape.of(count, k), DataBuffers.of(v, true, false));
    });
    Operand<TInt32> labels = constant(tf, "labels", () -> {
      int[] v = Npy.readInts(Path.of(directory).resolve(LABELS_FILE), new long[] {count});
      return graphOps(tf).constant(v);
    });
    Operand<TInt32> i = tf.math.floorDiv(condition, tf.constant(k));
    Operand<TInt32> r = tf.math.floorMod(condition, tf.constant(k));
    Operand<TInt32> j = tf.gatherNd(neighbours, tf.stack(java.util.List.of(i, r), org.tensorflow.op.core.Stack.axis(1L)));
    return tf.gather(labels, j, tf.constant(0));
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
    return constant(tf, "features", () -> {
      float[] values = Npy.readFloats(featuresFile(), new long[] {count, dimension});
      return graphOps(tf).withName("instance_features").constant(Shape.of(count, dimension), DataBuffers.of(values, true, false));
    });
  }

  /** A scope of its own: no control dependencies or names of the pass that first asks for a constant. */
  private static Ops graphOps(Ops tf) {
    return tf.scope().env() instanceof Graph g ? Ops.create(g) : tf;
  }

  @SuppressWarnings("unchecked")
  private <T extends org.tensorflow.types.family.TType> Operand<T> constant(Ops tf, String what,
      java.util.function.Supplier<Operand<T>> make) {
    ExecutionEnvironment env = tf.scope().env();
    synchronized (TABLES) {
      Map<String, Operand<?>> tables = TABLES.computeIfAbsent(env, e -> new java.util.HashMap<>());
      String key = Path.of(directory).toAbsolutePath() + "|" + what;
      Operand<?> t = tables.get(key);
      if (t == null) {
        t = make.get();
        tables.put(key, t);
      }
      return (Operand<T>) t;
    }
  }

  /** {@code h_i} for int32 conditions {@code [B]} (instance indices, or i·k + r with classes): {@code [B, F]}. */
  public Operand<TFloat32> lookup(Ops tf, Operand<TInt32> condition) {
    return tf.gather(table(tf), instanceOf(tf, condition), tf.constant(0));
  }

  private void requireResolved() {
    if (!resolved()) {
      throw new IllegalStateException("IC-GAN instance features (" + featureNetwork + ", k " + k + ") are not prepared for a dataset;"
          + " gan4j train prepares them (features.npy, neighbours.npy) beside the run");
    }
  }
}
