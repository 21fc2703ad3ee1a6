package io.gan4j.sdk.train;

import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.GanModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;

/**
 * The gan4j side of the step-parity harness: builds the {@link TrainingGraph} of a config, brings it
 * to a chosen state (initialisation, {@code warmup} ordinary training steps, then optional
 * overrides of chosen variables, e.g. the attention γ that starts at 0), and writes, as {@code .npy}
 * files under {@code out}:
 *
 * <pre>
 *   config.json                     the TrainConfig (what the reference rebuilds the networks from)
 *   before/NAME.npy                 every variable of the store (TF layout) and train_step, train_d_steps
 *   dstepK/{real,real_labels,z,labels,fake,d_loss}.npy   inputs and loss of the K-th D update of the step
 *   dstepK/grad/NAME.npy            the gradient D's optimiser applied in that update
 *   gstep/{z,labels,fake,g_loss}.npy, gstep/grad/NAME.npy   the same for the G update
 *   after/NAME.npy                  every variable after the full step
 *   dstepK/variant.npy              (only with gated terms) the step variant that D update ran: bit g set =
 *                                   the g-th gated term of the config (in the config's order) was active
 * </pre>
 *
 * A full step is what {@code Trainer.train} runs: n_dis − 1 runs of {@code dStep}, then one run of
 * {@code gStep} (the last D update and the G update). Every fetched value comes from the very run
 * that consumed it, so these are the exact batches, latents and labels the step used. With terms
 * active on some D steps only (e.g. CutMix after its warm-up) the variant of each D update is chosen
 * as {@code Trainer} chooses it: {@code variantIndex} fetched in a run of its own just before.
 */
final class StepDump {

  private StepDump() {}

