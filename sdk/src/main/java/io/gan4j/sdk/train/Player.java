package io.gan4j.sdk.train;

import io.gan4j.ops.AutoDiff;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.VariableStore.Role;
import io.gan4j.ops.optim.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * One player of a game: the trainable variables of a scope ({@code G}, {@code D}, and for a
 * translation model {@code G_AB}, {@code D_B}, ...), its optimiser and, for a generator, the moving
 * average of its weights as a post-update hook. {@link #update} is everything a step does for it.
 */
record Player(String scope, Optimizer optimizer, float emaDecay, long emaStart) {

  /** A player without a moving average. */
  static Player of(String scope, Optimizer optimizer) {
    return new Player(scope, optimizer, 0f, 0);
  }

  /**
   * The ops that update this player from {@code loss}: gradients against the variable reads of
   * {@code pass} (so every application of the network in that pass counts), the optimiser, the
   * pass's state updates (batch-norm statistics, spectral-norm vectors) and, after the optimiser,
   * the moving average {@code ema ← k·ema + (1 − k)·w} with k = decay from {@code emaStart} on and
   * k = 0 (a copy) before it, so the average never starts from its zero initial value.
   */
  List<Op> update(VariableStore store, ForwardPass pass, Operand<TFloat32> loss, Operand<TFloat32> lrScale,
      Operand<TInt64> step) {
    return update(store, pass, loss, lrScale, step, null);
  }

  /**
   * As {@link #update(VariableStore, ForwardPass, Operand, Operand, Operand)}; when
   * {@code gradientsOut} is not null it also receives the gradient the optimiser applies to each
   * trainable variable, by variable name, so a test can fetch them in the same run (the step-parity
   * harness). It changes nothing in the graph the update builds.
   */
  List<Op> update(VariableStore store, ForwardPass pass, Operand<TFloat32> loss, Operand<TFloat32> lrScale,
      Operand<TInt64> step, Map<String, Operand<TFloat32>> gradientsOut) {
    return update(store, pass, loss, lrScale, step, gradientsOut, List.of());
  }

  /**
   * As above, with the optimiser's in-place writes ordered after {@code applyAfter}: other passes of
   * the same run that read this player's weights (a latent step's) and that its gradients do not
   * depend on.
   */
  List<Op> update(VariableStore store, ForwardPass pass, Operand<TFloat32> loss, Operand<TFloat32> lrScale,
      Operand<TInt64> step, Map<String, Operand<TFloat32>> gradientsOut, List<Op> applyAfter) {
    return apply(store, pass.updates(), gradients(store, pass, loss), lrScale, step, gradientsOut, applyAfter);
  }

  /**
   * d{@code loss}/d(trainable variables of this player), against the variable reads of {@code pass},
   * in the order of {@code store.entries(scope + "_", TRAINABLE)}. A data-parallel replica calls this
   * with its own pass and loss, and {@link #apply} takes the replicas' average.
   */
  List<Operand<TFloat32>> gradients(VariableStore store, ForwardPass pass, Operand<TFloat32> loss) {
    return AutoDiff.gradients(store.tf(), loss, reads(pass, store.entries(scope + "_", Role.TRAINABLE)));
  }

  /**
   * The update from {@code grads} (as {@link #gradients} orders them): the optimiser, the
   * {@code stateUpdates} of the pass whose statistics are kept, and the moving average. The rest as
   * {@link #update(VariableStore, ForwardPass, Operand, Operand, Operand, Map, List)}.
   */
  List<Op> apply(VariableStore store, List<Op> stateUpdates, List<Operand<TFloat32>> grads, Operand<TFloat32> lrScale,
      Operand<TInt64> step, Map<String, Operand<TFloat32>> gradientsOut, List<Op> applyAfter) {
    Ops tf = store.tf();
    List<VariableStore.Entry> vars = store.entries(scope + "_", Role.TRAINABLE);
    if (!applyAfter.isEmpty()) {
      Ops after = tf.withControlDependencies(applyAfter);
      grads = grads.stream().<Operand<TFloat32>>map(after::identity).toList();
    }
    if (gradientsOut != null) {
      for (int i = 0; i < vars.size(); i++) {
        gradientsOut.put(vars.get(i).name(), grads.get(i));
      }
    }
    Op apply = optimizer.apply(store, scope, vars, grads, lrScale);
    List<Op> done = new ArrayList<>(stateUpdates);
    done.add(apply);
    if (emaDecay > 0) {
      Ops after = tf.withControlDependencies(List.of(apply));
      Operand<TFloat32> k = after.select(after.math.less(step, after.constant(emaStart)), after.constant(0f), after.constant(emaDecay));
      for (VariableStore.Entry w : vars) {
        VariableStore.Entry avg = ForwardPass.averageOf(store, w);
        Operand<TFloat32> next = after.math.add(
            after.math.mul(k, after.identity(avg.variable())),
            after.math.mul(after.math.sub(after.constant(1f), k), after.identity(w.variable())));
        done.add(after.assign(avg.variable(), next));
      }
    }
    return done;
  }

  private static List<Operand<TFloat32>> reads(ForwardPass pass, List<VariableStore.Entry> vars) {
    Map<String, Operand<TFloat32>> reads = pass.reads();
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (VariableStore.Entry e : vars) {
      Operand<TFloat32> r = reads.get(e.name());
      if (r == null) {
        throw new IllegalStateException("variable " + e.name() + " is not used by the loss");
      }
      out.add(r);
    }
    return out;
  }
}
