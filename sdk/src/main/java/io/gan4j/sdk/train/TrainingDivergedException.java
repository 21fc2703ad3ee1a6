package io.gan4j.sdk.train;

/**
 * Training produced a NaN or infinite loss or weight. The message says at which step, which value,
 * and which checkpoint is the last good one; that checkpoint is kept.
 *
 * <p>Usage: {@code catch (TrainingDivergedException e) { log.warn(e.getMessage()); }}
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long step;

  public TrainingDivergedException(long step, String message) {
    super(message);
    this.step = step;
  }

  public long step() {
    return step;
  }
}
