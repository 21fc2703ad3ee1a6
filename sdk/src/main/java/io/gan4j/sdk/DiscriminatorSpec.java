package io.gan4j.sdk;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.gan4j.ops.Initializer;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.nets.Discriminator;
import io.gan4j.sdk.nets.UNetDiscriminator;
import java.util.List;
import java.util.Objects;

/**
 * What discriminator to build: a conv net (3×3 conv at {@code stemWidth}, then per width a 4×4
 * stride-2 conv, followed by a 3×3 conv when {@code refine} is set, as in the SN-GAN "standard CNN";
 * LeakyReLU; dense to one logit) or an MLP for 2-D data.
 * An immutable record, validated on construction; one of the ready-made {@link DiscriminatorNetwork}s.
 *
 * <p>Usage: {@code DiscriminatorSpec d = DiscriminatorSpec.builder().inputShape(32, 32, 1).spectralNorm(true).build();}
 */
public record DiscriminatorSpec(
    Architecture architecture,
    List<Integer> inputShape,
    int stemWidth,
    List<Integer> widths,
    boolean refine,
    float leakySlope,
    boolean batchNorm,
    boolean spectralNorm,
    int pack,
    int classes,
    List<Integer> attention) implements DiscriminatorNetwork {

  /**
   * The network family: DCGAN-style convs, an MLP, or the SAGAN/BigGAN ResNet (one downsampling
   * residual block per width, ReLU, sum pooling, a linear head plus a class projection when
   * conditional).
   */
  public enum Architecture {
    DCGAN,
    MLP,
    RESNET,
    /** U-Net GAN: the RESNET encoder with a global logit plus a decoder with skips to per-pixel logits. */
    UNET
  }

  public DiscriminatorSpec {
    checkArgument(architecture != null, "DiscriminatorSpec: architecture is required");
    inputShape = ImmutableList.copyOf(inputShape);
    widths = ImmutableList.copyOf(widths);
    attention = attention == null ? ImmutableList.of() : ImmutableList.copyOf(attention); // configs older than the field
    checkArgument((architecture != Architecture.RESNET && architecture != Architecture.UNET) || pack == 1, "DiscriminatorSpec: RESNET does not pack, got pack %s", pack);
    checkArgument(classes >= 0, "DiscriminatorSpec.classes must be >= 0 (0 = unconditional), got %s", classes);
    checkArgument(architecture == Architecture.RESNET || (classes == 0 && attention.isEmpty()),
        "DiscriminatorSpec: classes and attention need the RESNET architecture, got %s", architecture);
    checkArgument(!widths.isEmpty() && widths.stream().allMatch(w -> w > 0),
        "DiscriminatorSpec.widths must be non-empty and positive, got %s", widths);
    checkArgument(pack >= 1, "DiscriminatorSpec.pack must be >= 1, got %s", pack);
    checkArgument(leakySlope >= 0 && leakySlope < 1, "DiscriminatorSpec.leakySlope must be in [0, 1), got %s", leakySlope);
    if (architecture == Architecture.MLP) {
      checkArgument(inputShape.size() == 1 && inputShape.get(0) > 0,
          "DiscriminatorSpec.inputShape of an MLP must be [d], got %s", inputShape);
    } else {
      checkArgument(inputShape.size() == 3 && inputShape.stream().allMatch(v -> v > 0),
          "DiscriminatorSpec.inputShape of a %s must be [H, W, C], got %s", architecture, inputShape);
      checkArgument(stemWidth > 0 || architecture == Architecture.RESNET || architecture == Architecture.UNET,
          "DiscriminatorSpec.stemWidth must be > 0, got %s", stemWidth);
      int h = inputShape.get(0);
      checkArgument(h % (1 << widths.size()) == 0,
          "DiscriminatorSpec: input height %s cannot be halved %s times (one per width %s)", h, widths.size(), widths);
      for (int r : attention) {
        checkArgument(r < h && r >= (h >> widths.size()) && Integer.bitCount(r) == 1,
            "DiscriminatorSpec.attention: %s is not a block output resolution of this discriminator (%s down to %s)",
            r, h / 2, h >> widths.size());
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder newBuilder() {
    return new Builder(this);
  }

  @Override
  public String toString() {
    return "DiscriminatorSpec{" + architecture + ", in=" + inputShape
        + (architecture == Architecture.DCGAN ? ", stem=" + stemWidth + ", refine=" + refine : "") + ", widths=" + widths
        + ", leaky=" + leakySlope + ", bn=" + batchNorm + ", sn=" + spectralNorm + (pack > 1 ? ", pack=" + pack : "")
        + (classes > 0 ? ", classes=" + classes : "") + (attention.isEmpty() ? "" : ", attention=" + attention) + "}";
  }

  @Override
  public DiscriminatorSpec withClasses(int classes) {
    return newBuilder().classes(classes).build();
  }

  @Override
  public boolean conditional() {
    return classes > 0;
  }

  /**
   * Emits this discriminator: logits and attention maps, per-pixel logits for {@code UNET}. DCGAN convs
   * without spectral norm start from DCGAN's N(0, 0.02), the rest from Glorot.
   */
  @Override
  public Heads judge(NetScope scope, org.tensorflow.Operand<org.tensorflow.types.TFloat32> x,
      org.tensorflow.Operand<org.tensorflow.types.TInt32> labels) {
    NetScope s = architecture == Architecture.DCGAN && !spectralNorm ? scope.withWeightInit(Initializer.normal(0.02f)) : scope;
    if (architecture == Architecture.UNET) {
      if (labels != null) {
        throw new IllegalArgumentException("this discriminator is unconditional: it takes no labels");
      }
      UNetDiscriminator.Output out = UNetDiscriminator.apply(s, this, x);
      return new Heads(out.logits(), out.pixelLogits(), out.features(), List.of());
    }
    Discriminator.Output out = Discriminator.apply(s, this, x, labels);
    return new Heads(out.logits(), null, out.features(), out.attention());
  }

  /** Builder for {@link DiscriminatorSpec}; defaults are the 32×32×3 SN-GAN standard CNN without SN. */
  public static final class Builder {
    private Architecture architecture = Architecture.DCGAN;
    private List<Integer> inputShape = List.of(32, 32, 3);
    private int stemWidth = 64;
    private List<Integer> widths = List.of(128, 256, 512);
    private boolean refine = true;
    private float leakySlope = 0.1f;
    private boolean batchNorm = false;
    private boolean spectralNorm = false;
    private int pack = 1;
    private int classes = 0;
    private List<Integer> attention = List.of();

    private Builder() {}

    private Builder(DiscriminatorSpec s) {
      architecture = s.architecture();
      inputShape = s.inputShape();
      stemWidth = s.stemWidth();
      widths = s.widths();
      refine = s.refine();
      leakySlope = s.leakySlope();
      batchNorm = s.batchNorm();
      spectralNorm = s.spectralNorm();
      pack = s.pack();
      classes = s.classes();
      attention = s.attention();
    }

    public Builder architecture(Architecture v) { architecture = Objects.requireNonNull(v); return this; }
    public Builder inputShape(Integer... v) { inputShape = List.of(v); return this; }
    public Builder inputShape(List<Integer> v) { inputShape = List.copyOf(v); return this; }
    public Builder stemWidth(int v) { stemWidth = v; return this; }
    public Builder widths(Integer... v) { widths = List.of(v); return this; }
    public Builder widths(List<Integer> v) { widths = List.copyOf(v); return this; }
    public Builder refine(boolean v) { refine = v; return this; }
    public Builder leakySlope(float v) { leakySlope = v; return this; }
    public Builder batchNorm(boolean v) { batchNorm = v; return this; }
    public Builder spectralNorm(boolean v) { spectralNorm = v; return this; }
    /** PacGAN packing: D judges {@code pack} samples at once, concatenated (Lin et al. 2018). */
    public Builder pack(int v) { pack = v; return this; }
    /** Projection discriminator over this many classes (RESNET only); 0 = unconditional. */
    public Builder classes(int v) { classes = v; return this; }
    /** Block output resolutions after which a self-attention block runs (RESNET only), e.g. 16. */
    public Builder attention(Integer... v) { attention = List.of(v); return this; }
    public Builder attention(List<Integer> v) { attention = List.copyOf(v); return this; }

    public DiscriminatorSpec build() {
      return new DiscriminatorSpec(architecture, inputShape, stemWidth, widths, refine, leakySlope, batchNorm, spectralNorm,
          pack, classes, attention);
    }
  }
}
