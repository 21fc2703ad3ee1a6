package io.gan4j.sdk.train;

import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.data.TrainingData;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * What the {@link Trainer} runs, whatever the model kind: step variants (a D update and a full
 * step each, with their losses and scalars), which variant the coming D step needs, the step
 * counter, a health check over every variable and an inference sampler. {@link TrainingGraph}
 * builds it for one generator and one discriminator; a model kind with more players (CycleGAN/CSGAN's
 * two of each) builds the same from the same parts ({@link Player}, terms, optimisers).
 */
interface StepGraph {

  /** One way to run a step: its D update, its full step, the losses and the terms' scalars. */
  record Variant(Op dStep, Op gStep, Operand<TFloat32> dLoss, Operand<TFloat32> gLoss, Map<String, Operand<TFloat32>> scalars) {}

  /** The graph of {@code config}'s model kind on {@code data}, one replica of the step per device of {@code placement}. */
  static StepGraph of(Graph graph, TrainConfig config, TrainingData data, Placement placement) {
    // Two model kinds, not families: one game of G and D, or a translation game of two of each.
    if (config.translation() != null) {
      if (!placement.equals(Placement.LOCAL)) {
        throw new IllegalArgumentException("translation models (two generators and two discriminators) train on one device"
            + " for now; --devices and --cluster replicate the one-G-one-D step only");
      }
      return new TranslationGraph(graph, config, data);
    }
    return new TrainingGraph(graph, config, data, placement);
  }

  Ops tf();

  VariableStore store();

  /** G steps done (a snapshot, safe to log in the run that increments it). */
  Operand<TInt64> stepValue();

  List<Variant> variants();

  /** Index into {@link #variants()} for the coming D step; null when there is one variant. */
  Operand<TInt32> variantIndex();

  /** True when every variable is finite. */
  Operand<TBool> weightsFinite();

  Placeholder<TInt64> sampleSeed();

  Placeholder<TInt32> sampleCount();

  /** {@code sampleCount} inference samples for {@code sampleSeed}, flattened like the data. */
  Operand<TFloat32> samples();

  /** Images in the run's sample grid ({@code samples.png}, TensorBoard), 8 per row. */
  int sampleGridCount();

  /** {@code [H, W, C]} of one image of the sample grid (or {@code [d]} for points). */
  List<Integer> sampleShape();
}
