package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The SAGAN self-attention block, as in the released code: 1×1 convolutions without bias (spectrally
 * normalised when asked) θ: C → C/8, φ: C → C/8 and g: C → C/2, a 2×2 max-pool on φ and g,
 * {@code β = softmax(θ·φᵀ)} over the HW/4 keys, {@code o = conv1×1(C/2 → C)(β·g)} and the output
 * {@code γ·o + x} with a scalar γ initialised to 0 (so a new block is the identity). The batch size
 * is dynamic; H and W must be even and C a multiple of 8. An immutable layer value: {@link #create}
 * gives the block without spectral norm, {@link #spectralNorm(boolean)} a copy with it.
 *
 * <p>Usage: {@code SelfAttention.Output a = SelfAttention.create().spectralNorm(true).apply(scope.child("attn"), h); h = a.output();}
 */
public final class SelfAttention {

  /** The block's output {@code [N, H, W, C]} and its attention map {@code [N, H·W, H·W/4]} (rows: queries). */
  public record Output(Operand<TFloat32> output, Operand<TFloat32> attention) {}

  private static final SelfAttention PLAIN = new SelfAttention(false);
  private static final SelfAttention SPECTRAL_NORM = new SelfAttention(true);

  private final boolean spectralNorm;

  private SelfAttention(boolean spectralNorm) {
    this.spectralNorm = spectralNorm;
  }

  /** The self-attention block, its 1×1 convolutions not spectrally normalised. */
  public static SelfAttention create() {
    return PLAIN;
  }

  /** The same block with its four 1×1 convolutions spectrally normalised ({@link SpectralNorm}) or not. */
  public SelfAttention spectralNorm(boolean spectralNorm) {
    return spectralNorm ? SPECTRAL_NORM : PLAIN;
  }

  public boolean spectralNorm() {
    return spectralNorm;
  }

  /** The block on {@code x} {@code [N, H, W, C]}; variables {@code theta_w}, {@code phi_w}, {@code g_w}, {@code o_w}, {@code gamma}. */
  public Output apply(NetScope scope, Operand<TFloat32> x) {
    Ops tf = scope.tf();
    Shape s = x.shape();
    checkArgument(s.numDimensions() == 4 && s.get(1) > 0 && s.get(2) > 0 && s.get(3) > 0,
        "%s: self-attention input must be [N, H, W, C] with known H, W, C, got %s", scope.name(), s);
    int h = (int) s.get(1);
    int w = (int) s.get(2);
    int c = (int) s.get(3);
    checkArgument(h % 2 == 0 && w % 2 == 0 && c % 8 == 0,
        "%s: self-attention needs even H and W and C divisible by 8, got %s", scope.name(), s);
    int hw = h * w;
    Operand<TFloat32> theta = tf.reshape(conv1x1(scope, "theta", x, c / 8, spectralNorm), tf.constant(new int[] {-1, hw, c / 8}));
    Operand<TFloat32> phi = tf.reshape(maxPool(tf, conv1x1(scope, "phi", x, c / 8, spectralNorm)),
        tf.constant(new int[] {-1, hw / 4, c / 8}));
    Operand<TFloat32> g = tf.reshape(maxPool(tf, conv1x1(scope, "g", x, c / 2, spectralNorm)),
        tf.constant(new int[] {-1, hw / 4, c / 2}));
    Operand<TFloat32> logits = tf.train.batchMatMul(theta, phi, TFloat32.class,
        org.tensorflow.op.train.BatchMatMul.adjY(true));
    Operand<TFloat32> beta = tf.nn.softmax(logits);
    Operand<TFloat32> attended = tf.reshape(tf.train.batchMatMul(beta, g, TFloat32.class),
        tf.constant(new int[] {-1, h, w, c / 2}));
    Operand<TFloat32> o = conv1x1(scope, "o", attended, c, spectralNorm);
    Operand<TFloat32> gamma = scope.weight("gamma", Shape.scalar(), Initializer.zeros());
    return new Output(tf.math.add(tf.math.mul(gamma, o), x), beta);
  }

  private static Operand<TFloat32> conv1x1(NetScope scope, String name, Operand<TFloat32> x, int out, boolean sn) {
    long cin = x.shape().get(3);
    Operand<TFloat32> k = scope.weight(name + "_w", Shape.of(1, 1, cin, out), scope.weightInit());
    if (sn) {
      k = SpectralNorm.apply(scope, name + "_w", k).weight();
    }
    return scope.tf().nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "VALID");
  }

  private static Operand<TFloat32> maxPool(Ops tf, Operand<TFloat32> x) {
    return tf.nn.maxPool(x, tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
  }

  @Override
  public String toString() {
    return "SelfAttention{spectralNorm=" + spectralNorm + "}";
  }
}
