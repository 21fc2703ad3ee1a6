package io.gan4j.savedmodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.SpectralNorm;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.FeatureConditioned;
import io.gan4j.sdk.gan.InstanceFeatures;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.Sampler;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.TrainedGenerator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TUint8;

/**
 * Exports the generator of a run directory as a SavedModel that follows gan4j's contract: a fresh
 * inference-only graph of G (no D, no optimiser), the moving-average weights when the run keeps
 * them, spectral norm frozen (each kernel divided by the σ its stored power-iteration vector gives,
 * exactly what the run's inference pass computes), batch norm on its moving statistics.
 * Signatures: {@code serving_default} ({@code z} float32 {@code [N, zDim]} → {@code images} float32
 * {@code [N, H, W, C]} in [−1, 1]) and {@code sample} ({@code seed} int64, {@code count} int32 →
 * {@code images_uint8} uint8 and {@code images} float32), plus {@code assets.extra/gan4j.json}.
 *
 * <p>Usage: {@code GeneratorExport.fromRun(Path.of("runs/demo"), Path.of("models/demo"));}
 */
public final class GeneratorExport {

  public static final String METADATA = "gan4j.json";
  /** Batch size and seed of the standing statistics an export computes. */
  public static final int STANDING_BATCH = 64;
  public static final long STANDING_SEED = 1;

  private GeneratorExport() {}

  /** Exports the newest checkpoint of {@code runDir} to {@code out}; returns the exported step. */
  public static long fromRun(Path runDir, Path out) {
    return fromRun(runDir, out, 0);
  }