  /**
   * Runs and dumps; after the warm-up every variable whose whole name matches a regular expression
   * of {@code overrides} is set to that expression's value. Returns the role of every variable, by name.
   */
  static Map<String, VariableStore.Role> run(TrainConfig config, TrainingData data, Path out, int warmup,
      Map<String, Float> overrides) {
    try (Graph graph = new Graph()) {
      TrainingGraph tg = new TrainingGraph(graph, config, data);
      Ops tf = tg.tf();
      List<Op> assigns = new ArrayList<>();
      for (VariableStore.Entry e : tg.store.entries()) {
        for (Map.Entry<String, Float> o : overrides.entrySet()) {
          if (e.name().matches(o.getKey())) {
            assigns.add(tf.assign(e.variable(), tf.fill(tf.constant(e.shape().asArray()), tf.constant(o.getValue()))));
            break;
          }
        }
      }
      try (Session s = new Session(graph, SessionOptions.DEFAULT.toConfigProto())) {
        s.initialize();
        for (int i = 0; i < warmup; i++) {
          for (int k = 1; k < config.nDis(); k++) {
            s.runner().addTarget(tg.variants().get(variant(s, tg)).dStep()).run().close();
          }
          s.runner().addTarget(tg.variants().get(variant(s, tg)).gStep()).run().close();
        }
        if (!assigns.isEmpty()) {
          Session.Runner r = s.runner();
          assigns.forEach(r::addTarget);
          r.run().close();
        }
        Files.createDirectories(out);
        Trainer.writeJson(out.resolve("config.json"), config);
        dumpVariables(s, tg, out.resolve("before"));
        for (int k = 0; k < config.nDis(); k++) {
          boolean last = k == config.nDis() - 1;
          if (tg.variantIndex() != null) {
            try (Result res = s.runner().fetch(tg.variantIndex()).run()) {
              NpyFiles.write(out.resolve("dstep" + k + "/variant.npy"), res.get(0));
            }
          }
          int index = variant(s, tg);
          StepGraph.Variant v = tg.variants().get(index);
          Map<String, Operand<?>> fetch = new LinkedHashMap<>(dFetches(graph, config, tg, index, "dstep" + k + "/"));
          if (last) {
            fetch.putAll(gFetches(tg, index));
          }
          Session.Runner r = s.runner().addTarget(last ? v.gStep() : v.dStep());
          List<String> names = new ArrayList<>(fetch.keySet());
          names.forEach(n -> r.fetch(fetch.get(n)));
          try (Result res = r.run()) {
            for (int i = 0; i < names.size(); i++) {
              NpyFiles.write(out.resolve(names.get(i) + ".npy"), res.get(i));
            }
          }
        }
        dumpVariables(s, tg, out.resolve("after"));
      }
      Map<String, VariableStore.Role> roles = new LinkedHashMap<>();
      tg.store.entries().forEach(e -> roles.put(e.name(), e.role()));
      return roles;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The variant the coming D update runs (as {@code Trainer.nextVariant}). */
  private static int variant(Session s, TrainingGraph tg) {
    if (tg.variantIndex() == null) {
      return 0;
    }
    try (Result r = s.runner().fetch(tg.variantIndex()).run()) {
      return ((org.tensorflow.types.TInt32) r.get(0)).getInt();
    }
  }

  private static Map<String, Operand<?>> dFetches(Graph graph, TrainConfig config, TrainingGraph tg, int index, String prefix) {
    GanModel m = tg.model();
    StepGraph.Variant v = tg.variants().get(index);
    Map<String, Operand<?>> f = new LinkedHashMap<>();
    f.put(prefix + "real", m.real());
    f.put(prefix + "z", tg.zForD);
    f.put(prefix + "fake", m.generatedForD());
    if (m.realLabels() != null) {
      f.put(prefix + "real_labels", m.realLabels());
      f.put(prefix + "labels", m.generatedLabelsForD());
    }
    f.put(prefix + "d_loss", v.dLoss());
    if (config.terms().stream().anyMatch(t -> t instanceof io.gan4j.sdk.gan.terms.GradientPenalty)) {
      f.put(prefix + "gp_eps", gradientPenaltyEpsilon(graph, config, tg, index));
    }
    tg.dGradients.get(index).forEach((name, g) -> f.put(prefix + "grad/" + name, g));
    return f;
  }

  /**
   * The interpolation weights ε {@code [batch, 1, …, 1]} of the {@code GradientPenalty} in variant
   * {@code index}: found in the graph (the one stateless uniform draw of that shape; with several
   * variants, the index-th), not rebuilt, so fetching it changes nothing in the step.
   */
  private static Operand<?> gradientPenaltyEpsilon(Graph graph, TrainConfig config, TrainingGraph tg, int index) {
    int rank = tg.model().real().shape().numDimensions();
    long[] shape = new long[rank];
    java.util.Arrays.fill(shape, 1L);
    shape[0] = config.batch();
    List<Operand<?>> found = new ArrayList<>();
    java.util.Iterator<org.tensorflow.GraphOperation> it = graph.operations();
    while (it.hasNext()) {
      org.tensorflow.GraphOperation op = it.next();
      if (op.type().startsWith("StatelessRandomUniform") && !op.type().contains("Int")
          && java.util.Arrays.equals(op.output(0).shape().asArray(), shape)) {
        found.add(op.output(0));
      }
    }
    if (found.size() != tg.variants().size()) {
      throw new IllegalStateException("expected one gradient-penalty ε draw per step variant, found " + found.size());
    }
    return found.get(index);
  }

  private static Map<String, Operand<?>> gFetches(TrainingGraph tg, int index) {
    GanModel m = tg.model();
    StepGraph.Variant v = tg.variants().get(index);
    Map<String, Operand<?>> f = new LinkedHashMap<>();
    f.put("gstep/z", tg.zForG);
    f.put("gstep/fake", m.generated());
    if (m.generatedLabels() != null) {
      f.put("gstep/labels", m.generatedLabels());
    }
    f.put("gstep/g_loss", v.gLoss());
    tg.gGradients.get(index).forEach((name, g) -> f.put("gstep/grad/" + name, g));
    return f;
  }

  private static void dumpVariables(Session s, TrainingGraph tg, Path dir) {
    Map<String, Operand<?>> vars = new LinkedHashMap<>();
    for (VariableStore.Entry e : tg.store.entries()) {
      vars.put(e.name(), e.variable());
    }
    vars.put("train_step", tg.step);
    vars.put("train_d_steps", tg.dSteps);
    for (Map.Entry<String, Operand<?>> e : vars.entrySet()) {
      try (Result r = s.runner().fetch(e.getValue()).run()) {
        NpyFiles.write(dir.resolve(e.getKey() + ".npy"), r.get(0));
      }
    }
  }
}
