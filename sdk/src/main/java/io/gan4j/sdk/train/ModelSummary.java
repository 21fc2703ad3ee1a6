package io.gan4j.sdk.train;

import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.nets.FlopCount;
import org.tensorflow.Graph;

/**
 * What a config builds, without training it: trained parameters per network (counted in the very
 * graph the trainer would run), carried state (batch-norm statistics, spectral-norm vectors, moving
 * averages, optimiser slots) and, for the built-in network specs, the analytic FLOPs of one step
 * ({@link FlopCount}; NaN for a user's own network). What {@code gan4j train --dry-run} prints.
 *
 * <p>Usage: {@code ModelSummary s = ModelSummary.of(config, data); System.out.println(s.generatorParameters());}
 */
public record ModelSummary(long generatorParameters, long discriminatorParameters, long stateValues, int variants,
    double stepFlops) {

  public static ModelSummary of(TrainConfig config, TrainingData data) {
    try (Graph graph = new Graph()) {
      TrainingGraph g = new TrainingGraph(graph, config, data);
      long gParams = 0;
      long dParams = 0;
      long state = 0;
      for (VariableStore.Entry e : g.store.entries()) {
        long n = e.shape().size();
        if (e.role() != VariableStore.Role.TRAINABLE) {
          state += n;
        } else if (e.name().startsWith(GanModel.G + "_")) {
          gParams += n;
        } else {
          dParams += n;
        }
      }
      double flops = config.generator() instanceof GeneratorSpec gs && config.discriminator() instanceof DiscriminatorSpec ds
          ? FlopCount.trainingStepFlops(gs, ds, config.batch())
          : Double.NaN;
      return new ModelSummary(gParams, dParams, state, g.variants.size(), flops);
    }
  }
}
