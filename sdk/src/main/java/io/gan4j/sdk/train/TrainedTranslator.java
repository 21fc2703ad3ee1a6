package io.gan4j.sdk.train;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.translation.Direction;
import io.gan4j.sdk.translation.ImageTranslator;
import io.gan4j.sdk.translation.Translation;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Result;
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
  private final RestoredGraph restored;
  private final Map<Direction, Placeholder<TFloat32>> inputs = new EnumMap<>(Direction.class);
  private final Map<Direction, Operand<TFloat32>> outputs = new EnumMap<>(Direction.class);

  private TrainedTranslator(TrainConfig config, Checkpoints checkpoints) {
    this.config = config;
    restored = RestoredGraph.create(config.seed());
    try {
      Ops tf = restored.tf();
      for (Direction d : Direction.values()) {
        ImageTranslator g = d.generator(config.translation());
        List<Integer> s = g.inputShape();
        Placeholder<TFloat32> in = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, s.get(0), s.get(1), s.get(2))));
        inputs.put(d, in);
        outputs.put(d, g.translate(NetScope.root(restored.store(), ForwardPass.of(Mode.INFER), d.scope()), in));
      }
      step = restored.restore(checkpoints, LOG);
    } catch (RuntimeException e) {
      restored.close();
      throw e;
    }
  }

  /** The newest readable checkpoint of the translation run {@code runDir}. */
  public static TrainedTranslator open(Path runDir) {
    TrainConfig config = Trainer.readConfig(runDir);
    if (config.translation() == null) {
      throw new IllegalArgumentException(runDir + " is a " + config.model() + " run, not an image-to-image translation run");
    }
    return new TrainedTranslator(config, Checkpoints.forReading(runDir));
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
          Result r = restored.session().runner().feed(inputs.get(direction), x).fetch(outputs.get(direction)).run()) {
        System.arraycopy(Trainer.toArray((TFloat32) r.get(0)), 0, result, from * outSize, m * outSize);
      }
    }
    return result;
  }

  /** The restored values of both generators' variables, by name (what an export copies). */
  public Map<String, float[]> variables() {
    return restored.variables();
  }

  @Override
  public void close() {
    restored.close();
  }
}
