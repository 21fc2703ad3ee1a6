package io.gan4j.sdk;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import io.gan4j.ops.Initializer;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.nets.Generator;
import java.util.List;
import java.util.Objects;

/**
 * What generator to build: a DCGAN-style conv net (dense to {@code base×base×widths[0]}, then one ×2
 * upsampling per further width, then a 3×3 conv to the image channels and tanh) or an MLP for 2-D
 * data (hidden ReLU layers, linear output). An immutable record, validated on construction; the
 * record form is also its JSON form in a run directory's {@code config.json}. One of the ready-made
 * {@link GeneratorNetwork}s. {@code plainEmbedding} leaves the shared class embedding of a conditional
 * RESNET G without spectral norm when the rest of G has it (as BigGAN-PyTorch's G); false in configs
 * written before the field.
 *
 * <p>Usage: {@code GeneratorSpec g = GeneratorSpec.builder().outputShape(32, 32, 1).widths(256, 128, 64, 32).build();}
 */
public record GeneratorSpec(
    Architecture architecture,
    int zDim,
    List<Integer> outputShape,
    List<Integer> widths,
    int baseSize,
    Upsampling upsampling,
    boolean batchNorm,
    boolean spectralNorm,
    int classes,
    List<Integer> attention,
    boolean plainEmbedding) implements GeneratorNetwork {

  /** The network family: DCGAN-style convs, an MLP, or the SAGAN/BigGAN ResNet. */
  public enum Architecture {
    DCGAN,
    MLP,
    RESNET
  }

  /** How a DCGAN generator doubles its resolution. */
  public enum Upsampling {
    TRANSPOSED_CONV,
    NEAREST_CONV
  }

  public GeneratorSpec {
    checkArgument(architecture != null && upsampling != null, "GeneratorSpec: architecture and upsampling are required");
    outputShape = ImmutableList.copyOf(outputShape);
    widths = ImmutableList.copyOf(widths);
    attention = attention == null ? ImmutableList.of() : ImmutableList.copyOf(attention); // configs older than the field
    checkArgument(classes >= 0, "GeneratorSpec.classes must be >= 0 (0 = unconditional), got %s", classes);
    checkArgument(architecture == Architecture.RESNET || (classes == 0 && attention.isEmpty()),
        "GeneratorSpec: classes and attention need the RESNET architecture, got %s", architecture);
    checkArgument(!plainEmbedding || architecture == Architecture.RESNET,
        "GeneratorSpec.plainEmbedding is about the class embedding of the RESNET architecture, got %s", architecture);
    checkArgument(zDim > 0, "GeneratorSpec.zDim must be > 0, got %s", zDim);
    checkArgument(!widths.isEmpty() && widths.stream().allMatch(w -> w > 0),
        "GeneratorSpec.widths must be non-empty and positive, got %s", widths);
    if (architecture == Architecture.MLP) {
      checkArgument(outputShape.size() == 1 && outputShape.get(0) > 0,
          "GeneratorSpec.outputShape of an MLP must be [d], got %s", outputShape);
    } else {
      checkArgument(outputShape.size() == 3 && outputShape.stream().allMatch(v -> v > 0),
          "GeneratorSpec.outputShape of a %s must be [H, W, C], got %s", architecture, outputShape);
      checkArgument(baseSize > 0, "GeneratorSpec.baseSize must be > 0, got %s", baseSize);
      int size = baseSize << (widths.size() - 1);
      checkArgument(size == outputShape.get(0) && size == outputShape.get(1),
          "GeneratorSpec: base %s doubled %s times (one per width after the first, widths=%s) gives %sx%s,"
              + " but outputShape is %sx%s", baseSize, widths.size() - 1, widths, size, size,
          outputShape.get(0), outputShape.get(1));
      for (int r : attention) {
        checkArgument(r >= baseSize && r <= size && Integer.bitCount(r / baseSize) == 1 && r % baseSize == 0,
            "GeneratorSpec.attention: %s is not a feature resolution of this generator (%s to %s)", r, baseSize, size);
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
    return "GeneratorSpec{" + architecture + ", z=" + zDim + ", out=" + outputShape + ", widths=" + widths
        + (architecture == Architecture.DCGAN ? ", base=" + baseSize + ", " + upsampling : "")
        + ", bn=" + batchNorm + ", sn=" + spectralNorm + (classes > 0 ? ", classes=" + classes : "")
        + (attention.isEmpty() ? "" : ", attention=" + attention) + (plainEmbedding ? ", embedding without sn" : "") + "}";
  }

  @Override
  public GeneratorSpec withClasses(int classes) {
    return newBuilder().classes(classes).build();
  }

  @Override
  public boolean conditional() {
    return classes > 0;
  }

  /** Emits this generator; DCGAN convs without spectral norm start from DCGAN's N(0, 0.02), the rest from Glorot. */
  @Override
  public Generator.Output generate(NetScope scope, org.tensorflow.Operand<org.tensorflow.types.TFloat32> z,
      org.tensorflow.Operand<org.tensorflow.types.TInt32> labels) {
    NetScope s = architecture == Architecture.DCGAN && !spectralNorm ? scope.withWeightInit(Initializer.normal(0.02f)) : scope;
    return Generator.apply(s, this, z, labels);
  }

  /** Builder for {@link GeneratorSpec}; defaults are a 32×32×3 DCGAN with batch norm. */
  public static final class Builder {
    private Architecture architecture = Architecture.DCGAN;
    private int zDim = 128;
    private List<Integer> outputShape = List.of(32, 32, 3);
    private List<Integer> widths = List.of(512, 256, 128, 64);
    private int baseSize = 4;
    private Upsampling upsampling = Upsampling.TRANSPOSED_CONV;
    private boolean batchNorm = true;
    private boolean spectralNorm = false;
    private int classes = 0;
    private List<Integer> attention = List.of();
    private boolean plainEmbedding = false;

    private Builder() {}

    private Builder(GeneratorSpec s) {
      architecture = s.architecture();
      zDim = s.zDim();
      outputShape = s.outputShape();
      widths = s.widths();
      baseSize = s.baseSize();
      upsampling = s.upsampling();
      batchNorm = s.batchNorm();
      spectralNorm = s.spectralNorm();
      classes = s.classes();
      attention = s.attention();
      plainEmbedding = s.plainEmbedding();
    }

    public Builder architecture(Architecture v) { architecture = Objects.requireNonNull(v); return this; }
    public Builder zDim(int v) { zDim = v; return this; }
    public Builder outputShape(Integer... v) { outputShape = List.of(v); return this; }
    public Builder outputShape(List<Integer> v) { outputShape = List.copyOf(v); return this; }
    public Builder widths(Integer... v) { widths = List.of(v); return this; }
    public Builder widths(List<Integer> v) { widths = List.copyOf(v); return this; }
    public Builder baseSize(int v) { baseSize = v; return this; }
    public Builder upsampling(Upsampling v) { upsampling = Objects.requireNonNull(v); return this; }
    public Builder batchNorm(boolean v) { batchNorm = v; return this; }
    public Builder spectralNorm(boolean v) { spectralNorm = v; return this; }
    /** Class-conditional with this many classes (RESNET only); 0 = unconditional. */
    public Builder classes(int v) { classes = v; return this; }
    /** Feature resolutions after which a self-attention block runs (RESNET only), e.g. 16. */
    public Builder attention(Integer... v) { attention = List.of(v); return this; }
    public Builder attention(List<Integer> v) { attention = List.copyOf(v); return this; }
    /**
     * The shared class embedding of a conditional RESNET G without spectral norm even when the rest
     * of G has it, as BigGAN-PyTorch's {@code nn.Embedding} (default false: the embedding follows
     * {@link #spectralNorm}).
     */
    public Builder plainEmbedding(boolean v) { plainEmbedding = v; return this; }

    public GeneratorSpec build() {
      return new GeneratorSpec(architecture, zDim, outputShape, widths, baseSize, upsampling, batchNorm, spectralNorm,
          classes, attention, plainEmbedding);
    }
  }
}
