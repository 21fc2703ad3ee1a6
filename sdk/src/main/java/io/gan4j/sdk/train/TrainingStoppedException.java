package io.gan4j.sdk.train;

import java.nio.file.Path;

/**
 * {@link Trainer#train} stopped early because {@link Trainer#requestStop()} was called (the command
 * line does so on Ctrl-C or SIGTERM). The steps done so far are in {@link #checkpoint()}, so a
 * resumed run continues exactly where this one stopped.
 *
 * <p>Usage: {@code catch (TrainingStoppedException e) { resumeLater(e.checkpoint()); }}
 */
public final class TrainingStoppedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long step;
  private final transient Path checkpoint;

  public TrainingStoppedException(long step, long total, Path checkpoint) {
    super("training stopped at step " + step + " of " + total + " on request; checkpoint " + checkpoint + " holds it");
    this.step = step;
    this.checkpoint = checkpoint;
  }

  /** G steps done when training stopped. */
  public long step() {
    return step;
  }

  /** The checkpoint written at {@link #step()}. */
  public Path checkpoint() {
    return checkpoint;
  }
}
