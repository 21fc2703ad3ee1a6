package io.gan4j.sdk.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import java.util.Optional;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Images held in the graph as one uint8 constant {@code [N, H, W, C]}. Epoch e visits the examples
 * in the order of a permutation drawn by stateless random ops from (seed, e); a batch is a
 * {@code Gather} from that permutation, so there is no iterator state to save and resume is exact
 * (the permutation is cached per epoch in the graph, but only as a function of (seed, e)).
 * The last {@code N mod batch} examples of each epoch's order are skipped.
 *
 * <p>Usage: {@code ImageDataset fmnist = FashionMnist.load(FashionMnist.DEFAULT_DIR);}
 */
public final class ImageDataset implements TrainingData {


  private final String name;
  private final int count;
  private final int height;
  private final int width;
  private final int channels;
  private final byte[] pixels;
  private final int[] labels;

  public ImageDataset(String name, int count, int height, int width, int channels, byte[] pixels, int[] labels) {
    checkArgument(count > 0, "%s: a dataset needs at least one image", name);
    checkArgument(pixels.length == (long) count * height * width * channels,
        "%s: %s bytes of pixels for %s images of %sx%sx%s", name, pixels.length, count, height, width, channels);
    if (labels != null && labels.length != count) {
      throw new DataException(name + ": " + labels.length + " labels for " + count + " images");
    }
    this.name = name;
    this.count = count;
    this.height = height;
    this.width = width;
    this.channels = channels;
    this.pixels = pixels;
    this.labels = labels;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Integer> elementShape() {
    return List.of(height, width, channels);
  }

  public int size() {
    return count;
  }

  /** Raw uint8 pixels, NHWC. */
  public byte[] pixels() {
    return pixels;
  }

  @Override
  public int classes() {
    return labels == null ? 0 : java.util.stream.IntStream.of(labels).max().orElse(-1) + 1;
  }

  public Optional<int[]> labels() {
    return Optional.ofNullable(labels);
  }

  /** The same images, zero-padded (black) by {@code pad} pixels on every side. */
  public ImageDataset padded(int pad) {
    int h = height + 2 * pad;
    int w = width + 2 * pad;
    byte[] out = new byte[count * h * w * channels];
    int rowBytes = width * channels;
    for (int n = 0; n < count; n++) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(pixels, ((n * height + y) * width) * channels, out,
            ((n * h + y + pad) * w + pad) * channels, rowBytes);
      }
    }
    return new ImageDataset(name, count, h, w, channels, out, labels);
  }

  @Override
  public Operand<TFloat32> batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    return toFloat(tf, tf.gather(imagesConstant(tf), EpochOrder.batchIndex(tf, counter, batchSize, seed, count, name), tf.constant(0)));
  }

  /** A batch with its labels, in the same order as {@link #batch}: labels are int32 {@code [batchSize]}. */
  @Override
  public LabeledBatch labeledBatch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    int[] all = labels().orElseThrow(() -> new DataException(name + " has no labels"));
    Operand<TInt32> index = EpochOrder.batchIndex(tf, counter, batchSize, seed, count, name);
    Operand<TInt32> y = tf.gather(tf.constant(all), index, tf.constant(0));
    return new LabeledBatch(toFloat(tf, tf.gather(imagesConstant(tf), index, tf.constant(0))), y);
  }

  /** Images in [−1, 1] and their int32 labels. */
  public record LabeledBatch(Operand<TFloat32> images, Operand<TInt32> labels) {}

  /** Images {@code [from, from + n)} as floats in [−1, 1], NHWC, on the host (for evaluation). */
  public float[] toFloats(int from, int n) {
    checkArgument(from >= 0 && n >= 0 && from + n <= count, "images [%s, %s) out of range for %s (%s images)",
        from, from + n, name, count);
    int per = height * width * channels;
    float[] out = new float[n * per];
    for (int i = 0; i < out.length; i++) {
      out[i] = (pixels[from * per + i] & 0xff) / 127.5f - 1f;
    }
    return out;
  }

  /** The images at {@code indices} (labels kept), under {@code newName}. */
  public ImageDataset select(String newName, int[] indices) {
    int per = height * width * channels;
    byte[] out = new byte[indices.length * per];
    int[] outLabels = labels == null ? null : new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(pixels, indices[i] * per, out, i * per, per);
      if (outLabels != null) {
        outLabels[i] = labels[indices[i]];
      }
    }
    return new ImageDataset(newName, indices.length, height, width, channels, out, outLabels);
  }

  Operand<TUint8> imagesConstant(Ops tf) {
    // One constant per graph: a second batch op (a translation run's sample grid) would otherwise add
    // another copy of every image, and TensorFlow copies the graph for every new set of fetches.
    synchronized (this) {
      if (constantGraph != tf.scope().env()) {
        Ops plain = tf.scope().env() instanceof org.tensorflow.Graph g ? Ops.create(g) : tf;
        constant = plain.constant(Shape.of(count, height, width, channels), DataBuffers.of(pixels, true, false));
        constantGraph = tf.scope().env();
      }
      return constant;
    }
  }

  /** The graph of {@link #constant}: only the newest graph's is kept, so no closed graph stays reachable for long. */
  private org.tensorflow.ExecutionEnvironment constantGraph;
  private Operand<TUint8> constant;

  static Operand<TFloat32> toFloat(Ops tf, Operand<TUint8> images) {
    Operand<TFloat32> batch = tf.dtypes.cast(images, TFloat32.class);
    return tf.math.sub(tf.math.div(batch, tf.constant(127.5f)), tf.constant(1f));
  }
}
