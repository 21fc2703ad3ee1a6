package io.gan4j.sdk.train;

import io.gan4j.sdk.gan.GanModel;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.Sampler;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The generator of a run directory, restored from its newest checkpoint into an inference-only
 * graph (G in INFER mode, no D, no optimiser state). Thread-safe: sampling only reads.
 *
 * <p>Usage: {@code try (TrainedGenerator g = TrainedGenerator.open(Path.of("runs/demo"))) { float[] x = g.sample(7, 64); }}
 */
public final class TrainedGenerator implements AutoCloseable {

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TrainedGenerator.class.getName());

  private final TrainConfig config;
  private final long step;
  private final RestoredGraph restored;
  private final Placeholder<TInt64> seed;
  private final Placeholder<TInt32> count;
  private final Operand<TFloat32> samples;
  private final Placeholder<TInt32> label;
  private final java.util.List<Operand<TFloat32>> attention;

  private TrainedGenerator(TrainConfig config, Checkpoints checkpoints) {
    this.config = config;
    restored = RestoredGraph.create(config.seed());
    try {
      Ops tf = restored.tf();
      seed = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      count = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      label = tf.placeholder(TInt32.class, Placeholder.shape(Shape.scalar()));
      io.gan4j.sdk.nets.Generator.Output out =
          Sampler.sample(tf, restored.store(), config.generator(), config.emaDecay() > 0, seed, count, label, null);
      samples = out.images();
      attention = out.attention();
      step = restored.restore(checkpoints, LOG);
    } catch (RuntimeException e) {
      restored.close();
      throw e;
    }
  }

  /** The newest checkpoint of {@code runDir} that reads; a corrupt newer one is skipped with a logged warning. */
  public static TrainedGenerator open(Path runDir) {
    TrainConfig config = Trainer.readConfig(runDir);
    if (config.translation() != null) {
      throw new IllegalArgumentException(runDir + " is a " + config.model() + " run (image-to-image translation, two generators):"
          + " open it with TrainedTranslator");
    }
    return new TrainedGenerator(config, Checkpoints.forReading(runDir));
  }

  public TrainConfig config() {
    return config;
  }

  public GeneratorNetwork network() {
    return config.generator();
  }

  /** The training step of the restored checkpoint. */
  public long step() {
    return step;
  }

  /**
   * {@code n} samples for {@code seed}: the same values {@link Trainer#sample} gives for that run. A
   * conditional generator spreads them over its classes in equal consecutive blocks.
   */
  public float[] sample(long seedValue, int n) {
    return sample(seedValue, n, -1);
  }

  /** {@code n} samples of class {@code classLabel} (−1: spread over the classes) for {@code seed}. */
  public float[] sample(long seedValue, int n, int classLabel) {
    return run(seedValue, n, classLabel, samples).get(0);
  }

  /**
   * The attention maps of each self-attention block of G for the samples {@link #sample} gives:
   * per block {@code [n, H·W, H·W/4]}, flattened (query-major); empty without attention.
   */
  public java.util.List<float[]> attentionMaps(long seedValue, int n, int classLabel) {
    return attention.isEmpty() ? java.util.List.of() : run(seedValue, n, classLabel, attention.toArray(Operand[]::new));
  }

  private java.util.List<float[]> run(long seedValue, int n, int classLabel, Operand<?>... fetches) {
    if (n < 1) {
      throw new IllegalArgumentException("sample count must be >= 1, got " + n);
    }
    GeneratorNetwork spec = config.generator();
    if (classLabel >= 0 && !spec.conditional()) {
      throw new IllegalArgumentException("this generator is unconditional; it takes no class label");
    }
    if (classLabel >= spec.classes() && spec.conditional()) {
      throw new IllegalArgumentException("class label must be in [0, " + spec.classes() + "), got " + classLabel);
    }
    try (TInt64 s = TInt64.scalarOf(seedValue);
        TInt32 c = TInt32.scalarOf(n);
        TInt32 l = TInt32.scalarOf(classLabel)) {
      Session.Runner runner = restored.session().runner().feed(seed, s).feed(count, c);
      if (spec.conditional()) {
        runner.feed(label, l);
      }
      for (Operand<?> f : fetches) {
        runner.fetch(f);
      }
      try (Result r = runner.run()) {
        java.util.List<float[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < fetches.length; i++) {
          out.add(Trainer.toArray((TFloat32) r.get(i)));
        }
        return out;
      }
    }
  }

  /**
   * BigGAN's standing statistics: every batch norm's stored mean and variance become the average,
   * over {@code batches} batches of {@code batchSize} samples (z from {@code seed}, classes in turn),
   * of the batch statistics of G as it samples (the moving average of its weights when the run keeps
   * one) instead of the statistics training accumulated for the trained weights. Sampling and
   * {@link #variables()} (so an export) use them from then on; the checkpoint is not changed.
   *
   * <p>Usage: {@code g.useStandingStatistics(100, 64, 1); float[] x = g.sample(7, 64);}
   */
  public synchronized void useStandingStatistics(int batches, int batchSize, long seedValue) {
    if (batchSize < 2) {
      throw new IllegalArgumentException("standing statistics need batches of at least 2 samples, got " + batchSize);
    }
    Ops tf = Ops.create(restored.graph());
    ForwardPass pass = config.emaDecay() > 0 ? ForwardPass.standingAveraged(batches) : ForwardPass.standing(batches);
    Placeholder<TInt64> batch = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    GeneratorNetwork network = config.generator();
    Operand<TFloat32> z = tf.random.statelessRandomNormal(tf.constant(new int[] {batchSize, network.zDim()}),
        tf.stack(java.util.List.of(tf.constant(seedValue), batch)));
    Operand<TInt32> labels = null;
    if (network.conditional()) {
      int[] ls = new int[batchSize];
      for (int i = 0; i < batchSize; i++) {
        ls[i] = i % network.classes();
      }
      labels = tf.constant(ls);
    }
    network.generate(NetScope.root(restored.store(), pass, GanModel.G), z, labels);
    java.util.List<org.tensorflow.op.Op> reset = new java.util.ArrayList<>();
    for (VariableStore.Entry e : restored.store().entries(GanModel.G + "_", VariableStore.Role.STATE)) {
      if (e.name().endsWith("_moving_mean") || e.name().endsWith("_moving_var")) {
        reset.add(tf.assign(e.variable(), tf.zerosLike(e.variable())));
      }
    }
    if (reset.isEmpty()) {
      throw new IllegalStateException("this generator has no batch norm: standing statistics do not apply");
    }
    Session.Runner zero = restored.session().runner();
    reset.forEach(zero::addTarget);
    zero.run().close();
    for (long k = 0; k < batches; k++) {
      try (TInt64 b = TInt64.scalarOf(k)) {
        Session.Runner r = restored.session().runner().feed(batch, b);
        pass.updates().forEach(r::addTarget);
        r.run().close();
      }
    }
  }

  /**
   * The restored values of every variable the sampler reads, by name: G's weights, their moving
   * averages {@code <w>_ema} when the run keeps them, batch-norm statistics and spectral-norm
   * vectors. Flattened row-major; shapes are the variables' shapes in a fresh build of the spec.
   */
  public Map<String, float[]> variables() {
    return restored.variables();
  }

  @Override
  public void close() {
    restored.close();
  }
}
