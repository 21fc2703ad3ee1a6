package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.loss.UNetLoss;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.DiscriminatorPass;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * U-Net GAN's mixing terms (Schönfeld et al. 2020) on the D steps its {@link MixingConfig} selects:
 * the mixed image {@code x̃ = mix(x, G(z), M)} is fake for the encoder, has per-pixel target M for the
 * decoder, and the decoder should commute with mixing (consistency, weight 1):
 * {@code mean(ℓ_fake(D_enc(x̃))) + mean_px(M·ℓ_real(D_dec(x̃)) + (1 − M)·ℓ_fake(D_dec(x̃)))
 * + mean_px((D_dec(x̃) − (M ⊙ D_dec(x) + (1 − M) ⊙ D_dec(G(z))))²)}, logged as {@code loss/d_mixed}.
 * Needs a D with per-pixel logits.
 *
 * <p>Usage: {@code new UNetCutMix(new MixingConfig("cutmix", 1f, 0f, 0.5f, 1000))}
 */
public record UNetCutMix(MixingConfig mixing) implements Term {

  public UNetCutMix {
    checkArgument(mixing != null && mixing.enabled(), "UNetCutMix needs a mixing method, got %s", mixing);
  }

  @Override
  public void check(GeneratorNetwork generator, DiscriminatorNetwork discriminator) {
    MixingConfig.checkFits(generator, discriminator);
  }

  @Override
  public Bound bind(GanModel model) {
    List<Integer> size = model.imageSize();
    return new MixedPairs(model, mixing) {
      @Override
      public TermLoss discriminator(DiscriminatorPass pass) {
        Ops tf = model.tf();
        Heads mixed = pass.extra().get(0);
        checkArgument(mixed.pixelLogits() != null, "UNetCutMix needs a discriminator with per-pixel logits (a U-Net)");
        Operand<TFloat32> m = tf.reshape(mask.values(), tf.constant(new int[] {model.batch(), size.get(0), size.get(1)}));
        return TermLoss.logged("loss/d_mixed", tf.math.add(
            UNetLoss.mixed(tf, model.loss(), mixed.logits(), mixed.pixelLogits(), m),
            UNetLoss.consistency(tf, mixed.pixelLogits(), pass.real().pixelLogits(), pass.generated().pixelLogits(), m)));
      }
    };
  }
}
