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
import org.tensorflow.types.TInt32;

/**
 * ADC-GAN (Hou et al. 2022, "Conditional GANs with Auxiliary Discriminative Classifier"): a classifier
 * C over 2K labels on D's pooled features, real class y as y⁺ = 2y and generated class y as
 * y⁻ = 2y + 1 (PyTorch-StudioGAN's encoding). D learns to tell both class and source,
 * {@code L_D += λ·[CE(C(x), y⁺) + CE(C(G(z, y)), y⁻)]}; G pulls its samples towards the real class
 * and away from the generated one, {@code L_G += λ·[CE(C(G(z, y)), y⁺) − CE(C(G(z, y)), y⁻)]}. With
 * λ = 1 as StudioGAN's {@code ACGAN-Mod-ADC} configs ({@code cond_lambda: 1.0}, its {@code worker.py}
 * losses checked line by line). Logged as {@code loss/adc_d}, {@code loss/adc_g}. Needs a
 * class-conditional G; D may also project (projection + ADC).
 *
 * <p>Usage: {@code new AuxiliaryDiscriminativeClassifier(1f)}
 */
public record AuxiliaryDiscriminativeClassifier(float lambda) implements Term {

  static final String SCOPE = "adc";

  public AuxiliaryDiscriminativeClassifier {
    checkArgument(lambda > 0 && Float.isFinite(lambda), "AuxiliaryDiscriminativeClassifier.lambda must be > 0, got %s", lambda);
  }

  @Override
  public void check(GeneratorNetwork generator, DiscriminatorNetwork discriminator) {
    checkArgument(generator.conditional(), "AuxiliaryDiscriminativeClassifier needs a class-conditional generator (classes > 0)");
  }

  /** y⁺ = 2y: class y, real. */
  static Operand<TInt32> asReal(Ops tf, Operand<TInt32> y) {
    return tf.math.mul(y, tf.constant(2));
  }

  /** y⁻ = 2y + 1: class y, generated. */
  static Operand<TInt32> asGenerated(Ops tf, Operand<TInt32> y) {
    return tf.math.add(asReal(tf, y), tf.constant(1));
  }

  @Override
  public Bound bind(GanModel model) {
    int k2 = 2 * model.generator().classes();
    Ops tf = model.tf();
    String name = "AuxiliaryDiscriminativeClassifier";
    return new Bound() {
      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        Operand<TFloat32> real = ClassifierHead.crossEntropy(tf, ClassifierHead.logits(pass.scope(SCOPE), pass.real(), k2, name),
            asReal(tf, model.realLabels()));
        Operand<TFloat32> fake = ClassifierHead.crossEntropy(tf,
            ClassifierHead.logits(pass.scope(SCOPE), pass.generated(), k2, name), asGenerated(tf, model.generatedLabelsForD()));
        Operand<TFloat32> loss = tf.math.mul(tf.constant(lambda), tf.math.add(real, fake));
        return TermLoss.logged("loss/adc_d", loss);
      }

      @Override
      public TermLoss generator(GeneratorPass pass) {
        Operand<TFloat32> logits = ClassifierHead.logits(pass.discriminatorScope(SCOPE), pass.generatedHeads(), k2, name);
        Operand<TFloat32> loss = tf.math.mul(tf.constant(lambda), tf.math.sub(
            ClassifierHead.crossEntropy(tf, logits, asReal(tf, model.generatedLabels())),
            ClassifierHead.crossEntropy(tf, logits, asGenerated(tf, model.generatedLabels()))));
        return TermLoss.logged("loss/adc_g", loss);
      }
    };
  }
}
