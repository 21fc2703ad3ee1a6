package io.gan4j.sdk.gan;

import io.gan4j.ops.VariableStore;
import io.gan4j.ops.loss.GanLoss;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The graph of one adversarial game, as objective terms see it: the networks, the adversarial loss,
 * the real batch (and its labels), G's batch for D's update (gradient stopped) and G's batch for its
 * own update, each with the latents and labels it was made from, and the counters randomness is
 * keyed by. Built once per training graph by the trainer; terms read it, they never change it.
 *
 * <p>Stateless random streams ({@link #key}): 1 z of D's G batch, 2 z of G's update, 3 and 4 their
 * labels, 5 sample-mixing masks, 6 the mixing gate, 7 gradient-penalty interpolation, 8 the
 * samples {@link LatentOptimisation} moves, 9 the neighbour whose image pairs with an IC-GAN instance
 * ({@code InstancePairs}). A new term
 * takes the next free number and adds it here, so no two draws share a key.
 *
 * <p>Usage: {@code Operand<TInt64> key = model.key(7, model.dCounter());}
 */
public record GanModel(
    Ops tf,
    VariableStore store,
    long seed,
    int batch,
    GeneratorNetwork generator,
    DiscriminatorNetwork discriminator,
    GanLoss loss,
    Operand<TInt64> step,
    Operand<TInt64> dCounter,
    Operand<TFloat32> real,
    Operand<TInt32> realLabels,
    Operand<TFloat32> generatedForD,
    Operand<TInt32> generatedLabelsForD,
    Operand<TFloat32> generated,
    Operand<TInt32> generatedLabels) {

  /** Variable-name scope of the generator. */
  public static final String G = "G";
  /** Variable-name scope of the discriminator. */
  public static final String D = "D";

  /** The int64 {@code [2]} key of random stream {@code stream} at {@code counter}. */
  public Operand<TInt64> key(long stream, Operand<TInt64> counter) {
    return key(tf, seed, stream, counter);
  }

  /** The key of random stream {@code stream} of a run with {@code seed} at {@code counter}. */
  public static Operand<TInt64> key(Ops tf, long seed, long stream, Operand<TInt64> counter) {
    return tf.stack(List.of(tf.constant(seed * 31 + stream), counter));
  }

  /** The image side {@code [H, W]} of the data; fails for point data. */
  public List<Integer> imageSize() {
    List<Integer> shape = generator.outputShape();
    if (shape.size() != 3) {
      throw new IllegalArgumentException("this term needs image data, the model makes points of shape " + shape);
    }
    return shape.subList(0, 2);
  }
}
