package io.gan4j.sdk.train;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.loss.GanLoss;
import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import java.util.Objects;

/**
 * Everything that defines a training run; written to {@code config.json} in the run directory so a
 * run can be resumed or sampled later. Immutable and validated on construction with messages that
 * name the field.
 *
 * <p>Usage: {@code TrainConfig c = Preset.DCGAN.config("shapes", List.of(32, 32, 3)).steps(500).seed(7).build();}
 */
public record TrainConfig(
    String model,
    String data,
    GeneratorSpec generator,
    DiscriminatorSpec discriminator,
    String loss,
    float lrG,
    float lrD,
    float beta1,
    float beta2,
    int nDis,
    int batch,
    long steps,
    long seed,
    int checkpointEvery,
    int keepCheckpoints,
    int logEvery,
    String lrDecay,
    float emaDecay,
    long emaStart,
    MixingConfig mixing) {

  /** Learning-rate schedules: constant, or linear decay to 0 at {@code steps}. */
  public static final java.util.List<String> LR_DECAYS = java.util.List.of("none", "linear");

  public TrainConfig {
    lrDecay = lrDecay == null ? "none" : lrDecay;
    mixing = mixing == null ? MixingConfig.NONE : mixing; // configs older than the field
    checkArgument(!mixing.enabled() || generator == null || !generator.conditional(),
        "sample mixing is for unconditional models (a mixed sample has no single class)");
    checkArgument(!mixing.enabled() || generator == null || generator.outputShape().size() == 3,
        "sample mixing needs image data");
    checkArgument(emaDecay == 0 || (emaDecay > 0 && emaDecay < 1), "ema must be 0 (off) or in (0, 1), got %s", emaDecay);
    checkArgument(emaStart >= 0, "ema-start must be >= 0, got %s", emaStart);
    checkArgument(LR_DECAYS.contains(lrDecay), "lr-decay must be one of %s, got '%s'", LR_DECAYS, lrDecay);
    Objects.requireNonNull(generator, "TrainConfig.generator is required");
    Objects.requireNonNull(discriminator, "TrainConfig.discriminator is required");
    GanLoss.named(loss); // validates the name with the list of allowed ones
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
    checkArgument(batch % discriminator.pack() == 0,
        "batch %s must be a multiple of the discriminator's pack %s", batch, discriminator.pack());
    checkArgument(generator.outputShape().equals(discriminator.inputShape()),
        "generator output %s does not match discriminator input %s", generator.outputShape(), discriminator.inputShape());
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    return new Builder()
        .model(model).data(data).generator(generator).discriminator(discriminator).loss(loss)
        .lrG(lrG).lrD(lrD).beta1(beta1).beta2(beta2).nDis(nDis).batch(batch).steps(steps).seed(seed)
        .checkpointEvery(checkpointEvery).keepCheckpoints(keepCheckpoints).logEvery(logEvery).lrDecay(lrDecay).emaDecay(emaDecay).emaStart(emaStart)
        .mixing(mixing);
  }

  /** Builder for {@link TrainConfig}; start from {@code Preset.config(...)} for tuned defaults. */
  public static final class Builder {
    private String model = "custom";
    private String data = "custom";
    private GeneratorSpec generator;
    private DiscriminatorSpec discriminator;
    private String loss = "non-saturating";
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
    private String lrDecay = "none";
    private float emaDecay = 0f;
    private long emaStart = 0;
    private MixingConfig mixing = MixingConfig.NONE;

    private Builder() {}

    public Builder model(String v) { model = v; return this; }
    public Builder data(String v) { data = v; return this; }
    public Builder generator(GeneratorSpec v) { generator = v; return this; }
    public Builder discriminator(DiscriminatorSpec v) { discriminator = v; return this; }
    public Builder loss(String v) { loss = v; return this; }
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
    public Builder lrDecay(String v) { lrDecay = v; return this; }
    /** Decay of the moving average of G's weights used for samples; 0 turns it off. */
    public Builder emaDecay(float v) { emaDecay = v; return this; }
    /** Before this step the average just copies the weights. */
    public Builder emaStart(long v) { emaStart = v; return this; }
    /** Sample mixing for D (default: none). */
    public Builder mixing(MixingConfig v) { mixing = v; return this; }

    public TrainConfig build() {
      return new TrainConfig(model, data, generator, discriminator, loss, lrG, lrD, beta1, beta2, nDis, batch,
          steps, seed, checkpointEvery, keepCheckpoints, logEvery, lrDecay, emaDecay, emaStart, mixing);
    }
  }
}
