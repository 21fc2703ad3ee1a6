package io.gan4j.ops.optim;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.Initializer;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.VariableStore.Role;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Adam (Kingma and Ba 2015) through {@code ApplyAdam}: with t the step,
 * {@code lr_t = lr·√(1 − β2ᵗ)/(1 − β1ᵗ)}, {@code m ← β1·m + (1 − β1)·g}, {@code v ← β2·v + (1 − β2)·g²},
 * {@code w ← w − lr_t·m/(√v + ε)}. The powers β1ᵗ, β2ᵗ are variables advanced after every update.
 *
 * <p>Usage: {@code Optimizer.adam(1e-4f, 0f, 0.9f)}
 */
public record Adam(float learningRate, float beta1, float beta2, float epsilon) implements Optimizer {

  public Adam {
    checkArgument(learningRate > 0 && Float.isFinite(learningRate), "learning rate must be > 0, got %s", learningRate);
    checkArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got %s", beta1);
    checkArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got %s", beta2);
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
    Variable<TFloat32> beta1Power =
        store.getOrCreate(owner + "_adam_beta1_power", Shape.scalar(), Initializer.constant(beta1), Role.SLOT).variable();
    Variable<TFloat32> beta2Power =
        store.getOrCreate(owner + "_adam_beta2_power", Shape.scalar(), Initializer.constant(beta2), Role.SLOT).variable();
    Operand<TFloat32> lr = tf.math.mul(tf.constant(learningRate), learningRateScale);
    List<Op> updates = new ArrayList<>();
    for (int i = 0; i < variables.size(); i++) {
      VariableStore.Entry var = variables.get(i);
      Variable<TFloat32> m = store.getOrCreate(var.name() + "_adam_m", var.shape(), Initializer.zeros(), Role.SLOT).variable();
      Variable<TFloat32> v = store.getOrCreate(var.name() + "_adam_v", var.shape(), Initializer.zeros(), Role.SLOT).variable();
      updates.add(
          tf.train.applyAdam(
              var.variable(), m, v, beta1Power, beta2Power,
              lr, tf.constant(beta1), tf.constant(beta2), tf.constant(epsilon),
              gradients.get(i)));
    }
    Ops after = tf.withControlDependencies(updates);
    Op advance1 = after.assign(beta1Power, after.math.mul(beta1Power, after.constant(beta1)));
    Op advance2 = after.assign(beta2Power, after.math.mul(beta2Power, after.constant(beta2)));
    return tf.withControlDependencies(List.of(advance1, advance2)).noOp();
  }
}
