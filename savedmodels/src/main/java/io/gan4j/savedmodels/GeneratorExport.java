package io.gan4j.savedmodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.nets.Generator;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.TrainedGenerator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
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
  static final String SCOPE = "G";

  private GeneratorExport() {}

  /** Exports the newest checkpoint of {@code runDir} to {@code out}; returns the exported step. */
  public static long fromRun(Path runDir, Path out) {
    try (TrainedGenerator g = TrainedGenerator.open(runDir)) {
      TrainConfig config = g.config();
      GeneratorSpec spec = config.generator();
      Map<String, float[]> values = inferenceValues(g.variables(), spec, config.emaDecay() > 0);
      GeneratorSpec frozen = spec.newBuilder().spectralNorm(false).build();
      Map<String, Object> meta = new LinkedHashMap<>();
      meta.put("format", "gan4j generator 1");
      meta.put("generator", spec);
      meta.put("step", g.step());
      meta.put("data", config.data());
      meta.put("model", config.model());
      meta.put("weights", config.emaDecay() > 0 ? "moving average (decay " + config.emaDecay() + ")" : "trained");
      meta.put("classes", spec.classes());
      String label = spec.conditional() ? ", label int32 [N] in [0, " + spec.classes() + ")" : "";
      meta.put("signatures", Map.of(
          "serving_default", "z float32 [N, " + spec.zDim() + "]" + label + " -> images float32 [N, H, W, C] in [-1, 1]",
          "sample", "seed int64 [], count int32 []" + (spec.conditional() ? ", label int32 [] (-1: one block per class)" : "")
              + ", truncation float32 [] (0: off; t > 0: resample |z| > t)"
              + " -> images_uint8 uint8 [N, H, W, C], images float32"));
      String json;
      try {
        json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
      SavedModelWriter.write(out, (tf, store) -> signatures(tf, store, frozen), values, Map.of(METADATA, json));
      return g.step();
    }
  }

  /**
   * Maps the run's variables to the exported graph's: moving averages replace weights, spectral-norm
   * kernels are divided by σ, and the {@code _sn_u} vectors are dropped.
   */
  static Map<String, float[]> inferenceValues(Map<String, float[]> run, GeneratorSpec spec, boolean averaged) {
    Map<String, float[]> out = new LinkedHashMap<>();
    for (Map.Entry<String, float[]> e : run.entrySet()) {
      String name = e.getKey();
      if (name.endsWith(VariableStore.AVERAGE_SUFFIX) || name.endsWith("_sn_u")) {
        continue;
      }
      float[] v = averaged && run.containsKey(name + VariableStore.AVERAGE_SUFFIX)
          ? run.get(name + VariableStore.AVERAGE_SUFFIX)
          : e.getValue();
      float[] u = run.get(name + "_sn_u");
      out.put(name, spec.spectralNorm() && u != null ? divideBySigma(v, u) : v.clone());
    }
    return out;
  }

  /**
   * {@code W / σ} with σ from one power iteration on W as {@code [rows, cout]} starting at the stored
   * u, as {@code io.gan4j.ops.SpectralNorm} computes it (float64 here, ε = 1e-6).
   */
  static float[] divideBySigma(float[] w, float[] u) {
    int cout = u.length;
    int rows = w.length / cout;
    double eps = io.gan4j.ops.SpectralNorm.DEFAULT_EPSILON;
    double[] v = new double[rows];
    for (int r = 0; r < rows; r++) {
      double s = 0;
      for (int c = 0; c < cout; c++) {
        s += u[c] * w[r * cout + c];
      }
      v[r] = s;
    }
    normalize(v, eps);
    double[] wv = new double[cout];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cout; c++) {
        wv[c] += v[r] * w[r * cout + c];
      }
    }
    double[] uNew = wv.clone();
    normalize(uNew, eps);
    double sigma = 0;
    for (int c = 0; c < cout; c++) {
      sigma += wv[c] * uNew[c];
    }
    float[] out = new float[w.length];
    for (int i = 0; i < w.length; i++) {
      out[i] = (float) (w[i] / sigma);
    }
    return out;
  }

  private static void normalize(double[] x, double eps) {
    double n = 0;
    for (double v : x) {
      n += v * v;
    }
    n = Math.sqrt(n) + eps;
    for (int i = 0; i < x.length; i++) {
      x[i] /= n;
    }
  }

  private static List<Signature> signatures(Ops tf, VariableStore store, GeneratorSpec spec) {
    ForwardPass pass = ForwardPass.of(Mode.INFER);
    boolean conditional = spec.conditional();
    Placeholder<TFloat32> z = tf.withName("z").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, spec.zDim())));
    Placeholder<TInt32> labels = conditional
        ? tf.withName("label").placeholder(TInt32.class, Placeholder.shape(Shape.of(-1))) : null;
    Operand<TFloat32> images = Generator.apply(NetScope.root(store, pass, SCOPE), spec, z, labels).images();

    Placeholder<TInt64> seed = tf.withName("seed").placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    Placeholder<TInt32> count = tf.withName("count").placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
    Operand<TInt32> label = conditional
        ? tf.withName("sample_label").placeholderWithDefault(tf.constant(-1), Shape.scalar()) : null;
    Operand<TFloat32> truncation = tf.withName("truncation").placeholderWithDefault(tf.constant(0f), Shape.scalar());
    // The same z (and labels) as TrainedGenerator.sample: stateless normal keyed (seed, 0).
    Operand<TInt32> zShape = tf.stack(List.of(count, tf.constant(spec.zDim())));
    Operand<TFloat32> sampledZ = truncate(tf, tf.random.statelessRandomNormal(zShape, tf.stack(List.of(seed, tf.constant(0L)))),
        zShape, seed, truncation);
    Operand<TInt32> sampledLabels = conditional ? Generator.sampleLabels(tf, spec, count, label) : null;
    Operand<TFloat32> sampled = Generator.apply(NetScope.root(store, pass, SCOPE), spec, sampledZ, sampledLabels).images();
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

  /** Rounds of resampling before the last clip; P(|z| > 0.5) = 0.62, so 0.62^16 < 0.05 % is clipped. */
  static final int TRUNCATION_ROUNDS = 16;

  /**
   * The truncation trick: entries with {@code |z| > t} are redrawn (up to {@link #TRUNCATION_ROUNDS}
   * times from fresh stateless normals keyed by the seed), then clipped to ±t; {@code t ≤ 0} leaves z
   * untouched, so the default reproduces the run's samples.
   */
  static Operand<TFloat32> truncate(Ops tf, Operand<TFloat32> z, Operand<TInt32> shape, Operand<TInt64> seed,
      Operand<TFloat32> t) {
    Operand<TFloat32> out = z;
    for (int round = 1; round <= TRUNCATION_ROUNDS; round++) {
      Operand<TFloat32> fresh = tf.random.statelessRandomNormal(shape, tf.stack(List.of(seed, tf.constant((long) round))));
      out = tf.select(tf.math.greater(tf.math.abs(out), t), fresh, out);
    }
    out = tf.clipByValue(out, tf.math.neg(t), t);
    return tf.select(tf.math.greater(t, tf.constant(0f)), out, z);
  }

}
