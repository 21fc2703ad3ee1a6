package io.gan4j.ops;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * One application of a network: its mode, the variable reads it made (what gradients are taken
 * against) and the state updates it emitted. A pass can be ordered after other ops
 * ({@code readAfter}), e.g. the D pass of the G step reads D's weights after D's update ran in the
 * same {@code Session.run}.
 *
 * <p>Usage: {@code ForwardPass pass = ForwardPass.of(Mode.TRAIN);}
 */
public final class ForwardPass {

  private final Mode mode;
  private final List<Op> readAfter;
  private final List<Op> writeAfter;
  private final boolean averaged;
  private final float standingWeight;
  private final GhostBatch ghostBatch;
  private final Map<String, Operand<TFloat32>> reads = new LinkedHashMap<>();
  private final List<Op> updates = new ArrayList<>();

  private ForwardPass(Mode mode, List<Op> readAfter, boolean averaged, float standingWeight) {
    this(mode, readAfter, List.of(), averaged, standingWeight);
  }

  private ForwardPass(Mode mode, List<Op> readAfter, List<Op> writeAfter, boolean averaged, float standingWeight) {
    this(mode, readAfter, writeAfter, averaged, standingWeight, GhostBatch.NONE);
  }

  private ForwardPass(Mode mode, List<Op> readAfter, List<Op> writeAfter, boolean averaged, float standingWeight,
      GhostBatch ghostBatch) {
    this.ghostBatch = ghostBatch;
    this.mode = mode;
    this.readAfter = ImmutableList.copyOf(readAfter);
    this.writeAfter = ImmutableList.copyOf(writeAfter);
    this.averaged = averaged;
    this.standingWeight = standingWeight;
  }

  public static ForwardPass of(Mode mode) {
    if (mode == Mode.STANDING) {
      throw new IllegalArgumentException("a STANDING pass needs its batch count: use ForwardPass.standing(batches)");
    }
    return new ForwardPass(mode, List.of(), false, 0f);
  }

  /**
   * A {@link Mode#STANDING} pass over the weights themselves: each run adds 1/batches of its batch's
   * statistics to every batch norm's stored ones.
   */
  public static ForwardPass standing(int batches) {
    return new ForwardPass(Mode.STANDING, List.of(), false, standingWeight(batches));
  }

  /** As {@link #standing} over the moving averages {@code <w>_ema} of the weights (what samples use). */
  public static ForwardPass standingAveraged(int batches) {
    return new ForwardPass(Mode.STANDING, List.of(), true, standingWeight(batches));
  }

  private static float standingWeight(int batches) {
    if (batches < 1) {
      throw new IllegalArgumentException("standing statistics need at least 1 batch, got " + batches);
    }
    return 1f / batches;
  }

  /** What a STANDING pass's batch norms add of each batch's statistics (0 for other passes). */
  public float standingWeight() {
    return standingWeight;
  }

  /** A pass whose variable reads happen only after {@code ops} have run. */
  public static ForwardPass readingAfter(Mode mode, List<? extends Op> ops) {
    return new ForwardPass(mode, ImmutableList.copyOf(ops), false, 0f);
  }

  /**
   * A pass whose state writes (spectral-norm {@code u}, batch-norm statistics) happen only after
   * {@code ops} have run. Reads of a variable alias its memory, so another pass of the same network
   * in the same {@code Session.run} must have finished with the state before this pass overwrites it
   * in place: G's update pass writes its {@code u} after the pass that made D's batch.
   */
  public static ForwardPass writingAfter(Mode mode, List<? extends Op> ops) {
    return new ForwardPass(mode, List.of(), ImmutableList.copyOf(ops), false, 0f);
  }

  /** {@code tf} for this pass's state writes: ordered after {@link #writingAfter}'s ops when it has any. */
  Ops forStateWrites(Ops tf) {
    return writeAfter.isEmpty() ? tf : tf.withControlDependencies(writeAfter);
  }

  /**
   * An INFER pass that reads the moving average {@code <weight>_ema} of every trainable weight
   * instead of the weight itself (creating the average variable if needed, so a graph built only
   * for sampling restores it from a checkpoint).
   */
  public static ForwardPass averaged() {
    return new ForwardPass(Mode.INFER, List.of(), true, 0f);
  }

  /** The moving average of {@code weight}: created zero, filled by the trainer's first update. */
  public static VariableStore.Entry averageOf(VariableStore store, VariableStore.Entry weight) {
    return store.getOrCreate(weight.name() + VariableStore.AVERAGE_SUFFIX, weight.shape(), Initializer.zeros(),
        VariableStore.Role.AVERAGE);
  }

  public Mode mode() {
    return mode;
  }

  /**
   * This pass, not yet used, with its batch norms taking statistics per {@link GhostBatch} group
   * (this pass itself for {@link GhostBatch#NONE}, so ordinary passes stay as they are).
   */
  public ForwardPass withGhostBatch(GhostBatch ghost) {
    if (ghost.equals(ghostBatch)) {
      return this;
    }
    if (!reads.isEmpty() || !updates.isEmpty()) {
      throw new IllegalStateException("withGhostBatch on a pass that has been used");
    }
    return new ForwardPass(mode, readAfter, writeAfter, averaged, standingWeight, ghost);
  }

  /** How this pass's batch norms group the batch's rows for their statistics ({@link GhostBatch#NONE}: all together). */
  public GhostBatch ghostBatch() {
    return ghostBatch;
  }

  Operand<TFloat32> read(Ops tf, VariableStore store, VariableStore.Entry weight) {
    VariableStore.Entry entry =
        averaged && weight.role() == VariableStore.Role.TRAINABLE ? averageOf(store, weight) : weight;
    return reads.computeIfAbsent(
        entry.name(),
        name ->
            readAfter.isEmpty()
                ? tf.identity(entry.variable())
                : tf.withControlDependencies(readAfter).identity(entry.variable()));
  }

  void addUpdate(Op update) {
    updates.add(update);
  }

  /** The value this pass read for each variable, by name. */
  public Map<String, Operand<TFloat32>> reads() {
    return ImmutableMap.copyOf(reads);
  }

  /** State updates (moving averages, spectral-norm {@code u}) this pass emitted; TRAIN only. */
  public List<Op> updates() {
    return ImmutableList.copyOf(updates);
  }
}
