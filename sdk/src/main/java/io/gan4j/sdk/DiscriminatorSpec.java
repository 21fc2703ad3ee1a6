package io.gan4j.sdk;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.List;
import java.util.Objects;

/**
 * What discriminator to build: a conv net (3×3 conv at {@code stemWidth}, then per width a 4×4
 * stride-2 conv, followed by a 3×3 conv when {@code refine} is set, as in the SN-GAN "standard CNN";
 * LeakyReLU; dense to one logit) or an MLP for 2-D data.
 * An immutable record, validated on construction.
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
    int pack) {

  /** The network family. */
  public enum Architecture {
    DCGAN,
    MLP
  }

  public DiscriminatorSpec {
    checkArgument(architecture != null, "DiscriminatorSpec: architecture is required");
    inputShape = ImmutableList.copyOf(inputShape);
    widths = ImmutableList.copyOf(widths);
    checkArgument(!widths.isEmpty() && widths.stream().allMatch(w -> w > 0),
        "DiscriminatorSpec.widths must be non-empty and positive, got %s", widths);
    checkArgument(pack >= 1, "DiscriminatorSpec.pack must be >= 1, got %s", pack);
    checkArgument(leakySlope >= 0 && leakySlope < 1, "DiscriminatorSpec.leakySlope must be in [0, 1), got %s", leakySlope);
    if (architecture == Architecture.MLP) {
      checkArgument(inputShape.size() == 1 && inputShape.get(0) > 0,
          "DiscriminatorSpec.inputShape of an MLP must be [d], got %s", inputShape);
    } else {
      checkArgument(inputShape.size() == 3 && inputShape.stream().allMatch(v -> v > 0),
          "DiscriminatorSpec.inputShape of a DCGAN must be [H, W, C], got %s", inputShape);
      checkArgument(stemWidth > 0, "DiscriminatorSpec.stemWidth must be > 0, got %s", stemWidth);
      int h = inputShape.get(0);
      checkArgument(h % (1 << widths.size()) == 0,
          "DiscriminatorSpec: input height %s cannot be halved %s times (one per width %s)", h, widths.size(), widths);
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
        + ", leaky=" + leakySlope + ", bn=" + batchNorm + ", sn=" + spectralNorm + (pack > 1 ? ", pack=" + pack : "") + "}";
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

    public DiscriminatorSpec build() {
      return new DiscriminatorSpec(architecture, inputShape, stemWidth, widths, refine, leakySlope, batchNorm, spectralNorm, pack);
    }
  }
}
