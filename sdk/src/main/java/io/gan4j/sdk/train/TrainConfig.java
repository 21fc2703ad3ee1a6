package io.gan4j.sdk.train;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.gan4j.sdk.data.ImageFolderOptions;
import com.fasterxml.jackson.databind.annotation.JsonPOJOBuilder;
import io.gan4j.ops.loss.GanLoss;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.LatentStep;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.terms.MixingConfig;
import io.gan4j.sdk.gan.terms.UNetPixelLoss;
import io.gan4j.sdk.translation.Translation;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines a training run, in TF-GAN's split: the networks (model), the adversarial
 * {@code loss} plus weighted objective {@code terms}, and the training step (optimiser settings per
 * player, n_dis, learning-rate schedule, moving average of G). Written to {@code config.json} in the
 * run directory so a run can be resumed, sampled or exported later; configs written before the
 * {@code terms} field (with a {@code mixing} field instead) still load. Immutable and validated on
 * construction with messages that name the field.
 *
 * <p>Usage: {@code TrainConfig c = Recipes.DCGAN.config("shapes", List.of(32, 32, 3)).steps(500).seed(7).build();}
 */
@JsonDeserialize(builder = TrainConfig.Builder.class)
public record TrainConfig(
    String model,
    String data,
    ImageFolderOptions dataOptions,
    GeneratorNetwork generator,
    DiscriminatorNetwork discriminator,
    String loss,
    List<Term> terms,
    LatentStep latentStep,
    float lrG,
    float lrD,
    float beta1,
    float beta2,
    OptimizerType optimizer,
    float clipD,
    int nDis,
    int batch,
    long steps,
    long seed,
    int checkpointEvery,
    int keepCheckpoints,
    int logEvery,
    int imageEvery,
    String lrDecay,
    float emaDecay,
    long emaStart,
    Translation translation) {

  /**
   * Learning-rate schedules: constant, linear decay to 0 at {@code steps}, or constant for the first
   * half and then linear to 0 at {@code steps} (CycleGAN's 100 + 100 epochs).
   */
  public static final java.util.List<String> LR_DECAYS = java.util.List.of("none", "linear", "linear-second-half");

  public TrainConfig {
    lrDecay = lrDecay == null ? "none" : lrDecay;
    terms = terms == null ? List.of() : List.copyOf(terms);
    optimizer = optimizer == null ? OptimizerType.ADAM : optimizer;
    checkArgument(clipD >= 0 && Float.isFinite(clipD), "clip-d must be >= 0 (0 = off), got %s", clipD);
    checkArgument(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1), "ema must be 0 (off) or in (0, 1), got %s", emaDecay);
    checkArgument(emaStart >= 0, "ema-start must be >= 0, got %s", emaStart);
    checkArgument(LR_DECAYS.contains(lrDecay), "lr-decay must be one of %s, got '%s'", LR_DECAYS, lrDecay);
    checkArgument(batch >= 1, "batch must be >= 1, got %s", batch);
    checkArgument(steps >= 1, "steps must be >= 1, got %s", steps);
    checkArgument(nDis >= 1, "n-dis must be >= 1, got %s", nDis);
    checkArgument(lrG > 0 && Float.isFinite(lrG), "lr-g must be a positive number, got %s", lrG);
    checkArgument(lrD > 0 && Float.isFinite(lrD), "lr-d must be a positive number, got %s", lrD);
    checkArgument(beta1 >= 0 && beta1 < 1, "beta1 must be in [0, 1), got %s", beta1);
    checkArgument(beta2 >= 0 && beta2 < 1, "beta2 must be in [0, 1), got %s", beta2);
    checkArgument(checkpointEvery >= 1, "checkpoint-every must be >= 1, got %s", checkpointEvery);
    checkArgument(keepCheckpoints >= 1, "keep-checkpoints must be >= 1, got %s", keepCheckpoints);
    checkArgument(logEvery >= 1, "log-every must be >= 1, got %s", logEvery);
    checkArgument(imageEvery >= 0, "image-every must be >= 0 (0 = off), got %s", imageEvery);
    if (translation != null) {
      // A translation run's networks and objective are all in its Translation value.
      checkArgument(generator == null && discriminator == null && terms.isEmpty() && latentStep == null,
          "a translation config keeps its networks and terms in translation; generator, discriminator, terms and latentStep must be unset");
      checkArgument(nDis == 1, "translation models update G and D once per step: n-dis must be 1, got %s", nDis);
      checkArgument(emaDecay == 0, "translation models keep no moving average of G: ema must be 0, got %s", emaDecay);
      checkArgument(clipD == 0, "translation models do not clip D: clip-d must be 0, got %s", clipD);
    } else {
      Objects.requireNonNull(generator, "TrainConfig.generator is required");
      Objects.requireNonNull(discriminator, "TrainConfig.discriminator is required");
      GanLoss.named(loss); // validates the name with the list of allowed ones
      checkArgument(batch % discriminator.pack() == 0,
          "batch %s must be a multiple of the discriminator's pack %s", batch, discriminator.pack());
      checkArgument(generator.outputShape().equals(discriminator.inputShape()),
          "generator output %s does not match discriminator input %s", generator.outputShape(), discriminator.inputShape());
      // A conditional G may face an unconditional D (AC-GAN and ADC-GAN condition through a classifier term instead).
      checkArgument(discriminator.classes() == 0 || generator.classes() == discriminator.classes(),
          "generator is conditional on %s classes but the discriminator on %s", generator.classes(), discriminator.classes());
      for (Term t : terms) {
        t.check(generator, discriminator);
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    return new Builder()
        .model(model).data(data).dataOptions(dataOptions).generator(generator).discriminator(discriminator).loss(loss).terms(terms).latentStep(latentStep)
        .lrG(lrG).lrD(lrD).beta1(beta1).beta2(beta2).optimizer(optimizer).clipD(clipD).nDis(nDis).batch(batch).steps(steps).seed(seed)
        .checkpointEvery(checkpointEvery).keepCheckpoints(keepCheckpoints).logEvery(logEvery).imageEvery(imageEvery).lrDecay(lrDecay).emaDecay(emaDecay).emaStart(emaStart).translation(translation);
  }

  /** What one element of the training data must be: G's output, or for translation A's channels followed by B's. */
  public List<Integer> dataShape() {
    if (translation != null) {
      List<Integer> a = translation.shapeA();
      return List.of(a.get(0), a.get(1), a.get(2) + translation.shapeB().get(2));
    }
    return generator.outputShape();
  }

  /**
   * Builder for {@link TrainConfig}; start from {@code Recipes.named(...).config(...)} for a paper's
   * defaults. Also how {@code config.json} is read, so a field missing from an older file takes the
   * default here.
   */
  @JsonPOJOBuilder(withPrefix = "")
  public static final class Builder {
    private String model = "custom";
    private String data = "custom";
    private ImageFolderOptions dataOptions;
    private GeneratorNetwork generator;
    private DiscriminatorNetwork discriminator;
    private String loss = "non-saturating";
    private List<Term> terms;
    private LatentStep latentStep;
    private MixingConfig mixing;
    private OptimizerType optimizer = OptimizerType.ADAM;
    private float clipD = 0f;
    private float lrG = 2e-4f;
    private float lrD = 2e-4f;
    private float beta1 = 0.5f;
    private float beta2 = 0.999f;
    private int nDis = 1;
    private int batch = 64;
    private long steps = 1000;
    private long seed = 1;
    private int checkpointEvery = 1000;
    private int keepCheckpoints = 3;
    private int logEvery = 50;
    private int imageEvery = 0;
    private String lrDecay = "none";
    private float emaDecay = 0f;
    private long emaStart = 0;
    private Translation translation;

    private Builder() {}

    public Builder model(String v) { model = v; return this; }
    public Builder data(String v) { data = v; return this; }
    /** How {@link #data} is read when it is an image folder (size, fit, channels, labels); null for other data. */
    public Builder dataOptions(ImageFolderOptions v) { dataOptions = v; return this; }
    public Builder generator(GeneratorNetwork v) { generator = v; return this; }
    public Builder discriminator(DiscriminatorNetwork v) { discriminator = v; return this; }
    /** The adversarial loss pair: one of {@link GanLoss#NAMES}. */
    public Builder loss(String v) { loss = v; return this; }
    /** Objective terms added to the adversarial losses, in order (replaces earlier ones). */
    public Builder terms(List<Term> v) { terms = v == null ? null : List.copyOf(v); return this; }
    /** A change to the step itself (LOGAN's latent optimisation); null for none. */
    public Builder latentStep(LatentStep v) { latentStep = v; return this; }
    /** The optimiser both players use (default Adam). */
    public Builder optimizer(OptimizerType v) { optimizer = v; return this; }
    /** Clips D's weights to [−c, c] after every D update (WGAN); 0 = off. */
    public Builder clipD(float v) { clipD = v; return this; }
    public Builder lrG(float v) { lrG = v; return this; }
    public Builder lrD(float v) { lrD = v; return this; }
    public Builder beta1(float v) { beta1 = v; return this; }
    public Builder beta2(float v) { beta2 = v; return this; }
    public Builder nDis(int v) { nDis = v; return this; }
    public Builder batch(int v) { batch = v; return this; }
    public Builder steps(long v) { steps = v; return this; }
    public Builder seed(long v) { seed = v; return this; }
    public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
    public Builder keepCheckpoints(int v) { keepCheckpoints = v; return this; }
    public Builder logEvery(int v) { logEvery = v; return this; }
    /** Every this many steps the sample grid goes to TensorBoard as an image ({@code samples}); 0 = never. */
    public Builder imageEvery(int v) { imageEvery = v; return this; }
    public Builder lrDecay(String v) { lrDecay = v; return this; }
    /** Decay of the moving average of G's weights used for samples; 0 turns it off. */
    public Builder emaDecay(float v) { emaDecay = v; return this; }
    /** Before this step the average just copies the weights. */
    public Builder emaStart(long v) { emaStart = v; return this; }
    /** An image-to-image translation model (CycleGAN, CSGAN) instead of generator, discriminator and terms; null for a GAN. */
    public Builder translation(Translation v) { translation = v; return this; }
    /**
     * Sample mixing for D: replaces the objective's mixing term with the one that fits its
     * discriminator at {@link #build} ({@code UNetCutMix} next to a {@link UNetPixelLoss}, else
     * {@code SampleMixingTerm}); {@code MixingConfig.NONE} removes it. Also reads the {@code mixing}
     * field of configs written before {@code terms} existed.
     */
    public Builder mixing(MixingConfig v) { mixing = v; return this; }

    public TrainConfig build() {
      return new TrainConfig(model, data, dataOptions, generator, discriminator, loss, objectiveTerms(), latentStep, lrG, lrD, beta1, beta2,
          optimizer, clipD, nDis,
          batch, steps, seed, checkpointEvery, keepCheckpoints, logEvery, imageEvery, lrDecay, emaDecay, emaStart, translation);
    }

    private List<Term> objectiveTerms() {
      // A config.json from before terms existed has none: its discriminator and mixing field say which.
      List<Term> out = terms != null ? terms : translation != null ? List.of() : UNetPixelLoss.impliedBy(discriminator);
      return mixing != null ? mixing.replaceIn(out) : out;
    }
  }
}
