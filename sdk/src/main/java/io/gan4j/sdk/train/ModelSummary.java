package io.gan4j.sdk.train;

import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.terms.GradientPenalty;
import io.gan4j.sdk.gan.terms.OrthogonalRegularization;
import io.gan4j.sdk.nets.FlopCount;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;

/**
 * What a config builds, without training it: trained parameters per network (counted in the very
 * graph the trainer would run; for a translation model the two generators together and the two
 * discriminators together), carried state (batch-norm statistics, spectral-norm vectors, moving
 * averages, optimiser slots) and the analytic FLOPs of one full step ({@link FlopCount}: n_dis D
 * updates and the G update, the gradient penalty's extra passes, orthogonal regularisation's Gram
 * matrices, or the translation step; NaN for a network it does not count, such as a user's own).
 * What {@code gan4j train --dry-run} prints and {@code gan4j bench --suite} compares with PyTorch.
 *
 * <p>Usage: {@code ModelSummary s = ModelSummary.of(config, data); System.out.println(s.generatorParameters());}
 */
public record ModelSummary(long generatorParameters, long discriminatorParameters, long stateValues, int variants,
    double stepFlops) {

  public static ModelSummary of(TrainConfig config, TrainingData data) {
    try (Graph graph = new Graph()) {
      StepGraph g = StepGraph.of(graph, config, data, Placement.LOCAL);
      long gParams = 0;
      long dParams = 0;
      long state = 0;
      List<long[]> orthogonal = new ArrayList<>();
      for (VariableStore.Entry e : g.store().entries()) {
        long n = e.shape().size();
        if (e.role() != VariableStore.Role.TRAINABLE) {
          state += n;
        } else if (e.name().startsWith(GanModel.G + "_")) {
          gParams += n;
          // OrthogonalRegularization's weights: rank >= 2, not the shared class embedding
          if (e.shape().numDimensions() >= 2 && !e.name().contains("embed")) {
            orthogonal.add(e.shape().asArray());
          }
        } else {
          dParams += n;
        }
      }
      return new ModelSummary(gParams, dParams, state, g.variants().size(), stepFlops(config, orthogonal));
    }
  }

  private static double stepFlops(TrainConfig config, List<long[]> orthogonal) {
    if (config.translation() != null) {
      return FlopCount.translationStepFlops(config.translation(), config.batch());
    }
    boolean gp = config.terms().stream().anyMatch(t -> t instanceof GradientPenalty);
    boolean ortho = config.terms().stream().anyMatch(t -> t instanceof OrthogonalRegularization);
    return FlopCount.stepFlops(config.generator(), config.discriminator(), config.batch(), config.nDis(), gp)
        + (ortho ? FlopCount.orthogonalRegularizationFlops(orthogonal) : 0);
  }
}
