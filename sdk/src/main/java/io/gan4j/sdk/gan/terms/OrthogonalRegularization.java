package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.GeneratorPass;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * BigGAN's orthogonal regularisation (Brock et al. 2019, eq. 3) on G: G adds
 * {@code β · Σ_W ‖WᵀW ⊙ (1 − I)‖²_F} over its weight matrices, W being a kernel reshaped to
 * {@code [fan_in, out]} so that WᵀW holds the inner products of its output filters; only their
 * off-diagonal part is penalised, so the filters' norms stay free. Every trainable G weight of rank
 * ≥ 2 counts except the shared class embedding (BigGAN-PyTorch's blacklist), read where G's update
 * pass read it (before spectral normalisation). Logged as {@code loss/ortho}.
 *
 * <p>The gradient is {@code 4β · W(WᵀW ⊙ (1 − I))}; BigGAN-PyTorch's {@code utils.ortho} adds half of
 * that directly to the gradient, so its {@code G_ortho} strength equals 2β here.
 *
 * <p>Usage: {@code new OrthogonalRegularization(1e-4f)}
 */
public record OrthogonalRegularization(float beta) implements Term {

  public OrthogonalRegularization {
    checkArgument(beta > 0 && Float.isFinite(beta), "OrthogonalRegularization.beta must be > 0, got %s", beta);
  }

  @Override
  public Bound bind(GanModel model) {
    return new Bound() {
      @Override
      public TermLoss generator(GeneratorPass pass) {
        Ops tf = model.tf();
        List<Operand<TFloat32>> parts = new ArrayList<>();
        for (Map.Entry<String, Operand<TFloat32>> w : pass.generatorWeights().entrySet()) {
          long rank = w.getValue().shape().numDimensions();
          if (rank >= 2 && !w.getKey().contains("embed")) {
            parts.add(offDiagonalGram(tf, w.getValue()));
          }
        }
        if (parts.isEmpty()) {
          throw new IllegalStateException("OrthogonalRegularization: G has no weight matrices");
        }
        Operand<TFloat32> sum = parts.size() == 1 ? parts.get(0) : tf.math.addN(parts);
        return TermLoss.logged("loss/ortho", tf.math.mul(tf.constant(beta), sum));
      }
    };
  }

  /**
   * ‖WᵀW ⊙ (1 − I)‖²_F of one kernel whose last axis is its outputs (the formula, for tests and other terms).
   * The diagonal is taken off by subtracting WᵀW's band part (0, 0), not by multiplying with a constant
   * 1 − I: the same values (up to the sign of a zero), but with the mask TensorFlow 2.18's constant
   * folding, in a G step run without fetching G's loss, pushed the gradient's constant factor down into
   * WᵀW ⊙ (1 − I) while that constant waited, through a control node of folded shapes, on the product
   * itself: a cycle. Grappler's later passes then failed ("The graph couldn't be sorted in topological
   * order") and the session ran that step with none of Grappler's rewrites (see {@code GraphRewritesTest}).
   */
  public static Operand<TFloat32> offDiagonalGram(Ops tf, Operand<TFloat32> kernel) {
    long out = kernel.shape().get(kernel.shape().numDimensions() - 1);
    Operand<TFloat32> w = tf.reshape(kernel, tf.constant(new long[] {-1, out}));
    Operand<TFloat32> gram = tf.linalg.matMul(w, w, org.tensorflow.op.linalg.MatMul.transposeA(true));
    Operand<TFloat32> diagonal = tf.linalg.bandPart(gram, tf.constant(0L), tf.constant(0L));
    Operand<TFloat32> off = tf.math.sub(gram, diagonal);
    return tf.reduceSum(tf.math.square(off), tf.constant(new int[] {0, 1}));
  }
}