  /**
   * As {@link #fromRun(Path, Path)}, with BigGAN's standing statistics over {@code standingBatches}
   * batches of 64 samples in the exported batch norms when it is > 0
   * ({@link TrainedGenerator#useStandingStatistics}).
   */
  public static long fromRun(Path runDir, Path out, int standingBatches) {
    try (TrainedGenerator g = TrainedGenerator.open(runDir)) {
      if (standingBatches > 0) {
        g.useStandingStatistics(standingBatches, STANDING_BATCH, STANDING_SEED);
      }
      TrainConfig config = g.config();
      GeneratorNetwork network = config.generator();
      // Built-in specs export with spectral norm folded into the kernels; a user's network keeps its
      // power-iteration vectors and divides in the graph (INFER mode never updates them).
      boolean fold = network instanceof GeneratorSpec spec && spec.spectralNorm();
      GeneratorNetwork exported = fold ? ((GeneratorSpec) network).newBuilder().spectralNorm(false).build() : network;
      Map<String, float[]> values = inferenceValues(g.variables(), fold, config.emaDecay() > 0);
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("format", "gan4j generator 1");
      meta.put("generator", network);
      meta.put("step", g.step());
      meta.put("data", config.data());
      meta.put("model", config.model());
      meta.put("weights", config.emaDecay() > 0 ? "moving average (decay " + config.emaDecay() + ")" : "trained");
      meta.put("classes", network.classes());
      if (standingBatches > 0) {
        meta.put("batch_norm", "standing statistics over " + standingBatches + " batches of " + STANDING_BATCH + " samples");
      }
      if (network instanceof FeatureConditioned fc) {
        InstanceFeatures inst = fc.instances();
        meta.put("classes", inst.classes());
        String classLabel = inst.classes() > 0 ? ", label int32 [N] in [0, " + inst.classes() + ")" : "";
        meta.put("instance_features", Map.of("feature_network", InstanceSetup.featureNetwork(inst).toAbsolutePath().toString(),
            "dimension", inst.dimension(), "k", inst.k(), "training_instances", inst.count()));
        meta.put("signatures", Map.of(
            "serving_default", "z float32 [N, " + network.zDim() + "], features float32 [N, " + inst.dimension()
                + "] (l2-normalised instance features)" + classLabel + " -> images float32 [N, H, W, C] in [-1, 1]",
            "sample", "seed int64 [], count int32 [] (samples per instance image), truncation float32 [], image float32 [M, H, W, C]"
                + " in [-1, 1] (instance images; the feature network runs inside the model)"
                + (inst.classes() > 0 ? ", label int32 [] (the class of every sample)" : "")
                + " -> images_uint8 uint8 [M*count, H, W, C] grouped by instance, images float32, features float32 [M, "
                + inst.dimension() + "]"));
        String json = toJson(meta);
        Path featureNet = InstanceSetup.featureNetwork(inst);
        SavedModelWriter.write(out, (tf, store) -> instanceSignatures(tf, store, network, fc, featureNet), values, Map.of(METADATA, json));
        return g.step();
      }
      String label = network.conditional() ? ", label int32 [N] in [0, " + network.classes() + ")" : "";
      meta.put("signatures", Map.of(
          "serving_default", "z float32 [N, " + network.zDim() + "]" + label + " -> images float32 [N, H, W, C] in [-1, 1]",
          "sample", "seed int64 [], count int32 []" + (network.conditional() ? ", label int32 [] (-1: one block per class)" : "")
              + ", truncation float32 [] (0: off; t > 0: resample |z| > t)"
              + " -> images_uint8 uint8 [N, H, W, C], images float32"));
      String json;
      try {
        json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      SavedModelWriter.write(out, (tf, store) -> signatures(tf, store, exported), values, Map.of(METADATA, json));
      return g.step();
    }
  }

  /**
   * Maps the run's variables to the exported graph's: moving averages replace weights; with
   * {@code foldSpectralNorm}, kernels are divided by the σ of {@link SpectralNorm#powerIteration} from
   * their stored {@code _sn_u} (exactly what the run's inference pass computes) and the vectors are dropped.
   */
  static Map<String, float[]> inferenceValues(Map<String, float[]> run, boolean foldSpectralNorm, boolean averaged) {
    Map<String, float[]> out = new LinkedHashMap<>();
    Map<String, float[][]> toFold = new LinkedHashMap<>(); // name -> {kernel, u}
    for (Map.Entry<String, float[]> e : run.entrySet()) {
      String name = e.getKey();
      if (name.endsWith(VariableStore.AVERAGE_SUFFIX) || (foldSpectralNorm && name.endsWith(SpectralNorm.U_SUFFIX))) {
        continue;
      }
      float[] v = averaged && run.containsKey(name + VariableStore.AVERAGE_SUFFIX)
          ? run.get(name + VariableStore.AVERAGE_SUFFIX)
          : e.getValue();
      float[] u = run.get(name + SpectralNorm.U_SUFFIX);
      out.put(name, v.clone());
      if (foldSpectralNorm && u != null) {
        toFold.put(name, new float[][] {v, u});
      }
    }
    out.putAll(divideBySigma(toFold));
    return out;
  }

  /** {@code W / σ} with σ from one power iteration on W as {@code [rows, cout]} starting at the stored u. */
  static float[] divideBySigma(float[] w, float[] u) {
    return divideBySigma(Map.of("w", new float[][] {w, u})).get("w");
  }

  /** {@link #divideBySigma(float[], float[])} for every {@code name -> {kernel, u}}, in one graph and one run. */
  private static Map<String, float[]> divideBySigma(Map<String, float[][]> kernels) {
    Map<String, float[]> out = new LinkedHashMap<>();
    if (kernels.isEmpty()) {
      return out;
    }
    try (Graph graph = new Graph(); Session session = new Session(graph)) {
      Ops tf = Ops.create(graph);
      Session.Runner runner = session.runner();
      for (float[][] wu : kernels.values()) {
        float[] w = wu[0];
        int cout = wu[1].length;
        Operand<TFloat32> matrix = tf.constant(Shape.of(w.length / cout, cout), DataBuffers.of(w, true, false));
        Operand<TFloat32> vector = tf.constant(Shape.of(1, cout), DataBuffers.of(wu[1], true, false));
        runner.fetch(tf.math.div(matrix, SpectralNorm.powerIteration(tf, matrix, vector, SpectralNorm.DEFAULT_EPSILON).sigma()));
      }
      try (Result r = runner.run()) {
        int i = 0;
        for (Map.Entry<String, float[][]> e : kernels.entrySet()) {
          float[] folded = new float[e.getValue()[0].length];
          ((TFloat32) r.get(i++)).copyTo(DataBuffers.of(folded, false, false));
          out.put(e.getKey(), folded);
        }
      }
    }
    return out;
  }

  private static String toJson(Map<String, Object> meta) {
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * IC-GAN's signatures: {@code serving_default} (z, features → images) and {@code sample} (seed,
   * count per instance, truncation, instance images → the feature network frozen into the graph, its
   * ℓ2-normalised features, {@code count} samples of each), z drawn as {@link Sampler} does.
   */
  private static List<Signature> instanceSignatures(Ops tf, VariableStore store, GeneratorNetwork network, FeatureConditioned fc,
      Path featureNet) {
    ForwardPass pass = ForwardPass.of(Mode.INFER);
    int f = fc.featureDim();
    Placeholder<TFloat32> z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, network.zDim())));
    Placeholder<TFloat32> features = tf.withName("features").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, f)));
    boolean classes = fc.instances().classes() > 0;
    Placeholder<TInt32> labels = classes ? tf.withName("label").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
    Operand<TFloat32> images = fc.generateFromFeatures(NetScope.root(store, pass, GanModel.G), z, features, labels).images();

    List<Integer> shape = network.outputShape();
    FrozenFeatureNetwork.Imported net = FrozenFeatureNetwork.importInto((org.tensorflow.Graph) tf.scope().env(), featureNet,
        "instance_features", shape.get(0), shape.get(1), shape.get(2));
    Operand<TFloat32> raw = net.features();
    // ℓ2 normalisation as the training table's (InstanceSetup): h / ‖h‖, a zero row stays zero.
    Operand<TFloat32> norm = tf.math.sqrt(tf.reduceSum(tf.math.square(raw), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true)));
    Operand<TFloat32> h = tf.math.divNoNan(raw, norm);
    Placeholder<TInt64> seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    Placeholder<TInt32> count = tf.withName("count").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
    Operand<TFloat32> truncation = tf.withName("truncation").placeholderWithDefault(tf.constant(0f), Shape.scalar());
    Operand<TInt32> m = tf.slice(tf.shape(h), tf.constant(new int[] {0}), tf.constant(new int[] {1}));
    // [M, F] -> [M, count, F] -> [M·count, F]: count samples of each instance, grouped by instance
    Operand<TFloat32> repeated = tf.reshape(tf.tile(tf.expandDims(h, tf.constant(1)),
        tf.concat(List.of(tf.constant(new int[] {1}), tf.reshape(count, tf.constant(new int[] {1})), tf.constant(new int[] {1})),
            tf.constant(0))), tf.constant(new int[] {-1, f}));
    Operand<TInt32> total = tf.math.mul(tf.reshape(m, tf.constant(new int[0])), count);
    Operand<TFloat32> sampledZ = Sampler.latents(tf, network.zDim(), seed, total, truncation);
    Placeholder<TInt32> sampleLabel = classes ? tf.withName("sample_label").placeholder(TInt32.class, Placeholder.shape(Shape.scalar())) : null;
    Operand<TInt32> sampleLabels = classes ? tf.fill(tf.reshape(total, tf.constant(new int[] {1})), sampleLabel) : null;
    Operand<TFloat32> sampled = fc.generateFromFeatures(NetScope.root(store, pass, GanModel.G), sampledZ, repeated, sampleLabels).images();
    Operand<TUint8> bytes = tf.dtypes.cast(tf.math.round(tf.clipByValue(
        tf.math.mul(tf.math.add(sampled, tf.constant(1f)), tf.constant(127.5f)), tf.constant(0f), tf.constant(255f))),
        TUint8.class);
    Signature.Builder serving = Signature.builder().key(Signature.DEFAULT_KEY).methodName(SavedModelWriter.PREDICT_METHOD)
        .input("z", z).input("features", features);
    Signature.Builder sample = Signature.builder().key("sample").methodName(SavedModelWriter.PREDICT_METHOD)
        .input("seed", seed).input("count", count).input("truncation", truncation).input("image", net.images());
    if (classes) {
      serving.input("label", labels);
      sample.input("label", sampleLabel);
    }
    return List.of(serving.output("images", images).build(),
        sample.output("images_uint8", bytes).output("images", sampled).output("features", h).build());
  }

  private static List<Signature> signatures(Ops tf, VariableStore store, GeneratorNetwork spec) {
    ForwardPass pass = ForwardPass.of(Mode.INFER);
    boolean conditional = spec.conditional();
    Placeholder<TFloat32> z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.zDim())));
    Placeholder<TInt32> labels = conditional
        ? tf.withName("label").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
    Operand<TFloat32> images = spec.generate(NetScope.root(store, pass, GanModel.G), z, labels).images();

    Placeholder<TInt64> seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    Placeholder<TInt32> count = tf.withName("count").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
    Operand<TInt32> label = conditional
        ? tf.withName("sample_label").placeholderWithDefault(tf.constant(-1), Shape.scalar()) : null;
    Operand<TFloat32> truncation = tf.withName("truncation").placeholderWithDefault(tf.constant(0f), Shape.scalar());
    // The run's own sampler, so a seed gives TrainedGenerator.sample's images.
    Operand<TFloat32> sampled = Sampler.sample(tf, store, spec, false, seed, count, label, truncation).images();
    Operand<TUint8> bytes = tf.dtypes.cast(tf.math.round(tf.clipByValue(
        tf.math.mul(tf.math.add(sampled, tf.constant(1f)), tf.constant(127.5f)), tf.constant(0f), tf.constant(255f))),
        TUint8.class);
    Signature.Builder serving = Signature.builder().key(Signature.DEFAULT_KEY).methodName(SavedModelWriter.PREDICT_METHOD)
        .input("z", z);
    Signature.Builder sample = Signature.builder().key("sample").methodName(SavedModelWriter.PREDICT_METHOD)
        .input("seed", seed).input("count", count);
    if (conditional) {
      serving.input("label", labels);
      sample.input("label", label);
    }
    sample.input("truncation", truncation);
    return List.of(serving.output("images", images).build(),
        sample.output("images_uint8", bytes).output("images", sampled).build());
  }
}
