package io.gan4j.sdk.gan;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A change to the training step itself: before the losses, G's latents z are replaced by
 * {@code update(context, z, labels)}, for the batch D judges and the batch G is updated on alike
 * (LOGAN's latent optimisation, Wu et al. 2019). The context applies G and D to any latents or
 * images in passes of their own, so the update can differentiate D(G(z)) with respect to z inside
 * the same {@code Session.run}; those passes see G's and D's weights and state from before the run
 * (the trainer orders the run's updates after them). Stored in {@code config.json} with its class name,
 * like a {@link Term}.
 *
 * <p>Usage: {@code TrainConfig.builder()...latentStep(new MyLatentStep(0.9f)).build()}
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "type")
public interface LatentStep {

  /** What a latent step can use: G, D and random keys at the current counter. */
  interface Context {
    GanModel model();

    /** G's images for {@code z} in a TRAIN-mode pass whose state updates are dropped. */
    Operand<TFloat32> generate(Operand<TFloat32> z, Operand<TInt32> labels);

    /** D's heads on {@code x} in a TRAIN-mode pass whose state updates are dropped. */
    Heads judge(Operand<TFloat32> x, Operand<TInt32> labels);

    /** The counter this batch is keyed by (the D-step counter for D's batch, the step for G's). */
    Operand<org.tensorflow.types.TInt64> counter();
  }

  /** The latents to use instead of {@code z [N, zDim]}. */
  Operand<TFloat32> update(Context context, Operand<TFloat32> z, Operand<TInt32> labels);
}
