package io.gan4j.sdk.train;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.translation.Direction;
import io.gan4j.sdk.translation.ImageTranslator;
import io.gan4j.sdk.translation.Translation;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Both generators of a translation run, restored from its newest checkpoint into an inference-only
 * graph (no discriminators, pools or optimiser state). Thread-safe: translating only reads.
 *
 * <p>Usage: {@code try (TrainedTranslator t = TrainedTranslator.open(run)) { float[] b = t.translate(Direction.AB, a, n); }}
 */
public final class TrainedTranslator implements AutoCloseable {

  private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TrainedTranslator.class.getName());

  private final TrainConfig config;
  private final long step;
  private final Graph graph;
  private final Session session;
  private final VariableStore store;
  private final Map<Direction, Placeholder<TFloat32>> inputs = new EnumMap<>(Direction.class);
  private final Map<Direction, Operand<TFloat32>> outputs = new EnumMap<>(Direction.class);

  private TrainedTranslator(TrainConfig config, Checkpoints checkpoints) {
    this.config = config;
    graph = new Graph();
    try {
      Ops tf = Ops.create(graph);
      store = new VariableStore(tf, config.seed());
      for (Direction d : Direction.values()) {
        ImageTranslator g = d.generator(config.translation());
        List<Integer> s = g.inputShape();
        Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s.get(0), s.get(1), s.get(2))));
        inputs.put(d, in);
        outputs.put(d, g.translate(NetScope.root(store, ForwardPass.of(Mode.INFER), d.scope()), in));
      }
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
    try {
      Checkpoints.Restored restored = checkpoints.restoreNewest(session);
      restored.warnings().forEach(LOG::warning);
      step = Checkpoints.stepOf(restored.checkpoint());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The newest readable checkpoint of the translation run {@code runDir}. */
  public static TrainedTranslator open(Path runDir) {
    TrainConfig config = Trainer.readConfig(runDir);
    if (config.translation() == null) {
      throw new IllegalArgumentException(runDir + " is a " + config.model() + " run, not an image-to-image translation run");
    }
    Checkpoints checkpoints = new Checkpoints(runDir.resolve("checkpoints"), Integer.MAX_VALUE);
    if (checkpoints.latest().isEmpty()) {
      throw new CheckpointException("no checkpoint in " + runDir.resolve("checkpoints"));
    }
    return new TrainedTranslator(config, checkpoints);
  }

  public TrainConfig config() {
    return config;
  }

  public Translation translation() {
    return config.translation();
  }

  /** The training step of the restored checkpoint. */
  public long step() {
    return step;
  }

  /**
   * {@code n} images {@code [n, H, W, C_in]} (flattened NHWC, in [−1, 1]) translated by the generator of
   * {@code direction}, flattened NHWC {@code [n, H, W, C_out]}; run in blocks of 64 images.
   */
  public float[] translate(Direction direction, float[] images, int n) {
    List<Integer> in = direction.generator(config.translation()).inputShape();
    List<Integer> out = direction.generator(config.translation()).outputShape();
    int inSize = in.get(0) * in.get(1) * in.get(2);
    int outSize = out.get(0) * out.get(1) * out.get(2);
    if (n < 1 || images.length != n * inSize) {
      throw new IllegalArgumentException("translate " + direction.id() + " needs " + n + " images of " + in + " (" + n * inSize
          + " values), got " + images.length + " values");
    }
    float[] result = new float[n * outSize];
    int block = 64;
    for (int from = 0; from < n; from += block) {
      int m = Math.min(block, n - from);
      float[] part = java.util.Arrays.copyOfRange(images, from * inSize, (from + m) * inSize);
      try (TFloat32 x = TFloat32.tensorOf(Shape.of(m, in.get(0), in.get(1), in.get(2)), DataBuffers.of(part, true, false));
          Result r = session.runner().feed(inputs.get(direction), x).fetch(outputs.get(direction)).run()) {
        System.arraycopy(Trainer.toArray((TFloat32) r.get(0)), 0, result, from * outSize, m * outSize);
      }
    }
    return result;
  }

  /** The restored values of both generators' variables, by name (what an export copies). */
  public Map<String, float[]> variables() {
    return Trainer.readVariables(session, store);
  }

  @Override
  public void close() {
    try (graph; session) { // session first, then its graph
    }
  }
}
