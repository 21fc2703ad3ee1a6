package io.gan4j.sdk.gan;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * One term of a GAN objective beyond the adversarial loss pair: a penalty (R1, gradient penalty),
 * a regulariser, an auxiliary classifier, sample mixing, U-Net's per-pixel and consistency losses.
 * A term is an immutable value (stored in {@code config.json} with its class name); {@link #bind}
 * attaches it to one training graph. Each implementation states its formula in its Javadoc.
 *
 * <p>Per D step the trainer sums {@code adversarial + Σ term} for D (in the order of the objective's
 * terms) and likewise for G, and logs every scalar a term returns.
 *
 * <p>Usage: {@code TrainConfig c = Recipes.DCGAN.config(data, shape).terms(List.of(new R1Penalty(10f))).build();}
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "type")
public interface Term {

  /** Fails with a message naming the term when it cannot work with these networks (checked when a config is built). */
  default void check(GeneratorNetwork generator, DiscriminatorNetwork discriminator) {}

  /** This term in one training graph. */
  Bound bind(GanModel model);

  /** A term bound to a graph; every method may emit ops through {@code model.tf()}. */
  interface Bound {

    /**
     * Samples D judges in its update pass after the real and generated batches, concatenated into the
     * same application of D (e.g. mixed real/fake pairs); their heads come back in
     * {@link DiscriminatorPass#extra()}.
     */
    default List<Operand<TFloat32>> extraInputs() {
      return List.of();
    }

    /**
     * Whether the term applies on the coming D step, as a function of seed and D-step counter; null
     * when it applies on every step. The trainer builds a step with and one without the term and
     * runs the matching one, so an inactive term costs nothing.
     */
    default Operand<TBool> active() {
      return null;
    }

    /** What the term adds to D's loss. */
    default TermLoss discriminator(DiscriminatorPass pass) {
      return TermLoss.NONE;
    }

    /** What the term adds to G's loss. */
    default TermLoss generator(GeneratorPass pass) {
      return TermLoss.NONE;
    }
  }
}
