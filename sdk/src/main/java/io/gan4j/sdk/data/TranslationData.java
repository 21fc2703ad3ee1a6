package io.gan4j.sdk.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Data for image-to-image translation: batches of images from two domains A and B, aligned row by
 * row when {@link #paired()} (pix2pix-style pairs) and drawn independently otherwise (CycleGAN-style).
 * Like {@link TrainingData}, a batch is a pure function of (seed, counter), so resume is exact.
 *
 * <p>Usage: {@code TranslationData.Batch b = FashionMnistEdges.load(dir, "train").batch(tf, counter, 16, seed);}
 */
public interface TranslationData {

  String name();

  /** Domain A's images (held in memory). */
  ImageDataset a();

  /** Domain B's images (held in memory). */
  ImageDataset b();

  /** {@code [H, W, C]} of domain A. */
  default List<Integer> shapeA() {
    return a().elementShape();
  }

  /** {@code [H, W, C]} of domain B. */
  default List<Integer> shapeB() {
    return b().elementShape();
  }

  /** Whether row i of A and row i of B are the same example. */
  boolean paired();

  /** The counter-th batch of both domains, float32 NHWC in [−1, 1]. */
  Batch batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed);

  /** A batch of A images and a batch of B images. */
  record Batch(Operand<TFloat32> a, Operand<TFloat32> b) {}
}
