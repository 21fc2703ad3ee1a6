package io.gan4j.sdk.gan;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.AutoDiff;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * LOGAN's latent optimisation (Wu et al. 2019): before the losses, each latent takes one step up the
 * critic's score f(z) = D(G(z)), D's logit (higher is "more real" for every gan4j loss). With
 * g = ∂f/∂z per sample,
 *
 * <pre>
 *   Δz = α · g / (β + ‖g‖²)     natural gradient (LOGAN-NGD, empirical Fisher g·gᵀ with damping β)
 *   Δz = α · g                  plain gradient (LOGAN-GD)
 *   z′ = z + m · Δz,            m ~ Bernoulli(fraction) per sample
 * </pre>
 *
 * Defaults as StudioGAN's {@code LOGAN.yaml}: NGD, α 0.9, β 0.1, fraction 0.8. One step, as the
 * paper's Algorithm 1. The mask comes from stateless random stream 8 ({@link GanModel}) at the
 * step's counter, so a resumed run draws the same masks.
 *
 * <p>Where this differs from the paper: gan4j's latents are N(0, 1), so z′ is not clipped (the paper
 * draws z ~ U(−1, 1) to clip z′ to [−1, 1]; a Gaussian has no range to clip to). Δz is a constant for
 * the players' updates: the paper differentiates through it (its second-order terms), but the
 * {@link LatentStep.Context}'s G and D passes are not the passes the updates differentiate, so only
 * the first-order gradients at z′ reach θ_G and θ_D; the stop-gradient says so in the graph. For the
 * same reason there is no transport cost λ‖Δz‖²: with Δz constant it would have no gradient.
 *
 * <p>Usage: {@code Recipes.BIGGAN.config(data, shape).latentStep(LatentOptimisation.defaults()).build()}
 */
public record LatentOptimisation(Method method, float alpha, float beta, float fraction) implements LatentStep {

  /** The step direction: LOGAN-NGD or LOGAN-GD. */
  public enum Method { NATURAL_GRADIENT, GRADIENT }

  /** Random stream of the per-sample mask (see {@link GanModel}). */
  public static final long MASK_STREAM = 8;

  public LatentOptimisation {
    checkArgument(method != null, "LatentOptimisation.method is required (NATURAL_GRADIENT or GRADIENT)");
    checkArgument(alpha > 0 && Float.isFinite(alpha), "LatentOptimisation.alpha must be > 0, got %s", alpha);
    checkArgument(beta > 0 && Float.isFinite(beta), "LatentOptimisation.beta must be > 0, got %s", beta);
    checkArgument(fraction >= 0 && fraction <= 1, "LatentOptimisation.fraction must be in [0, 1], got %s", fraction);
  }

  /** LOGAN-NGD with StudioGAN's α 0.9, β 0.1, on 80 % of the samples. */
  public static LatentOptimisation defaults() {
    return new LatentOptimisation(Method.NATURAL_GRADIENT, 0.9f, 0.1f, 0.8f);
  }

  @Override
  public Operand<TFloat32> update(Context context, Operand<TFloat32> z, Operand<TInt32> labels) {
    Ops tf = context.model().tf();
    Operand<TFloat32> f = tf.reduceSum(context.judge(context.generate(z, labels), labels).logits(), tf.constant(0));
    Operand<TFloat32> g = AutoDiff.gradients(tf, f, List.of(z)).get(0);
    Operand<TFloat32> step = tf.math.mul(tf.constant(alpha), g);
    if (method == Method.NATURAL_GRADIENT) {
      Operand<TFloat32> squaredNorm = tf.reduceSum(tf.math.square(g), tf.constant(1), org.tensorflow.op.core.ReduceSum.keepDims(true));
      step = tf.math.div(step, tf.math.add(tf.constant(beta), squaredNorm));
    }
    Operand<TFloat32> delta = tf.stopGradient(step);
    return tf.math.add(z, tf.math.mul(mask(context, z), delta));
  }

  /** 1 for the samples that move, 0 for the others, {@code [N, 1]}. */
  private Operand<TFloat32> mask(Context context, Operand<TFloat32> z) {
    Ops tf = context.model().tf();
    Operand<TInt32> shape = tf.concat(List.of(tf.slice(tf.shape(z), tf.constant(new int[] {0}), tf.constant(new int[] {1})),
        tf.constant(new int[] {1})), tf.constant(0));
    Operand<TFloat32> u = tf.random.statelessRandomUniform(shape, context.model().key(MASK_STREAM, context.counter()));
    return tf.dtypes.cast(tf.math.less(u, tf.constant(fraction)), TFloat32.class);
  }
}
