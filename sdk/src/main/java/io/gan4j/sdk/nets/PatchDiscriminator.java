package io.gan4j.sdk.nets;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.Activation;
import io.gan4j.ops.Conv2d;
import io.gan4j.ops.Initializer;
import io.gan4j.ops.InstanceNorm;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.Heads;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The PatchGAN discriminator of pix2pix and CycleGAN (pytorch-CycleGAN's {@code NLayerDiscriminator}):
 * {@code layers} 4×4 stride-2 convs of widths f, 2f, 4f, ... (capped at 8f), one 4×4 stride-1 conv of
 * width min(2^layers, 8)·f, and a 4×4 stride-1 conv to one channel; every conv zero-pads 1 on each side;
 * instance norm after every conv but the first and the last; LeakyReLU 0.2; weights N(0, 0.02). The
 * output is one logit per patch: {@link Heads#logits()} is the map {@code [N, h, w]} (not one logit
 * per sample), so a loss averages over every patch, as CycleGAN's {@code MSELoss} does.
 *
 * <p>{@code layers} = 3 is the 70×70 PatchGAN (receptive field 70 px, a 30×30 map at 256×256). Scaled to
 * the image size, {@link #forImages} keeps the receptive field near 70/256 of the image side: the
 * {@code layers} whose field is closest to 0.27·side, at least 1, so 256 px → 3 (70 px), 128 → 2
 * (34 px), 64 and 32 → 1 (16 px, the "16×16 PatchGAN" of pix2pix; at 32×32 a 14×14 map).
 *
 * <p>Usage: {@code DiscriminatorNetwork d = PatchDiscriminator.forImages(List.of(32, 32, 1));}
 */
public record PatchDiscriminator(List<Integer> inputShape, int filters, int layers) implements DiscriminatorNetwork {

  /** CycleGAN's base width {@code ndf}. */
  public static final int FILTERS = 64;

  public PatchDiscriminator {
    checkArgument(inputShape != null && inputShape.size() == 3, "PatchDiscriminator: inputShape must be [H, W, C], got %s", inputShape);
    inputShape = List.copyOf(inputShape);
    checkArgument(filters > 0, "PatchDiscriminator: filters must be > 0, got %s", filters);
    checkArgument(layers >= 1, "PatchDiscriminator: layers must be >= 1, got %s", layers);
    checkArgument(outputSide(Math.min(inputShape.get(0), inputShape.get(1)), layers) >= 1,
        "PatchDiscriminator: %s images are too small for %s stride-2 layers", inputShape, layers);
  }

  /** The PatchGAN for {@code inputShape} images, its receptive field scaled as the class says. */
  public static PatchDiscriminator forImages(List<Integer> inputShape) {
    double target = 70.0 / 256 * Math.min(inputShape.get(0), inputShape.get(1));
    int best = 1;
    for (int n = 2; n <= 6; n++) {
      if (Math.abs(receptiveField(n) - target) < Math.abs(receptiveField(best) - target)) {
        best = n;
      }
    }
    return new PatchDiscriminator(inputShape, FILTERS, best);
  }

  /** Pixels one output logit sees: 16, 34, 70, 142 for 1, 2, 3, 4 layers. */
  public static int receptiveField(int layers) {
    int r = 1;
    r = (r - 1) + 4; // last conv, stride 1
    r = (r - 1) + 4; // the stride-1 conv before it
    for (int i = 0; i < layers; i++) {
      r = (r - 1) * 2 + 4;
    }
    return r;
  }

  /** Side of the patch map for an input of side {@code side}: each 4×4 conv with padding 1 maps s to ⌊(s − 2)/stride⌋ + 1. */
  public static int outputSide(int side, int layers) {
    int s = side;
    for (int i = 0; i < layers; i++) {
      s = (s - 2) / 2 + 1;
    }
    return s - 2;
  }

  @Override
  public int classes() {
    return 0;
  }

  @Override
  public Heads judge(NetScope scope, Operand<TFloat32> x, Operand<TInt32> labels) {
    checkArgument(labels == null, "%s: PatchDiscriminator is unconditional", scope.name());
    NetScope s = scope.withWeightInit(Initializer.normal(0.02f));
    Ops tf = s.tf();
    Activation lrelu = Activation.leakyRelu(0.2f);
    Operand<TFloat32> h = lrelu.apply(tf, Conv2d.of(filters, 4).stride(2).validPadding().apply(s.child("conv0"), pad(tf, x)));
    int width = filters;
    for (int i = 1; i <= layers; i++) {
      width = filters * Math.min(1 << i, 8);
      int stride = i < layers ? 2 : 1;
      h = Conv2d.of(width, 4).stride(stride).validPadding().apply(s.child("conv" + i), pad(tf, h));
      h = lrelu.apply(tf, InstanceNorm.apply(tf, h));
    }
    h = Conv2d.of(1, 4).validPadding().apply(s.child("out"), pad(tf, h));
    return Heads.of(tf.squeeze(h, org.tensorflow.op.core.Squeeze.axis(List.of(3L))));
  }

  private static Operand<TFloat32> pad(Ops tf, Operand<TFloat32> h) {
    return tf.pad(h, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), tf.constant(0f));
  }
}
