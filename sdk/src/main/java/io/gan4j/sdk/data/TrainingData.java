package io.gan4j.sdk.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * A source of training batches that lives inside the graph. A batch is a pure function of
 * (seed, counter), so a resumed run sees exactly the batches the uninterrupted run would have.
 * A batch may keep derived state in the graph ({@link ImageDataset} caches the epoch's
 * permutation): run {@code session.initialize()} before restoring a checkpoint into such a graph.
 *
 * <p>Usage: {@code Operand<TFloat32> real = data.batch(tf, dStepCounter, 64, seed);}
 */
public interface TrainingData {

  /** A short name for logs and metadata ({@code fashion-mnist}, {@code ring8}, ...). */
  String name();

  /** Shape of one example: {@code [H, W, C]} for images, {@code [d]} for points. */
  List<Integer> elementShape();

  /** The {@code counter}-th batch of {@code batchSize} examples, float32 (images in [−1, 1]). */
  Operand<TFloat32> batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed);

  /**
   * The same batch as {@link #batch} with its int32 class labels, for conditional models; data
   * without labels refuses.
   */
  default ImageDataset.LabeledBatch labeledBatch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    throw new DataException(name() + " has no class labels; a conditional model needs labelled data");
  }

  /** Number of classes of labelled data (labels are in [0, classes)); 0 without labels. */
  default int classes() {
    return 0;
  }

  default boolean isImage() {
    return elementShape().size() == 3;
  }
}
