package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.DiscriminatorPass;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.GeneratorPass;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * StyleGAN2's lazy regularisation (Karras et al. 2020, appendix B): {@code term} is evaluated on D
 * steps 0, every, 2·every, ... only, and what it adds to a loss is multiplied by {@code every}, so its
 * pull per step on average is the eager term's while the steps between skip its cost (for R1 a second
 * D pass and a double backward). The trainer runs those steps with a graph variant that leaves the term
 * out; a G part of the term, if it has one, applies in the full steps whose D update is due, since
 * the variant covers the whole step. The logged scalars stay the term's own, unscaled (e.g. {@code loss/r1} is R1 as the eager term
 * would log it). StyleGAN2 also rescales Adam's learning rate and betas for the lazy steps; this term
 * does not touch the optimiser.
 *
 * <p>Usage: {@code new LazyRegularization(new R1Penalty(10f), 16)}
 */
public record LazyRegularization(Term term, int every) implements Term {

  public LazyRegularization {
    checkNotNull(term, "LazyRegularization.term must not be null");
    checkArgument(every >= 1, "LazyRegularization.every must be >= 1, got %s", every);
  }

  @Override
  public void check(GeneratorNetwork generator, DiscriminatorNetwork discriminator) {
    term.check(generator, discriminator);
  }

  @Override
  public Bound bind(GanModel model) {
    Bound inner = term.bind(model);
    Ops tf = model.tf();
    return new Bound() {
      @Override
      public List<Operand<TFloat32>> extraInputs() {
        return inner.extraInputs();
      }

      @Override
      public Operand<TBool> active() {
        Operand<TBool> due = tf.math.equal(tf.math.floorMod(model.dCounter(), tf.constant((long) every)), tf.constant(0L));
        Operand<TBool> own = inner.active();
        return own == null ? due : tf.math.logicalAnd(due, own);
      }

      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        return scaled(inner.discriminator(pass));
      }

      @Override
      public TermLoss generator(GeneratorPass pass) {
        return scaled(inner.generator(pass));
      }

      private TermLoss scaled(TermLoss loss) {
        return loss.value() == null ? loss : new TermLoss(tf.math.mul(tf.constant((float) every), loss.value()), loss.scalars());
      }
    };
  }
}
