package io.gan4j.sdk.train;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.OptimizerOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * How TensorFlow runs a {@link Trainer}'s session: kernel threads per op (intra-op), ops run at once
 * (inter-op), XLA auto-clustering, and Grappler's graph rewrites. 0 threads means TensorFlow's default
 * (the core count). XLA on CPU also needs {@code TF_XLA_FLAGS=--tf_xla_cpu_global_jit} in the
 * environment before TensorFlow loads; see the README's performance section for what each setting
 * measured. Without graph rewrites the first step starts sooner (Grappler optimises a BigGAN training
 * graph for tens of seconds) and two straight runs are bit-identical; the rewritten graph computes the
 * same functions with fused kernels, so float results differ in the last bits. {@link Precision#BF16}
 * adds TensorFlow's oneDNN bfloat16 auto mixed precision, a Grappler pass, so it needs the rewrites on.
 *
 * <p>Usage: {@code Trainer.open(dir, config, data, Trainer.Start.FRESH, SessionOptions.DEFAULT.withThreads(2, 1))}
 */
public record SessionOptions(int intraOpThreads, int interOpThreads, boolean xlaJit, boolean graphRewrites, Precision precision) {

  /** TensorFlow's defaults: as many threads as cores for both pools, no XLA, Grappler's rewrites on, float32. */
  public static final SessionOptions DEFAULT = new SessionOptions(0, 0, false, true, Precision.FP32);

  public SessionOptions {
    checkArgument(intraOpThreads >= 0 && interOpThreads >= 0,
        "thread counts must be >= 0 (0 = TensorFlow's default), got intra-op %s and inter-op %s", intraOpThreads, interOpThreads);
    checkArgument(precision != null, "precision must be FP32 or BF16, got null");
    // Without the meta optimizer the mixed-precision pass never runs and bf16 would silently be float32.
    checkArgument(graphRewrites || precision == Precision.FP32,
        "precision bf16 is a Grappler rewrite and needs graph rewrites on");
  }

  public SessionOptions withThreads(int intraOp, int interOp) {
    return new SessionOptions(intraOp, interOp, xlaJit, graphRewrites, precision);
  }

  public SessionOptions withXlaJit(boolean on) {
    return new SessionOptions(intraOpThreads, interOpThreads, on, graphRewrites, precision);
  }

  /** Grappler's graph rewrites (TensorFlow's meta optimizer) on or off. */
  public SessionOptions withGraphRewrites(boolean on) {
    return new SessionOptions(intraOpThreads, interOpThreads, xlaJit, on, precision);
  }

  /** float32, or oneDNN's bfloat16 auto mixed precision ({@link Precision}). */
  public SessionOptions withPrecision(Precision p) {
    return new SessionOptions(intraOpThreads, interOpThreads, xlaJit, graphRewrites, p);
  }

  /** The ConfigProto for {@code new Session(graph, options.toConfigProto())}. */
  public ConfigProto toConfigProto() {
    ConfigProto.Builder b = ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(intraOpThreads)
        .setInterOpParallelismThreads(interOpThreads);
    if (xlaJit) {
      b.setGraphOptions(GraphOptions.newBuilder().setOptimizerOptions(
          OptimizerOptions.newBuilder().setGlobalJitLevel(OptimizerOptions.GlobalJitLevel.ON_1)));
    }
    if (!graphRewrites) {
      b.setGraphOptions(b.getGraphOptions().toBuilder().setRewriteOptions(RewriterConfig.newBuilder().setDisableMetaOptimizer(true)));
    }
    if (precision == Precision.BF16) {
      b.setGraphOptions(b.getGraphOptions().toBuilder().setRewriteOptions(
          RewriterConfig.newBuilder().setAutoMixedPrecisionOnednnBfloat16(RewriterConfig.Toggle.ON)));
    }
    return b.build();
  }

  @Override
  public String toString() {
    return "intra-op " + (intraOpThreads == 0 ? "default" : intraOpThreads) + ", inter-op "
        + (interOpThreads == 0 ? "default" : interOpThreads) + (xlaJit ? ", XLA JIT" : "") + (graphRewrites ? "" : ", no graph rewrites")
        + (precision == Precision.FP32 ? "" : ", " + precision.label());
  }
}
