package io.gan4j.sdk.gan.terms;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.mix.Mask;
import io.gan4j.ops.mix.SampleMixing;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.Term;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * How real/fake pairs are mixed for D: {@code method} none, mixup, cutmix or srmix; λ ~ Beta(α, α);
 * SRMix edge smoothing σ (relative to the box side); the probability that a D step mixes; and the D
 * step before which it never does (warm-up). Shared by {@link SampleMixingTerm} and {@link UNetCutMix}.
 *
 * <p>Usage: {@code new SampleMixingTerm(new MixingConfig("srmix", 1f, 0.25f, 1f, 0))}
 */
public record MixingConfig(String method, float alpha, float sigma, float probability, long warmup) {

  public static final List<String> METHODS = List.of("none", "mixup", "cutmix", "srmix");
  public static final MixingConfig NONE = new MixingConfig("none", 1f, 0.25f, 1f, 0);

  public MixingConfig {
    checkArgument(METHODS.contains(method), "mixing must be one of %s, got '%s'", METHODS, method);
    checkArgument(alpha > 0, "mix-alpha must be > 0, got %s", alpha);
    checkArgument(sigma >= 0, "mix-sigma must be >= 0, got %s", sigma);
    checkArgument(probability >= 0 && probability <= 1, "mix-prob must be in [0, 1], got %s", probability);
    checkArgument(warmup >= 0, "mix-warmup must be >= 0, got %s", warmup);
  }

  public boolean enabled() {
    return !method.equals("none") && probability > 0;
  }

  /**
   * {@code terms} with their mixing term replaced by one for this config: {@link UNetCutMix} next to a
   * {@link UNetPixelLoss}, else {@link SampleMixingTerm}; a config that does not mix just removes it.
   */
  public List<Term> replaceIn(List<Term> terms) {
    List<Term> out = new java.util.ArrayList<>(terms);
    out.removeIf(t -> t instanceof SampleMixingTerm || t instanceof UNetCutMix);
    if (enabled()) {
      out.add(out.stream().anyMatch(t -> t instanceof UNetPixelLoss) ? new UNetCutMix(this) : new SampleMixingTerm(this));
    }
    return out;
  }

  /** What mixing real with generated samples needs of the networks (a term's {@code check}). */
  static void checkFits(GeneratorNetwork generator, DiscriminatorNetwork discriminator) {
    checkArgument(!generator.conditional(), "sample mixing is for unconditional models (a mixed sample has no single class)");
    checkArgument(generator.outputShape().size() == 3, "sample mixing needs image data");
    checkArgument(discriminator.pack() == 1, "sample mixing needs an unpacked discriminator (pack 1)");
  }

  /** Per-sample masks for the coming D step (random stream 5). */
  Mask mask(GanModel model) {
    List<Integer> size = model.imageSize();
    return SampleMixing.named(method, alpha, sigma)
        .sample(model.tf(), model.key(5, model.dCounter()), model.batch(), size.get(0), size.get(1));
  }

  /** Whether the coming D step mixes (stream 6); null when every D step does. */
  Operand<TBool> gate(GanModel model) {
    if (probability >= 1f && warmup <= 0) {
      return null;
    }
    Ops tf = model.tf();
    Operand<TFloat32> draw = tf.random.statelessRandomUniform(tf.constant(new int[0]), model.key(6, model.dCounter()));
    return tf.math.logicalAnd(tf.math.less(draw, tf.constant(probability)),
        tf.math.greaterEqual(model.dCounter(), tf.constant(warmup)));
  }
}
