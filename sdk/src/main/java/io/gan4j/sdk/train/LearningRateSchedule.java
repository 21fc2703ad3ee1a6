package io.gan4j.sdk.train;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * The factor on every learning rate at a step, for {@link TrainConfig#lrDecay()}: {@code none} 1;
 * {@code linear} {@code max(0, 1 − step/steps)}; {@code linear-second-half} 1 for the first half and
 * then {@code min(1, 2·(1 − step/steps))}, pytorch-CycleGAN's {@code lambda_rule} with
 * {@code n_epochs = n_epochs_decay} in steps.
 *
 * <p>Usage: {@code Operand<TFloat32> k = LearningRateSchedule.scale(tf, "linear", stepValue, 1000);}
 */
final class LearningRateSchedule {

  private LearningRateSchedule() {}

  static Operand<TFloat32> scale(Ops tf, String decay, Operand<TInt64> step, long steps) {
    Operand<TFloat32> remaining = tf.math.sub(tf.constant(1f), tf.math.div(tf.dtypes.cast(step, TFloat32.class), tf.constant((float) steps)));
    return switch (decay) {
      case "none" -> tf.constant(1f);
      case "linear" -> tf.math.maximum(tf.constant(0f), remaining);
      case "linear-second-half" -> tf.math.maximum(tf.constant(0f), tf.math.minimum(tf.constant(1f), tf.math.mul(tf.constant(2f), remaining)));
      default -> throw new IllegalArgumentException("lr-decay must be one of " + TrainConfig.LR_DECAYS + ", got '" + decay + "'");
    };
  }
}
