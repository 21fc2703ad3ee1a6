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
  INFER
}
