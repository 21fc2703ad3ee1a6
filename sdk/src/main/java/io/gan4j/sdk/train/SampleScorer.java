package io.gan4j.sdk.train;

import java.util.Map;

/**
 * Scores generated samples during training, e.g. FID and KID against real data on a feature
 * network ({@code io.gan4j.savedmodels.FeatureScorer}). The trainer hands it {@link #sampleCount}
 * samples from a fixed seed, flattened NHWC, every {@code evalEvery} steps.
 *
 * <p>Usage: {@code trainer.train(listener, new PeriodicEvaluation(1000, scorer));}
 */
public interface SampleScorer {

  /** How many samples each evaluation draws. */
  int sampleCount();

  /** Named scores of {@code count} samples; the trainer logs every entry (e.g. {@code fid}, {@code kid}). */
  Map<String, Double> score(float[] samples, int count);
}
