package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Class-conditional batch norm (BigGAN): batch norm without its own affine, then
 * {@code (1 + gain(e))·x̂ + bias(e)} with gain and bias linear in the class embedding e. The "1 +"
 * makes a fresh layer start as plain batch norm whatever the embedding. An immutable layer value:
 * {@link #onEmbedding} takes the embedding e, the gain and bias layers are not spectrally
 * normalised unless told otherwise.
 *
 * <p>Usage: {@code h = ConditionalBatchNorm.onEmbedding(embedding).spectralNorm(true).apply(scope.child("bn1"), h);}
 */
public final class ConditionalBatchNorm {

  private final Operand<TFloat32> embedding;
  private final boolean spectralNorm;

  private ConditionalBatchNorm(Operand<TFloat32> embedding, boolean spectralNorm) {
    this.embedding = embedding;
    this.spectralNorm = spectralNorm;
  }

  /** Batch norm whose scale and shift are linear in {@code embedding} {@code [N, E]}; no spectral norm. */
  public static ConditionalBatchNorm onEmbedding(Operand<TFloat32> embedding) {
    checkArgument(embedding != null, "ConditionalBatchNorm: embedding must not be null");
    checkArgument(
        embedding.shape().numDimensions() == 2 && embedding.shape().get(1) > 0,
        "ConditionalBatchNorm: embedding must be [N, E] with known E, got %s",
        embedding.shape());
    return new ConditionalBatchNorm(embedding, false);
  }

  /** The same layer with its gain and bias {@link Dense} layers spectrally normalised or not. */
  public ConditionalBatchNorm spectralNorm(boolean spectralNorm) {
    return new ConditionalBatchNorm(embedding, spectralNorm);
  }

  public Operand<TFloat32> embedding() {
    return embedding;
  }

  public boolean spectralNorm() {
    return spectralNorm;
  }

  /** {@code x} is {@code [N, H, W, C]}; variables {@code moving_mean}, {@code moving_var}, {@code gain_*}, {@code bias_*}. */
  public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
    Ops tf = scope.tf();
    int c = (int) x.shape().get(3);
    Operand<TFloat32> xhat = BatchNorm.withoutAffine().apply(scope, x);
    Dense linear = Dense.of(c).spectralNorm(spectralNorm);
    Operand<TFloat32> gain = tf.reshape(linear.apply(scope.child("gain"), embedding), tf.constant(new int[] {-1, 1, 1, c}));
    Operand<TFloat32> bias = tf.reshape(linear.apply(scope.child("bias"), embedding), tf.constant(new int[] {-1, 1, 1, c}));
    return tf.math.add(tf.math.mul(xhat, tf.math.add(tf.constant(1f), gain)), bias);
  }

  @Override
  public String toString() {
    return "ConditionalBatchNorm{embedding=" + embedding.shape() + ", spectralNorm=" + spectralNorm + "}";
  }
}
