package io.gan4j.sdk.recipes;

import io.gan4j.sdk.nets.PatchDiscriminator;
import io.gan4j.sdk.nets.ResNetTranslator;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.translation.CycleConsistency;
import io.gan4j.sdk.translation.CyclicSynthesized;
import io.gan4j.sdk.translation.ImagePool;
import io.gan4j.sdk.translation.Translation;
import io.gan4j.sdk.translation.TranslationTerm;
import java.util.ArrayList;
import java.util.List;

/**
 * CSGAN (Kancharagunta & Dubey 2019; KishanKancharagunta/CSGAN {@code csgan.py}, built on
 * pytorch-CycleGAN) and, with λ_CS = 0, CycleGAN (Zhu et al. 2017): generators
 * {@link ResNetTranslator} (6 residual blocks below 256 px), discriminators {@link PatchDiscriminator}
 * (receptive field scaled to the image), least-squares adversarial loss, cycle consistency λ = 10
 * per direction, cyclic-synthesized loss λ_CS = 30 per direction on L1(Syn, sg(Cyc)), image pools of
 * 50, no identity loss, Adam 2e-4, β (0.5, 0.999), batch 1, learning rate constant for the first half
 * of the steps and linear to 0 over the second (CycleGAN's 100 + 100 epochs). gan4j's default length is
 * 10,000 steps (the reference trains 200 epochs of its data).
 *
 * <p>Usage: {@code TrainConfig c = Recipes.CSGAN.translation("fmnist-edges", List.of(32, 32, 1), List.of(32, 32, 1)).build();}
 */
final class CsGan implements Recipe {

  private final String id;
  private final float lambdaCs;

  CsGan(String id, float lambdaCs) {
    this.id = id;
    this.lambdaCs = lambdaCs;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public boolean translates() {
    return true;
  }

  /** Both domains of {@code shape}. */
  @Override
  public TrainConfig.Builder config(String data, List<Integer> shape) {
    return translation(data, shape, shape);
  }

  @Override
  public TrainConfig.Builder translation(String data, List<Integer> shapeA, List<Integer> shapeB) {
    List<TranslationTerm> terms = new ArrayList<>(List.of(new CycleConsistency(CycleConsistency.LAMBDA)));
    if (lambdaCs > 0) {
      terms.add(new CyclicSynthesized(lambdaCs));
    }
    Translation t = new Translation(ResNetTranslator.forImages(shapeA, shapeB.get(2)), ResNetTranslator.forImages(shapeB, shapeA.get(2)),
        PatchDiscriminator.forImages(shapeA), PatchDiscriminator.forImages(shapeB), terms, ImagePool.SIZE);
    return TrainConfig.builder().model(id).data(data).translation(t).loss("least-squares")
        .lrG(2e-4f).lrD(2e-4f).beta1(0.5f).beta2(0.999f).batch(1).steps(10_000).lrDecay("linear-second-half");
  }
}
