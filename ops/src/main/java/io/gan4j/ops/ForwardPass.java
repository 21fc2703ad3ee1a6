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
  private final Map<String, Operand<TFloat32>> reads = new LinkedHashMap<>();
  private final List<Op> updates = new ArrayList<>();

  private ForwardPass(Mode mode, List<Op> readAfter) {
    this.mode = mode;
    this.readAfter = ImmutableList.copyOf(readAfter);
  }

  public static ForwardPass of(Mode mode) {
    return new ForwardPass(mode, List.of());
  }

  /** A pass whose variable reads happen only after {@code ops} have run. */
  public static ForwardPass readingAfter(Mode mode, List<? extends Op> ops) {
    return new ForwardPass(mode, ImmutableList.copyOf(ops));
  }

  public Mode mode() {
    return mode;
  }

  Operand<TFloat32> read(Ops tf, VariableStore.Entry entry) {
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
