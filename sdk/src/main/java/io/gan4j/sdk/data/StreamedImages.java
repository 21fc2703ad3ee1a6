package io.gan4j.sdk.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Images streamed from their files: the graph holds only the paths (and labels); each step
 * gathers its batch's paths in the {@link EpochOrder} and decodes them with a parallel map
 * ({@link FolderDecoder}). No iterator state survives a step, so a batch stays a pure function of
 * (seed, counter) and a resumed run reads exactly the files the uninterrupted run would have. The
 * price is that decoding is not overlapped with the previous step's compute (no prefetch across
 * steps); {@code gan4j bench --data DIR} measures what that costs.
 *
 * <p>Usage: {@code TrainingData d = ImageFolder.scan(dir, opts).load(opts.newBuilder().memoryBudget(0).build());}
 */
final class StreamedImages implements TrainingData {

  private final String name;
  private final String[] paths;
  private final int[] labels;
  private final int classes;
  private final int size;
  private final int channels;
  private final FolderDecoder decoder;

  StreamedImages(String name, List<String> paths, int[] labels, int classes, int size, int channels, FolderDecoder decoder) {
    this.name = name;
    this.paths = paths.toArray(String[]::new);
    this.labels = labels;
    this.classes = classes;
    this.size = size;
    this.channels = channels;
    this.decoder = decoder;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public List<Integer> elementShape() {
    return List.of(size, size, channels);
  }

  @Override
  public int classes() {
    return labels == null ? 0 : classes;
  }

  @Override
  public Operand<TFloat32> batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    return images(tf, EpochOrder.batchIndex(tf, counter, batchSize, seed, paths.length, name), batchSize);
  }

  @Override
  public ImageDataset.LabeledBatch labeledBatch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    if (labels == null) {
      throw new DataException(name + " has no labels");
    }
    Operand<TInt32> index = EpochOrder.batchIndex(tf, counter, batchSize, seed, paths.length, name);
    return new ImageDataset.LabeledBatch(images(tf, index, batchSize), tf.gather(tf.constant(labels), index, tf.constant(0)));
  }

  private Operand<TFloat32> images(Ops tf, Operand<TInt32> index, int batchSize) {
    Operand<TString> files = tf.gather(tf.constant(java.nio.charset.StandardCharsets.UTF_8, paths), index, tf.constant(0));
    return ImageDataset.toFloat(tf, decoder.decode(tf, files, batchSize));
  }
}
