package io.gan4j.sdk.train;

import java.nio.file.Path;

/**
 * Callbacks from a running {@link Trainer}; the CLI's progress bar is one. Called on the training
 * thread, so keep them cheap.
 *
 * <p>Usage: {@code trainer.train(new TrainingListener() { public void onStep(long s, float d, float g) { ... } });}
 */
public interface TrainingListener {

  TrainingListener NONE = new TrainingListener() {};

  /** Training begins (or resumes) at {@code firstStep} of {@code totalSteps}. */
  default void onStart(long firstStep, long totalSteps) {}

  /** {@code step} G steps are done; the losses are those of the last step. */
  default void onStep(long step, float dLoss, float gLoss) {}

  default void onCheckpoint(long step, Path directory) {}

  /** A {@link PeriodicEvaluation} scored the generator at {@code step}. */
  default void onEvaluation(long step, java.util.Map<String, Double> scores) {}
}
