package io.gan4j.ops.optim;

import io.gan4j.ops.VariableStore;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.types.TFloat32;

/**
 * Applies gradients to an explicit list of variables with TensorFlow's raw ref-variable training
 * ops. (The {@code framework} optimisers differentiate against every variable in the graph and break
 * on scoped names, so gan4j does not use them.) Slots are variables of role {@code SLOT} named
 * {@code <variable>_<optimiser>_<slot>}, so checkpoints carry them and resume is exact.
 *
 * <p>Usage: {@code Op step = Optimizer.adam(2e-4f, 0f, 0.9f).apply(store, "G", vars, grads);}
 */
public interface Optimizer {

  /** Adam with ε = 1e-8. */
  static Adam adam(float learningRate, float beta1, float beta2) {
    return new Adam(learningRate, beta1, beta2, 1e-8f);
  }

  /** RMSProp (decay 0.9, no momentum, ε = 1e-10): the WGAN critic's optimiser. */
  static RmsProp rmsProp(float learningRate) {
    return new RmsProp(learningRate, 0.9f, 1e-10f);
  }

  float learningRate();

  /** Operands as control-dependency targets. */
  static List<org.tensorflow.op.Op> asOps(List<? extends Operand<?>> operands) {
    return List.copyOf(operands);
  }

  /**
   * One update of {@code variables} with {@code gradients} (same order). {@code owner} prefixes the
   * optimiser's own non-slot variables, e.g. Adam's β powers.
   */
  default Op apply(VariableStore store, String owner, List<VariableStore.Entry> variables, List<Operand<TFloat32>> gradients) {
    return apply(store, owner, variables, gradients, store.tf().constant(1f));
  }

  /** As {@link #apply(VariableStore, String, List, List)}, with the learning rate multiplied by {@code learningRateScale} (a schedule). */
  Op apply(
      VariableStore store, String owner, List<VariableStore.Entry> variables, List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRateScale);
}
