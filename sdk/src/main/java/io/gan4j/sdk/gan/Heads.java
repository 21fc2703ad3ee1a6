package io.gan4j.sdk.gan;

import java.util.List;
import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a discriminator says about a batch, as named heads that objective terms read: the global
 * {@code logits [N / pack]}; {@code pixelLogits [N, H, W]} of a U-Net decoder (null otherwise);
 * {@code features [N / pack, F]}, the pooled features under the logit (null when a network does not
 * expose them); and the attention maps of its self-attention blocks.
 *
 * <p>Usage: {@code Heads real = heads.part(tf, 0, batch);}
 */
public record Heads(Operand<TFloat32> logits, Operand<TFloat32> pixelLogits, Operand<TFloat32> features,
    List<Operand<TFloat32>> attention) {

  public Heads {
    Objects.requireNonNull(logits, "Heads.logits is required");
    attention = attention == null ? List.of() : List.copyOf(attention);
  }

  /** Only a global logit. */
  public static Heads of(Operand<TFloat32> logits) {
    return new Heads(logits, null, null, List.of());
  }

  /**
   * The heads of the {@code index}-th block of {@code rows} judged samples, when D judged several
   * batches concatenated along axis 0 (real, generated, then terms' extra inputs). {@code rows} counts
   * logits (samples / pack); per-pixel heads are never packed.
   */
  public Heads part(Ops tf, int index, int rows) {
    return new Heads(slice(tf, logits, index, rows), slice(tf, pixelLogits, index, rows),
        slice(tf, features, index, rows), List.of());
  }

  private static Operand<TFloat32> slice(Ops tf, Operand<TFloat32> x, int index, int rows) {
    if (x == null) {
      return null;
    }
    int rank = x.shape().numDimensions();
    int[] begin = new int[rank];
    int[] size = new int[rank];
    java.util.Arrays.fill(size, -1);
    begin[0] = index * rows;
    size[0] = rows;
    return tf.slice(x, tf.constant(begin), tf.constant(size));
  }
}
