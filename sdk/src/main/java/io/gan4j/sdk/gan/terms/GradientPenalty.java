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
 * The WGAN-GP gradient penalty (Gulrajani et al. 2017): on per-sample interpolates
 * {@code x̂ = ε·x + (1 − ε)·G(z)}, ε ~ U(0, 1) (random stream 7, keyed by the D-step counter), D adds
 * {@code λ·mean_i((‖∇_x̂ D(x̂_i)‖₂ − 1)²)}, logged as {@code loss/gp}. The norm is
 * {@code √(Σ g² + 1e-10)} as in TF-GAN, so a zero gradient has a finite derivative. D judges x̂ through
 * the critic, inside its update pass, so the penalty's second-order gradient reaches D's weights;
 * conditional critics judge x̂ with the real labels.
 *
 * <p>Usage: {@code new GradientPenalty(10f)}
 */
public record GradientPenalty(float lambda) implements Term {

  /** Inside the square root, as TF-GAN's {@code wasserstein_gradient_penalty}. */
  public static final float EPSILON = 1e-10f;

  public GradientPenalty {
    checkArgument(lambda > 0 && Float.isFinite(lambda), "GradientPenalty.lambda must be > 0, got %s", lambda);
  }

  @Override
  public Bound bind(GanModel model) {
    return new Bound() {
      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        Ops tf = model.tf();
        Operand<TFloat32> real = model.real();
        int rank = real.shape().numDimensions();
        int[] epsShape = new int[rank];
        java.util.Arrays.fill(epsShape, 1);
        epsShape[0] = model.batch();
        Operand<TFloat32> eps = tf.random.statelessRandomUniform(tf.constant(epsShape), model.key(7, model.dCounter()));
        Operand<TFloat32> mixed = tf.math.add(tf.math.mul(eps, real),
            tf.math.mul(tf.math.sub(tf.constant(1f), eps), model.generatedForD()));
        Operand<TFloat32> logits = pass.critic(mixed, model.realLabels()).logits();
        Operand<TFloat32> norm = tf.math.sqrt(tf.math.add(InputGradient.squaredNorm(tf, logits, mixed), tf.constant(EPSILON)));
        Operand<TFloat32> penalty = tf.math.mul(tf.constant(lambda),
            tf.math.mean(tf.math.square(tf.math.sub(norm, tf.constant(1f))), tf.constant(0)));
        return TermLoss.logged("loss/gp", penalty);
      }
    };
  }
}
