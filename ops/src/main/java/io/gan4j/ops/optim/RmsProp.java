package io.gan4j.ops.optim;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.Initializer;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.VariableStore.Role;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * RMSProp through {@code ApplyRMSProp}: {@code ms ← ρ·ms + (1 − ρ)·g²}, {@code w ← w − lr·g/√(ms + ε)}.
 *
 * <p>Usage: {@code Optimizer.rmsProp(5e-5f)}
 */
public record RmsProp(float learningRate, float rho, float epsilon) implements Optimizer {

  public RmsProp {
    checkArgument(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, got %s", learningRate);
    checkArgument(rho >= 0 && rho < 1, "rho must be in [0, 1), got %s", rho);
  }

  @Override
  public Op apply(
      VariableStore store, String owner, List<VariableStore.Entry> variables, List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRateScale) {
    checkArgument(variables.size() == gradients.size(), "%s variables but %s gradients", variables.size(), gradients.size());
    // Reads of ref variables alias the variable's buffer, and an update op runs as soon as its own
    // gradient is ready: without this gate, updating layer k while layer k-1's gradient still
    // reads layer k's weights is a race (measured: two identical runs differed after one step).
    Ops tf = store.tf().withControlDependencies(Optimizer.asOps(gradients));
    Operand<TFloat32> lr = tf.math.mul(tf.constant(learningRate), learningRateScale);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      VariableStore.Entry var = variables.get(i);
      Variable<TFloat32> ms = store.getOrCreate(var.name() + "_rmsprop_ms", var.shape(), Initializer.zeros(), Role.SLOT).variable();
      Variable<TFloat32> mom = store.getOrCreate(var.name() + "_rmsprop_mom", var.shape(), Initializer.zeros(), Role.SLOT).variable();
      updates.add(
          tf.train.applyRmsProp(
              var.variable(), ms, mom, lr, tf.constant(rho), tf.constant(0f),
              tf.constant(epsilon), gradients.get(i)));
    }
    return tf.withControlDependencies(updates).noOp();
  }
}
