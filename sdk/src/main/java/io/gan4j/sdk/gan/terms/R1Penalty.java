package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.gan.DiscriminatorPass;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The R1 penalty (Mescheder et al. 2018) on real data: D adds {@code γ/2 · mean_i ‖∇_x D(x_i)‖²},
 * the squared norm of the gradient of D's logit with respect to each real input, logged as
 * {@code loss/r1}. D is applied again to the real batch inside its update pass (the critic), so the
 * penalty's second-order gradient reaches D's weights.
 *
 * <p>Usage: {@code new R1Penalty(10f)}
 */
public record R1Penalty(float gamma) implements Term {

  public R1Penalty {
    checkArgument(gamma > 0 && Float.isFinite(gamma), "R1Penalty.gamma must be > 0, got %s", gamma);
  }

  @Override
  public Bound bind(GanModel model) {
    return new Bound() {
      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        Ops tf = model.tf();
        Operand<TFloat32> x = model.real();
        Operand<TFloat32> logits = pass.critic(x, model.realLabels()).logits();
        Operand<TFloat32> perSample = InputGradient.squaredNorm(tf, logits, x);
        Operand<TFloat32> penalty = tf.math.mul(tf.constant(gamma / 2f), tf.math.mean(perSample, tf.constant(0)));
        return TermLoss.logged("loss/r1", penalty);
      }
    };
  }
}
