package io.gan4j.sdk.translation;

import java.util.Objects;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The graph of one translation game as objective terms see it (CycleGAN / CSGAN): the real batches
 * of both domains and what the two generators make of them in G's update pass, all differentiable in
 * G's weights. In the CSGAN paper's names: Syn_B = {@link #fakeB} = G_AB(R_A), Cyc_A = {@link #recA}
 * = G_BA(G_AB(R_A)), Syn_A = {@link #fakeA} = G_BA(R_B), Cyc_B = {@link #recB} = G_AB(G_BA(R_B)).
 * {@link #identityA} = G_BA(R_A) and {@link #identityB} = G_AB(R_B) exist only when a term asks for
 * them ({@link TranslationTerm#needsIdentity}), null otherwise. Built once per training graph by the
 * trainer; terms read it, they never change it.
 *
 * <p>Usage: {@code Operand<TFloat32> l1 = TranslationModel.l1(model.tf(), model.recA(), model.realA());}
 */
public record TranslationModel(
    Ops tf,
    Operand<TFloat32> realA,
    Operand<TFloat32> realB,
    Operand<TFloat32> fakeB,
    Operand<TFloat32> recA,
    Operand<TFloat32> fakeA,
    Operand<TFloat32> recB,
    Operand<TFloat32> identityA,
    Operand<TFloat32> identityB) {

  /** Variable-name scope of the generator A → B. */
  public static final String G_AB = "G_AB";
  /** Variable-name scope of the generator B → A. */
  public static final String G_BA = "G_BA";
  /** Variable-name scope of domain A's discriminator (judges real A against G_BA's images). */
  public static final String D_A = "D_A";
  /** Variable-name scope of domain B's discriminator. */
  public static final String D_B = "D_B";

  public TranslationModel {
    Objects.requireNonNull(tf, "TranslationModel.tf is required");
    Objects.requireNonNull(realA, "TranslationModel.realA is required");
    Objects.requireNonNull(realB, "TranslationModel.realB is required");
    Objects.requireNonNull(fakeA, "TranslationModel.fakeA is required");
    Objects.requireNonNull(fakeB, "TranslationModel.fakeB is required");
    Objects.requireNonNull(recA, "TranslationModel.recA is required");
    Objects.requireNonNull(recB, "TranslationModel.recB is required");
  }

  /** {@code mean |x − y|} over every element: PyTorch's {@code L1Loss()} with its default mean reduction. */
  public static Operand<TFloat32> l1(Ops tf, Operand<TFloat32> x, Operand<TFloat32> y) {
    Operand<TFloat32> d = tf.math.abs(tf.math.sub(x, y));
    return tf.math.mean(tf.reshape(d, tf.constant(new int[] {-1})), tf.constant(0));
  }
}
