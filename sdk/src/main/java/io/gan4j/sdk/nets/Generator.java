package io.gan4j.sdk.nets;

import io.gan4j.ops.Activation;
import io.gan4j.ops.BatchNorm;
import io.gan4j.ops.ConvTranspose2d;
import io.gan4j.ops.Conv2d;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.ClassEmbedding;
import io.gan4j.ops.ResidualBlock;
import io.gan4j.ops.SelfAttention;
import io.gan4j.ops.UpsampleConv2d;
import io.gan4j.sdk.GeneratorSpec;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Emits the graph of a {@link GeneratorSpec}: z {@code [N, zDim]} (and labels for a conditional
 * spec) to images {@code [N, H, W, C]} in [−1, 1] (tanh) or points {@code [N, d]} (linear). The
 * RESNET architecture is SAGAN's: a dense stem, one upsampling {@link ResidualBlock} per further
 * width with class-conditional batch norm on a shared class embedding (spectrally normalised with the
 * rest of G unless {@link GeneratorSpec#plainEmbedding}), self-attention after the
 * listed resolutions, then BN, ReLU, a 3×3 conv and tanh. Variables are named {@code <scope>_*}.
 *
 * <p>Usage: {@code Operand<TFloat32> images = Generator.build(NetScope.root(store, pass, "G"), spec, z);}
 */
public final class Generator {

  /** Dimension of the shared class embedding of a conditional RESNET generator. */
  public static final int EMBED_DIM = 128;

  /** The images and, for each self-attention block in resolution order, its attention map. */
  public record Output(Operand<TFloat32> images, List<Operand<TFloat32>> attention) {}

  private Generator() {}

  /** An unconditional generator's images. */
  public static Operand<TFloat32> build(NetScope scope, GeneratorSpec spec, Operand<TFloat32> z) {
    return apply(scope, spec, z, null).images();
  }

  /** The generator on z and, for a conditional spec, int32 {@code labels [N]}. */
  public static Output apply(NetScope scope, GeneratorSpec spec, Operand<TFloat32> z, Operand<TInt32> labels) {
    if (spec.conditional() != (labels != null)) {
      throw new IllegalArgumentException(spec.conditional()
          ? "this generator is conditional on " + spec.classes() + " classes: give it labels"
          : "this generator is unconditional: it takes no labels");
    }
    if (spec.architecture() == GeneratorSpec.Architecture.RESNET) {
      return resnet(scope, spec, z, labels);
    }
    return new Output(plain(scope, spec, z), List.of());
  }

  private static Output resnet(NetScope scope, GeneratorSpec spec, Operand<TFloat32> z, Operand<TInt32> labels) {
    Ops tf = scope.tf();
    boolean sn = spec.spectralNorm();
    List<Integer> widths = spec.widths();
    int base = spec.baseSize();
    Operand<TFloat32> embedding =
        labels == null ? null : ClassEmbedding.of(spec.classes(), EMBED_DIM).spectralNorm(sn && !spec.plainEmbedding())
            .apply(scope.child("embed"), labels);
    List<Operand<TFloat32>> maps = new ArrayList<>();
    Operand<TFloat32> h = Dense.of(base * base * widths.get(0)).spectralNorm(sn).apply(scope.child("stem"), z);
    h = tf.reshape(h, tf.constant(new int[] {-1, base, base, widths.get(0)}));
    h = attend(scope, spec, h, base, maps);
    for (int i = 1; i < widths.size(); i++) {
      h = ResidualBlock.up(widths.get(i)).conditionedOn(embedding).spectralNorm(sn).apply(scope.child("up" + i), h);
      h = attend(scope, spec, h, base << i, maps);
    }
    return new Output(toImage(scope, h, spec.outputShape().get(2), sn), List.copyOf(maps));
  }

  private static Operand<TFloat32> attend(
      NetScope scope, GeneratorSpec spec, Operand<TFloat32> h, int resolution, List<Operand<TFloat32>> maps) {
    return attend(scope, h, resolution, spec.attention(), spec.spectralNorm(), maps);
  }

  /** A self-attention block {@code attn<resolution>} after h when the resolution is listed (its map goes to {@code maps}). */
  static Operand<TFloat32> attend(NetScope scope, Operand<TFloat32> h, int resolution, List<Integer> attention, boolean sn,
      List<Operand<TFloat32>> maps) {
    if (!attention.contains(resolution)) {
      return h;
    }
    SelfAttention.Output a = SelfAttention.create().spectralNorm(sn).apply(scope.child("attn" + resolution), h);
    maps.add(a.attention());
    return a.output();
  }

  /** The ResNet generators' last layers: BN, ReLU, 3×3 conv to the image's channels, tanh. */
  static Operand<TFloat32> toImage(NetScope scope, Operand<TFloat32> h, int channels, boolean sn) {
    Ops tf = scope.tf();
    h = tf.nn.relu(BatchNorm.withAffine().apply(scope.child("out_bn"), h));
    return Activation.tanh().apply(tf, Conv2d.of(channels, 3).spectralNorm(sn).apply(scope.child("out"), h));
  }

  private static Operand<TFloat32> plain(NetScope scope, GeneratorSpec spec, Operand<TFloat32> z) {
    Ops tf = scope.tf();
    boolean sn = spec.spectralNorm();
    if (spec.architecture() == GeneratorSpec.Architecture.MLP) {
      Operand<TFloat32> h = z;
      for (int i = 0; i < spec.widths().size(); i++) {
        NetScope layer = scope.child("fc" + (i + 1));
        h = Dense.of(spec.widths().get(i)).spectralNorm(sn).apply(layer, h);
        if (spec.batchNorm()) {
          h = BatchNorm.withAffine().apply(layer.child("bn"), h);
        }
        h = tf.nn.relu(h);
      }
      return Dense.of(spec.outputShape().get(0)).spectralNorm(sn).apply(scope.child("out"), h);
    }
    List<Integer> widths = spec.widths();
    int base = spec.baseSize();
    NetScope stem = scope.child("stem");
    Operand<TFloat32> h = Dense.of(base * base * widths.get(0)).spectralNorm(sn).apply(stem, z);
    h = tf.reshape(h, tf.constant(new int[] {-1, base, base, widths.get(0)}));
    h = normAct(stem, spec, h);
    for (int i = 1; i < widths.size(); i++) {
      NetScope block = scope.child("up" + i);
      h = spec.upsampling() == GeneratorSpec.Upsampling.TRANSPOSED_CONV
          ? ConvTranspose2d.of(widths.get(i), 4).stride(2).spectralNorm(sn).apply(block, h)
          : UpsampleConv2d.of(widths.get(i), 3).spectralNorm(sn).apply(block, h);
      h = normAct(block, spec, h);
    }
    h = Conv2d.of(spec.outputShape().get(2), 3).spectralNorm(sn).apply(scope.child("out"), h);
    return Activation.tanh().apply(tf, h);
  }

  private static Operand<TFloat32> normAct(NetScope block, GeneratorSpec spec, Operand<TFloat32> h) {
    if (spec.batchNorm()) {
      h = BatchNorm.withAffine().apply(block.child("bn"), h);
    }
    return block.tf().nn.relu(h);
  }
}
