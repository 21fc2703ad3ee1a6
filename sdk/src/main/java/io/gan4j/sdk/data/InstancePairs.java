package io.gan4j.sdk.data;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * IC-GAN's training pairs (Casanova et al. 2021): the counter-th batch visits instances i in the
 * dataset's epoch order ({@link EpochOrder}, as {@link ImageDataset}) and pairs each with the image of
 * one of its k neighbours drawn uniformly (ic_gan {@code datasets_common.py}: {@code img_nn} for
 * {@code index}); {@link #labeledBatch} returns (neighbour images, instance indices i), and the
 * networks look up {@code h_i}. The neighbour draw is a stateless uniform int keyed by
 * (seed, stream {@link #NEIGHBOUR_STREAM}, counter), so resume is exact. {@link #classes()} is N:
 * G's conditions are instances drawn uniformly, as ic_gan's {@code sample_conditioning_instance_balance}.
 *
 * <p>Usage: {@code TrainingData pairs = new InstancePairs(fashionMnist, neighbourhoods);}
 */
public final class InstancePairs implements TrainingData {

  /** Random stream of the neighbour draw (after the trainer's streams 1–8, see {@code GanModel}). */
  public static final long NEIGHBOUR_STREAM = 9;

  private final ImageDataset images;
  private final Neighbourhoods.Result neighbours;
  private final boolean withRank;

  public InstancePairs(ImageDataset images, Neighbourhoods.Result neighbours) {
    this(images, neighbours, false);
  }

  /**
   * @param withRank the condition is {@code i·k + r} (r the rank of the drawn neighbour), for class
   *     conditioning on top ({@code InstanceFeatures.classes() > 0}); else i
   */
  public InstancePairs(ImageDataset images, Neighbourhoods.Result neighbours, boolean withRank) {
    checkArgument(neighbours.n() == images.size(), "%s: neighbourhoods of %s instances for %s images", images.name(),
        neighbours.n(), images.size());
    this.images = images;
    this.neighbours = neighbours;
    this.withRank = withRank;
  }

  public ImageDataset images() {
    return images;
  }

  public Neighbourhoods.Result neighbours() {
    return neighbours;
  }

  @Override
  public String name() {
    return images.name();
  }

  @Override
  public List<Integer> elementShape() {
    return images.elementShape();
  }

  /** N, or N·k with the neighbour rank: the range of the condition. */
  @Override
  public int classes() {
    return withRank ? images.size() * neighbours.k() : images.size();
  }

  @Override
  public Operand<TFloat32> batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    return labeledBatch(tf, counter, batchSize, seed).images();
  }

  @Override
  public ImageDataset.LabeledBatch labeledBatch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    int n = images.size();
    int k = neighbours.k();
    Operand<TInt32> instance = EpochOrder.batchIndex(tf, counter, batchSize, seed, n, name());
    Operand<TInt32> pick = tf.random.statelessRandomUniformInt(tf.constant(new int[] {batchSize}),
        tf.stack(List.of(tf.constant(seed * 31 + NEIGHBOUR_STREAM), counter)), tf.constant(0), tf.constant(k));
    Operand<TInt32> table = tf.constant(Shape.of(n, k), DataBuffers.of(neighbours.indices(), true, false));
    Operand<TInt32> neighbour = tf.gatherNd(table, tf.stack(List.of(instance, pick), org.tensorflow.op.core.Stack.axis(1L)));
    Operand<TFloat32> real = ImageDataset.toFloat(tf, tf.gather(images.imagesConstant(tf), neighbour, tf.constant(0)));
    return new ImageDataset.LabeledBatch(real, withRank ? tf.math.add(tf.math.mul(instance, tf.constant(k)), pick) : instance);
  }
}
