package io.gan4j.sdk.train;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.mix.CutMix;
import io.gan4j.ops.mix.Mask;
import io.gan4j.ops.mix.Mixing;
import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.Sampler;
import io.gan4j.sdk.gan.terms.UNetPixelLoss;
import java.nio.file.Path;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * What a trained U-Net discriminator's decoder sees: for {@code n} real images, {@code n} generated
 * ones and their CutMix mixtures, the images and the decoder's per-pixel probability of "real"
 * ({@code sigmoid} of its logits), from the run's newest checkpoint.
 *
 * <p>Usage: {@code DecoderMaps.Result r = DecoderMaps.of(Path.of("runs/unet"), data, 8, 1);}
 */
public final class DecoderMaps {

  /** {@code 3n} images (real, generated, mixed; NHWC in [−1, 1]) and their {@code 3n} maps {@code [H, W]} in [0, 1]. */
  public record Result(float[] images, float[] maps, int n, long step) {}

  private DecoderMaps() {}

  public static Result of(Path runDir, TrainingData data, int n, long seed) {
    TrainConfig config = Trainer.readConfig(runDir);
    DiscriminatorNetwork dNet = config.discriminator();
    if (config.terms().stream().noneMatch(t -> t instanceof UNetPixelLoss)) {
      throw new IllegalArgumentException(runDir + " was not trained with a U-Net discriminator (it has " + describe(dNet) + ")");
    }
    Checkpoints checkpoints = Checkpoints.forReading(runDir);
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, config.seed());
      Operand<TFloat32> real = data.batch(tf, tf.constant(seed), n, seed);
      Operand<TFloat32> fake = Sampler.sample(tf, store, config.generator(), config.emaDecay() > 0, tf.constant(seed),
          tf.constant(n), tf.constant(-1), null).images();
      List<Integer> shape = config.generator().outputShape();
      Mask mask = new CutMix(1f).sample(tf, tf.constant(new long[] {seed, 7}), n, shape.get(0), shape.get(1));
      Operand<TFloat32> images = tf.concat(List.of(real, fake, Mixing.mix(tf, mask, real, fake)), tf.constant(0));
      Operand<TFloat32> maps = tf.math.sigmoid(
          dNet.judge(NetScope.root(store, ForwardPass.of(Mode.INFER), GanModel.D), images, null).pixelLogits());
      s.initialize(); // the data pipeline's permutation cache is not in checkpoints
      Path ckpt = checkpoints.restoreNewest(s).checkpoint();
      try (org.tensorflow.Result r = s.runner().fetch(images).fetch(maps).run()) {
        return new Result(Trainer.toArray((TFloat32) r.get(0)), Trainer.toArray((TFloat32) r.get(1)), n,
            Checkpoints.stepOf(ckpt));
      }
    }
  }

  private static String describe(DiscriminatorNetwork d) {
    return d instanceof DiscriminatorSpec spec ? spec.architecture().toString() : d.getClass().getSimpleName();
  }
}
