package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.DiscriminatorPass;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.GeneratorPass;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * AC-GAN (Odena et al. 2017): a K-way classifier C on D's pooled features, trained with D on both
 * sources, {@code L_D += λ·[CE(C(x), y) + CE(C(G(z, y′)), y′)]}, while G makes its samples easy to
 * classify, {@code L_G += λ·CE(C(G(z, y′)), y′)} — the paper's L_C, maximised by both players.
 * (PyTorch-StudioGAN's "AC" drops the fake term from D's loss.) Logged as {@code loss/ac_d},
 * {@code loss/ac_g}. Needs a class-conditional G; D is usually unconditional (no projection).
 *
 * <p>Usage: {@code new AuxiliaryClassifier(1f)}
 */
public record AuxiliaryClassifier(float lambda) implements Term {

  static final String SCOPE = "ac";

  public AuxiliaryClassifier {
    checkArgument(lambda > 0 && Float.isFinite(lambda), "AuxiliaryClassifier.lambda must be > 0, got %s", lambda);
  }

  @Override
  public void check(GeneratorNetwork generator, DiscriminatorNetwork discriminator) {
    checkArgument(generator.conditional(), "AuxiliaryClassifier needs a class-conditional generator (classes > 0)");
  }

  @Override
  public Bound bind(GanModel model) {
    int k = model.generator().classes();
    Ops tf = model.tf();
    return new Bound() {
      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        Operand<TFloat32> real = ClassifierHead.crossEntropy(tf,
            ClassifierHead.logits(pass.scope(SCOPE), pass.real(), k, "AuxiliaryClassifier"), model.realLabels());
        Operand<TFloat32> fake = ClassifierHead.crossEntropy(tf,
            ClassifierHead.logits(pass.scope(SCOPE), pass.generated(), k, "AuxiliaryClassifier"), model.generatedLabelsForD());
        Operand<TFloat32> loss = tf.math.mul(tf.constant(lambda), tf.math.add(real, fake));
        return TermLoss.logged("loss/ac_d", loss);
      }

      @Override
      public TermLoss generator(GeneratorPass pass) {
        Operand<TFloat32> loss = tf.math.mul(tf.constant(lambda), ClassifierHead.crossEntropy(tf,
            ClassifierHead.logits(pass.discriminatorScope(SCOPE), pass.generatedHeads(), k, "AuxiliaryClassifier"),
            model.generatedLabels()));
        return TermLoss.logged("loss/ac_g", loss);
      }
    };
  }
}
