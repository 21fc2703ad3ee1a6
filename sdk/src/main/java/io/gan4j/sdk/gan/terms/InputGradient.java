package io.gan4j.sdk.gan.terms;

import io.gan4j.ops.AutoDiff;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** What the gradient penalties share: the per-sample squared norm of D's gradient with respect to its input. */
final class InputGradient {

  private InputGradient() {}

  /** {@code ‖∇_x Σ logits‖²} per sample, {@code [N]}: each logit depends on its own sample only. */
  static Operand<TFloat32> squaredNorm(Ops tf, Operand<TFloat32> logits, Operand<TFloat32> x) {
    Operand<TFloat32> grad = AutoDiff.gradients(tf, tf.reduceSum(logits, tf.constant(0)), List.of(x)).get(0);
    int rank = x.shape().numDimensions();
    int[] features = new int[rank - 1];
    for (int i = 1; i < rank; i++) {
      features[i - 1] = i;
    }
    return tf.reduceSum(tf.math.square(grad), tf.constant(features));
  }
}
