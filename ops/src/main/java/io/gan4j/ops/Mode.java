package io.gan4j.ops;

/**
 * Whether a forward pass trains or infers. TRAIN uses batch statistics and emits state updates
 * (batch-norm moving averages, the spectral-norm {@code u}); INFER uses the stored state and emits
 * none.
 *
 * <p>Usage: {@code NetScope.root(tf, store, Mode.INFER)}
 */
public enum Mode {
  TRAIN,
  INFER,
  /**
   * BigGAN's standing statistics: batch norm normalises with the batch's statistics and adds them,
   * weighted by {@link ForwardPass#standingWeight()}, to its stored ones, so that K runs of a pass of
   * weight 1/K after zeroing leave the mean of K batches' statistics; nothing else changes (spectral
   * norm keeps its stored vector).
   */
  STANDING
}
