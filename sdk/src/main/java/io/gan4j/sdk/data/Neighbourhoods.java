package io.gan4j.sdk.data;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gan4j.sdk.metrics.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * IC-GAN's neighbourhoods (Casanova et al. 2021): for each of N instances with features
 * {@code h_i ∈ R^F}, the indices of its k nearest neighbours by cosine similarity, i.e. by ℓ2
 * distance between ℓ2-normalised features (ic_gan {@code datasets_common.py} normalises the features
 * and searches a faiss {@code IndexFlatL2}; on unit vectors both orders agree).
 *
 * <p>An instance is not its own neighbour: ic_gan searches k + 1 and deletes the instance itself
 * ({@code np.delete(knns, np.where(knns == i_sample))}); here the diagonal of the similarity matrix is
 * lowered below every cosine before the top-k, which is the same set whenever the instance is among
 * its k + 1 nearest (always, barring k + 1 exact duplicates). Neighbours are ordered nearest first;
 * ties go to the lower index ({@code TopKV2}).
 *
 * <p>Computed with TensorFlow matrix ops in blocks of rows: block b is {@code topK(H_b·Hᵀ, k)}, so
 * memory is {@code block × N} floats (60,000 × 60,000 at once would be 14 GB).
 * {@link #cached} stores the result as {@code neighbours.npy} with a key file, so a run computes it once.
 *
 * <p>Usage: {@code int[] nn = Neighbourhoods.compute(features, n, f, 50).indices();}
 */
public final class Neighbourhoods {

  /** ic_gan's k for ImageNet and COCO-Stuff. */
  public static final int DEFAULT_K = 50;
  /** Rows per block: 1,024 × 60,000 floats is 245 MB of similarities. */
  public static final int DEFAULT_BLOCK = 1024;
  public static final String FILE = "neighbours.npy";
  public static final String KEY_FILE = "neighbours.json";

  /** The k neighbours of each of n instances, int32 {@code [n, k]} in C order, nearest first. */
  public record Result(int n, int k, int[] indices) {
    public Result {
      checkArgument(indices.length == (long) n * k, "%s indices are not [%s, %s]", indices.length, n, k);
    }

    /** The j-th nearest neighbour of instance i. */
    public int get(int i, int j) {
      return indices[i * k + j];
    }
  }

  private Neighbourhoods() {}

  /** ℓ2-normalised copy of {@code features [n, f]} (an all-zero row stays zero). */
  public static float[] normalise(float[] features, int n, int f) {
    checkArgument(features.length == (long) n * f, "%s features are not [%s, %s]", features.length, n, f);
    float[] out = new float[features.length];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < f; j++) {
        s += (double) features[i * f + j] * features[i * f + j];
      }
      double inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (int j = 0; j < f; j++) {
        out[i * f + j] = (float) (features[i * f + j] * inv);
      }
    }
    return out;
  }

  /** {@link #compute(float[], int, int, int, int)} in blocks of {@link #DEFAULT_BLOCK} rows. */
  public static Result compute(float[] features, int n, int f, int k) {
    return compute(features, n, f, k, DEFAULT_BLOCK);
  }

  /**
   * The k nearest neighbours by cosine similarity of each row of {@code features [n, f]} (normalised
   * here; need not be already), excluding the row itself.
   */
  public static Result compute(float[] features, int n, int f, int k, int block) {
    checkArgument(features.length == (long) n * f, "%s features are not [%s, %s]", features.length, n, f);
    checkArgument(k >= 1 && k < n, "k must be in [1, %s] for %s instances (an instance is not its own neighbour), got %s",
        n - 1, n, k);
    checkArgument(block >= 1, "block must be >= 1, got %s", block);
    float[] unit = normalise(features, n, f);
    int[] out = new int[n * k];
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> all = tf.constant(Shape.of(n, f), DataBuffers.of(unit, true, false));
      Placeholder<TInt32> start = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      Placeholder<TInt32> rows = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      Operand<TFloat32> part = tf.slice(all, tf.stack(java.util.List.of(start, tf.constant(0))),
          tf.stack(java.util.List.of(rows, tf.constant(-1))));
      Operand<TFloat32> cosine = tf.linalg.matMul(part, all, MatMul.transposeB(true)); // [rows, n]
      // Cosines are in [−1, 1]: subtracting 3 on the diagonal puts each instance below all others.
      Operand<TInt32> rowIndex = tf.expandDims(tf.math.add(tf.range(tf.constant(0), rows, tf.constant(1)), start), tf.constant(1));
      Operand<TInt32> colIndex = tf.expandDims(tf.range(tf.constant(0), tf.constant(n), tf.constant(1)), tf.constant(0));
      Operand<TFloat32> self = tf.dtypes.cast(tf.math.equal(rowIndex, colIndex), TFloat32.class);
      Operand<TInt32> top = tf.nn.topK(tf.math.sub(cosine, tf.math.mul(self, tf.constant(3f))), tf.constant(k), TInt32.class).indices();
      for (int from = 0; from < n; from += block) {
        int m = Math.min(block, n - from);
        try (TInt32 a = TInt32.scalarOf(from); TInt32 b = TInt32.scalarOf(m);
            org.tensorflow.Result r = s.runner().feed(start, a).feed(rows, b).fetch(top).run()) {
          int[] chunk = new int[m * k];
          ((TInt32) r.get(0)).copyTo(DataBuffers.of(chunk, false, false));
          System.arraycopy(chunk, 0, out, from * k, chunk.length);
        }
      }
    }
    return new Result(n, k, out);
  }

  /** Whether {@code dir} holds neighbourhoods computed for {@code key}, n and k. */
  public static boolean isCached(Path dir, String key, int n, int k) {
    Path file = dir.resolve(FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    if (!Files.exists(file) || !Files.exists(keyFile)) {
      return false;
    }
    try {
      var stored = new ObjectMapper().readTree(keyFile.toFile());
      return key.equals(stored.path("key").asText()) && stored.path("n").asInt() == n && stored.path("k").asInt() == k;
    } catch (IOException e) {
      return false; // unreadable: recompute
    }
  }

  /**
   * The neighbourhoods in {@code dir} when its key file says they were computed for {@code key}
   * (the feature network and the dataset), n instances and k; else computed from
   * {@code features.get()} ({@code [n, f]}) and stored there ({@link #FILE}, {@link #KEY_FILE}).
   */
  public static Result cached(Path dir, String key, int n, int f, int k, Supplier<float[]> features) {
    Path file = dir.resolve(FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    ObjectMapper json = new ObjectMapper();
    try {
      if (isCached(dir, key, n, k)) {
        return new Result(n, k, Npy.readInts(file, new long[] {n, k}));
      }
      Result r = compute(features.get(), n, f, k);
      Npy.write(file, new long[] {n, k}, r.indices());
      ObjectNode meta = json.createObjectNode().put("key", key).put("n", n).put("k", k)
          .put("metric", "cosine on l2-normalised features; an instance is not its own neighbour");
      byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta);
      io.gan4j.sdk.io.AtomicFile.write(keyFile, tmp -> Files.write(tmp, bytes));
      return r;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot cache neighbourhoods in " + dir + ": " + e.getMessage(), e);
    }
  }
}
