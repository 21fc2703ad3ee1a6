package io.gan4j.ops;

import java.util.stream.IntStream;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Batch normalisation over all axes but the last. TRAIN normalises with the batch's mean and biased
 * variance and emits moving-average updates ({@code m ← momentum·m + (1 − momentum)·batch}); INFER
 * normalises with the moving averages. Built from primitive ops so that second-order gradients
 * exist (TF's {@code FusedBatchNormGradV3} has none).
 *
 * <p>An immutable layer value: {@link #withAffine()} follows the normalisation {@code x̂} with a
 * learned per-channel affine map {@code γ·x̂ + β} (variables {@code gamma}, initialised to 1, and
 * {@code beta}, to 0); {@link #withoutAffine()} returns {@code x̂} itself, for layers such as
 * {@link ConditionalBatchNorm} that supply their own scale and shift.
 *
 * <p>Usage: {@code h = BatchNorm.withAffine().apply(scope.child("bn1"), h);}
 */
public final class BatchNorm {

  public static final float MOMENTUM = 0.9f;
  public static final float EPSILON = 1e-5f;

  private static final BatchNorm WITH_AFFINE = new BatchNorm(true);
  private static final BatchNorm WITHOUT_AFFINE = new BatchNorm(false);

  private final boolean affine;

  private BatchNorm(boolean affine) {
    this.affine = affine;
  }

  /** Batch norm followed by a learned per-channel scale γ and shift β: {@code γ·x̂ + β}. */
  public static BatchNorm withAffine() {
    return WITH_AFFINE;
  }

  /** Batch norm alone, {@code x̂}, with no learned scale or shift (no {@code gamma}, {@code beta}). */
  public static BatchNorm withoutAffine() {
    return WITHOUT_AFFINE;
  }

  /** Whether the normalised value goes through the learned {@code γ·x̂ + β}. */
  public boolean affine() {
    return affine;
  }

  /**
   * {@code x} normalised over all axes but the last (the channels); variables {@code moving_mean},
   * {@code moving_var}. In TRAIN and STANDING passes whose {@link NetScope#ghostBatch()} has more than
   * one group, each group of rows is normalised with its own statistics and the moving statistics
   * follow group 0 ({@link GhostBatch}).
   */
  public Operand<TFloat32> apply(NetScope scope, Operand<TFloat32> x) {
    Ops tf = scope.tf();
    Shape shape = x.shape();
    long channels = shape.get(shape.numDimensions() - 1);
    GhostBatch ghost = scope.ghostBatch();
    if (!ghost.whole() && scope.mode() != Mode.INFER) {
      return affine(scope, ghostNormalised(scope, x, ghost), channels);
    }
    Operand<org.tensorflow.types.TInt32> axes =
        tf.constant(IntStream.range(0, shape.numDimensions() - 1).toArray());
    Operand<TFloat32> movingMean = scope.state("moving_mean", Shape.of(channels), Initializer.zeros());
    Operand<TFloat32> movingVar = scope.state("moving_var", Shape.of(channels), Initializer.ones());
    Operand<TFloat32> mean;
    Operand<TFloat32> variance;
    if (scope.mode() == Mode.TRAIN || scope.mode() == Mode.STANDING) {
      mean = tf.math.mean(x, axes);
      variance = tf.math.mean(tf.math.squaredDifference(x, tf.stopGradient(mean)), axes);
      // stopGradient on the mean inside the variance is exact: d var / d mean = 0 at the batch mean.
      keep(scope, movingMean, movingVar, mean, variance);
    } else {
      mean = movingMean;
      variance = movingVar;
    }
    Operand<TFloat32> xhat =
        tf.math.mul(tf.math.sub(x, mean), tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))));
    return affine(scope, xhat, channels);
  }

  /**
   * Ghost batch norm: {@code x} viewed as {@code [parts, groups, rows per cell, ..., channels]},
   * statistics over every axis but the group's and the channels', so group g's rows are those a
   * data-parallel replica g would normalise together.
   */
  private static Operand<TFloat32> ghostNormalised(NetScope scope, Operand<TFloat32> x, GhostBatch ghost) {
    Ops tf = scope.tf();
    Shape shape = x.shape();
    int rank = shape.numDimensions();
    long channels = shape.get(rank - 1);
    long[] cells = new long[rank + 2];
    cells[0] = ghost.parts();
    cells[1] = ghost.groups();
    cells[2] = ghost.rowsPerCell(shape.get(0));
    for (int i = 1; i < rank; i++) {
      cells[i + 2] = shape.get(i);
    }
    Operand<TFloat32> xc = tf.reshape(x, tf.constant(cells));
    int[] axes = IntStream.range(0, rank + 1).filter(a -> a != 1).toArray();
    Operand<org.tensorflow.types.TInt32> over = tf.constant(axes);
    Operand<TFloat32> movingMean = scope.state("moving_mean", Shape.of(channels), Initializer.zeros());
    Operand<TFloat32> movingVar = scope.state("moving_var", Shape.of(channels), Initializer.ones());
    Operand<TFloat32> mean = tf.math.mean(xc, over, org.tensorflow.op.math.Mean.keepDims(true));
    Operand<TFloat32> variance =
        tf.math.mean(tf.math.squaredDifference(xc, tf.stopGradient(mean)), over, org.tensorflow.op.math.Mean.keepDims(true));
    keep(scope, movingMean, movingVar, groupZero(tf, mean, ghost, channels), groupZero(tf, variance, ghost, channels));
    Operand<TFloat32> xhat =
        tf.math.mul(tf.math.sub(xc, mean), tf.math.rsqrt(tf.math.add(variance, tf.constant(EPSILON))));
    return tf.reshape(xhat, tf.constant(shape.asArray()));
  }

  /** Group 0's {@code [channels]} of per-group statistics shaped {@code [1, groups, 1, ..., channels]}. */
  private static Operand<TFloat32> groupZero(Ops tf, Operand<TFloat32> perGroup, GhostBatch ghost, long channels) {
    Operand<TFloat32> rows = tf.reshape(perGroup, tf.constant(new long[] {ghost.groups(), channels}));
    return tf.gather(rows, tf.constant(0), tf.constant(0));
  }

  /** The pass's update of the moving statistics from this batch's: an EMA in TRAIN, a weighted sum in STANDING. */
  private static void keep(NetScope scope, Operand<TFloat32> movingMean, Operand<TFloat32> movingVar, Operand<TFloat32> mean,
      Operand<TFloat32> variance) {
    Ops tf = scope.tf();
    if (scope.mode() == Mode.TRAIN) {
      scope.addUpdate(ema(scope.stateWrites(), scope.stateVariable("moving_mean"), movingMean, mean));
      scope.addUpdate(ema(scope.stateWrites(), scope.stateVariable("moving_var"), movingVar, variance));
    } else {
      Operand<TFloat32> w = tf.constant(scope.standingWeight());
      scope.addUpdate(tf.assign(scope.stateVariable("moving_mean"), tf.math.add(movingMean, tf.math.mul(w, mean))));
      scope.addUpdate(tf.assign(scope.stateVariable("moving_var"), tf.math.add(movingVar, tf.math.mul(w, variance))));
    }
  }

  private Operand<TFloat32> affine(NetScope scope, Operand<TFloat32> xhat, long channels) {
    if (!affine) {
      return xhat;
    }
    Ops tf = scope.tf();
    Operand<TFloat32> gamma = scope.weight("gamma", Shape.of(channels), Initializer.ones());
    Operand<TFloat32> beta = scope.weight("beta", Shape.of(channels), Initializer.zeros());
    return tf.math.add(tf.math.mul(xhat, gamma), beta);
  }

  private static org.tensorflow.op.Op ema(
      Ops tf, org.tensorflow.op.core.Variable<TFloat32> var, Operand<TFloat32> current, Operand<TFloat32> batch) {
    Operand<TFloat32> next =
        tf.math.add(
            tf.math.mul(current, tf.constant(MOMENTUM)),
            tf.math.mul(tf.stopGradient(batch), tf.constant(1f - MOMENTUM)));
    return tf.assign(var, next);
  }

  @Override
  public String toString() {
    return affine ? "BatchNorm.withAffine()" : "BatchNorm.withoutAffine()";
  }
}
