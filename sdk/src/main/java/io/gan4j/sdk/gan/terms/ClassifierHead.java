package io.gan4j.sdk.gan.terms;

import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.gan.Heads;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The linear classifier the AC-GAN and ADC-GAN terms put on D's pooled features: a spectrally
 * normalised dense layer (as PyTorch-StudioGAN's {@code linear2} on an SN discriminator; ours keeps a
 * bias), and the mean cross-entropy {@code −mean_i log softmax(logits_i)[y_i]}, written with
 * {@code LogSoftmax} so its gradient comes from TensorFlow's registry.
 */
final class ClassifierHead {

  private ClassifierHead() {}

  /** {@code [N, outputs]} class logits of the features under D's logit. */
  static Operand<TFloat32> logits(NetScope scope, Heads heads, int outputs, String term) {
    if (heads.features() == null) {
      throw new IllegalStateException(term + " needs a discriminator that exposes its pooled features (Heads.features); "
          + "this one does not");
    }
    return Dense.of(outputs).spectralNorm(true).apply(scope, heads.features());
  }

  /** Mean cross-entropy of {@code labels} under {@code logits}. */
  static Operand<TFloat32> crossEntropy(Ops tf, Operand<TFloat32> logits, Operand<TInt32> labels) {
    long classes = logits.shape().get(1);
    Operand<TFloat32> oneHot = tf.oneHot(labels, tf.constant((int) classes), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> perSample = tf.math.neg(tf.reduceSum(tf.math.mul(oneHot, tf.nn.logSoftmax(logits)), tf.constant(1)));
    return tf.math.mean(perSample, tf.constant(0));
  }
}
