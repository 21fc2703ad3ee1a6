package io.gan4j.sdk.translation;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.gan.DiscriminatorNetwork;
import java.util.List;
import java.util.Objects;

/**
 * The model of an image-to-image translation run (CycleGAN, CSGAN): two generators G_AB: A → B and
 * G_BA: B → A, two discriminators D_A (judges domain A) and D_B, the objective's terms beyond the
 * least-squares adversarial loss ({@link LeastSquaresAdversarial}) and the size of the image pools
 * each D draws generated images from ({@link ImagePool}). A serialisable value inside
 * {@link io.gan4j.sdk.train.TrainConfig#translation()}; the trainer builds its graph with four
 * players (G_AB, G_BA, D_A, D_B), each generator updated on the whole generator loss and each
 * discriminator on the discriminators' loss — as CycleGAN's one Adam over both generators' parameters
 * and one over both discriminators', since Adam is per parameter.
 *
 * <p>Usage: {@code new Translation(gAB, gBA, dA, dB, List.of(new CycleConsistency(10f), new CyclicSynthesized(30f)), 50)}
 */
public record Translation(
    ImageTranslator generatorAB,
    ImageTranslator generatorBA,
    DiscriminatorNetwork discriminatorA,
    DiscriminatorNetwork discriminatorB,
    List<TranslationTerm> terms,
    int poolSize) {

  public Translation {
    Objects.requireNonNull(generatorAB, "Translation.generatorAB is required");
    Objects.requireNonNull(generatorBA, "Translation.generatorBA is required");
    Objects.requireNonNull(discriminatorA, "Translation.discriminatorA is required");
    Objects.requireNonNull(discriminatorB, "Translation.discriminatorB is required");
    terms = terms == null ? List.of() : List.copyOf(terms);
    checkArgument(poolSize >= 0, "Translation: poolSize must be >= 0 (0 = no pool), got %s", poolSize);
    checkArgument(generatorAB.outputShape().equals(generatorBA.inputShape()),
        "Translation: G_AB makes %s images but G_BA takes %s", generatorAB.outputShape(), generatorBA.inputShape());
    checkArgument(generatorBA.outputShape().equals(generatorAB.inputShape()),
        "Translation: G_BA makes %s images but G_AB takes %s", generatorBA.outputShape(), generatorAB.inputShape());
    // Fields are assigned after a compact constructor: read the shapes from the parameters.
    List<Integer> a = generatorAB.inputShape();
    List<Integer> b = generatorBA.inputShape();
    checkArgument(discriminatorA.inputShape().equals(a), "Translation: D_A judges %s images but domain A has %s",
        discriminatorA.inputShape(), a);
    checkArgument(discriminatorB.inputShape().equals(b), "Translation: D_B judges %s images but domain B has %s",
        discriminatorB.inputShape(), b);
    checkArgument(!discriminatorA.conditional() && !discriminatorB.conditional(), "Translation: the discriminators must be unconditional");
    if (terms.stream().anyMatch(TranslationTerm::needsIdentity)) {
      checkArgument(a.equals(b), "Translation: the identity loss needs A and B of one shape, got %s and %s", a, b);
    }
  }

  /** {@code [H, W, C]} of domain A. */
  public List<Integer> shapeA() {
    return generatorAB.inputShape();
  }

  /** {@code [H, W, C]} of domain B. */
  public List<Integer> shapeB() {
    return generatorBA.inputShape();
  }

  /** The weight of the cyclic-synthesized term (0 when it has none: CycleGAN). */
  public float cyclicSynthesizedWeight() {
    return (float) terms.stream().filter(t -> t instanceof CyclicSynthesized).mapToDouble(t -> ((CyclicSynthesized) t).lambda()).sum();
  }
}
