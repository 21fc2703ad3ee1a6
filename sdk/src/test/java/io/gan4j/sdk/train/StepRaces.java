package io.gan4j.sdk.train;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;

/**
 * Finds read/write races on ref variables inside one {@code Session.run}: a read of a
 * {@code VariableV2} (an {@code Identity} of it, which aliases the variable's buffer, and anything
 * that forwards that buffer: {@code Reshape}, {@code StopGradient}, ...) whose consumers are not
 * ordered before an in-place write of the same variable ({@code Assign}, {@code ApplyAdam}, ...)
 * that runs in the same step, while the read is not ordered after the write either. Then the
 * consumer may see the old or the new value, depending on scheduling.
 */
final class StepRaces {

  private static final Set<String> WRITERS = Set.of("Assign", "AssignAdd", "AssignSub", "ApplyAdam", "ApplyRMSProp",
      "ApplyGradientDescent", "ApplyMomentum", "ScatterUpdate");
  /** Ops whose output may share the input's buffer (an alias of a variable's read stays an alias). */
  private static final Set<String> FORWARDING = Set.of("Identity", "Reshape", "StopGradient", "Squeeze", "ExpandDims",
      "PreventGradient");

  /** One race: the variable, the write, the read, and a consumer of the read not ordered against the write. */
  record Race(String variable, String write, String read, String consumer) {}

  private StepRaces() {}

  static List<Race> find(GraphOperation target) {
    Set<GraphOperation> runs = ancestors(target);
    Map<GraphOperation, Set<GraphOperation>> anc = new HashMap<>();
    List<Race> races = new ArrayList<>();
    for (GraphOperation w : runs) {
      if (!WRITERS.contains(w.type())) {
        continue;
      }
      GraphOperation variable = (GraphOperation) w.input(0).op();
      if (!variable.type().equals("VariableV2")) {
        continue;
      }
      Set<GraphOperation> beforeWrite = anc.computeIfAbsent(w, StepRaces::ancestors);
      for (GraphOperation read : variable.consumers()) {
        if (!runs.contains(read) || WRITERS.contains(read.type())) {
          continue;
        }
        Set<GraphOperation> consumers = FORWARDING.contains(read.type()) ? finalConsumers(read, runs) : Set.of(read);
        for (GraphOperation c : consumers) {
          // ordered before the write (sees the old value) or after it (sees the new one): deterministic
          if (!beforeWrite.contains(c) && !anc.computeIfAbsent(c, StepRaces::ancestors).contains(w)) {
            races.add(new Race(variable.name(), w.type() + " " + w.name(), read.name(), c.type() + " " + c.name()));
          }
        }
      }
    }
    return races;
  }

  /** The ops (that run) consuming the buffer of {@code read}, following buffer-forwarding ops. */
  private static Set<GraphOperation> finalConsumers(GraphOperation read, Set<GraphOperation> runs) {
    Set<GraphOperation> out = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>(List.of(read));
    Set<GraphOperation> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      GraphOperation op = todo.pop();
      if (!seen.add(op)) {
        continue;
      }
      for (GraphOperation c : op.consumers()) {
        if (!runs.contains(c)) {
          continue;
        }
        if (FORWARDING.contains(c.type())) {
          todo.push(c);
        } else {
          out.add(c);
        }
      }
    }
    return out;
  }

  /** {@code op} and everything it depends on, through data and control inputs. */
  static Set<GraphOperation> ancestors(GraphOperation op) {
    Set<GraphOperation> seen = new HashSet<>();
    Deque<GraphOperation> todo = new ArrayDeque<>(List.of(op));
    while (!todo.isEmpty()) {
      GraphOperation o = todo.pop();
      if (!seen.add(o)) {
        continue;
      }
      for (Operand<?> in : o.inputs()) {
        todo.push((GraphOperation) in.op());
      }
      todo.addAll(o.controlInputs());
    }
    return seen;
  }
}
