package io.gan4j.ops.optim;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Weight clipping as an optimiser decorator (WGAN, Arjovsky et al. 2017; TF-GAN's
 * {@code clip_weights}): after {@code inner}'s update, every variable it updated is clipped to
 * {@code [−clip, clip]}. The Lipschitz trick stays out of the networks and the trainer.
 *
 * <p>Usage: {@code Optimizer critic = new ClippedOptimizer(Optimizer.rmsProp(5e-5f), 0.01f);}
 */
public record ClippedOptimizer(Optimizer inner, float clip) implements Optimizer {

  public ClippedOptimizer {
    checkArgument(inner != null, "ClippedOptimizer needs an inner optimiser");
    checkArgument(clip > 0 && Float.isFinite(clip), "clip must be > 0, got %s", clip);
  }

  @Override
  public float learningRate() {
    return inner.learningRate();
  }

  @Override
  public Op apply(VariableStore store, String owner, List<VariableStore.Entry> variables, List<Operand<TFloat32>> gradients,
      Operand<TFloat32> learningRateScale) {
    Op update = inner.apply(store, owner, variables, gradients, learningRateScale);
    Ops after = store.tf().withControlDependencies(List.of(update));
    List<Op> clipped = new ArrayList<>();
    for (VariableStore.Entry v : variables) {
      clipped.add(after.assign(v.variable(),
          after.clipByValue(after.identity(v.variable()), after.constant(-clip), after.constant(clip))));
    }
    return store.tf().withControlDependencies(clipped).noOp();
  }
}
