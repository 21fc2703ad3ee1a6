package io.gan4j.sdk.nets;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.Conv2d;
import io.gan4j.ops.ConvTranspose2d;
import io.gan4j.ops.Initializer;
import io.gan4j.ops.InstanceNorm;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.ReflectionPad;
import io.gan4j.sdk.translation.ImageTranslator;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * CycleGAN's ResNet generator (Johnson et al.'s architecture as pytorch-CycleGAN's
 * {@code ResnetGenerator}, which CSGAN uses unchanged): {@code c7s1-f} (reflection pad 3, 7×7 conv),
 * {@code d2f}, {@code d4f} (3×3 stride-2 convs, zero pad 1 on each side), {@code blocks} residual
 * blocks {@code R4f} (reflection pad 1, 3×3 conv, IN, ReLU, reflection pad 1, 3×3 conv, IN, plus the
 * input), {@code u2f}, {@code uf} (3×3 stride-2 transposed convs), {@code c7s1-C_out} with tanh.
 * Every conv but the last is followed by instance norm ({@link InstanceNorm}, no affine) and ReLU;
 * convs have biases; weights start N(0, 0.02) (pytorch-CycleGAN's {@code init_type normal}).
 * pytorch-CycleGAN uses 9 blocks at 256×256 and 6 at 128×128; {@link #forImages} takes 6 below 256
 * (32×32 Fashion-MNIST edges ↔ garments: 8×8 feature maps in the blocks). H and W must be multiples of 4.
 *
 * <p>Usage: {@code ImageTranslator g = ResNetTranslator.forImages(List.of(32, 32, 1), 1);}
 */
public record ResNetTranslator(List<Integer> inputShape, int outputChannels, int filters, int blocks) implements ImageTranslator {

  /** CycleGAN's base width {@code ngf}. */
  public static final int FILTERS = 64;
  /** Residual blocks at 256×256 and above (pytorch-CycleGAN's {@code resnet_9blocks}). */
  public static final int BLOCKS_256 = 9;
  /** Residual blocks below 256×256 ({@code resnet_6blocks}, CycleGAN's choice at 128×128). */
  public static final int BLOCKS_SMALL = 6;

  public ResNetTranslator {
    checkArgument(inputShape != null && inputShape.size() == 3, "ResNetTranslator: inputShape must be [H, W, C], got %s", inputShape);
    inputShape = List.copyOf(inputShape);
    checkArgument(inputShape.get(0) % 4 == 0 && inputShape.get(1) % 4 == 0 && inputShape.get(0) >= 8 && inputShape.get(1) >= 8,
        "ResNetTranslator: H and W must be multiples of 4 and at least 8 (two stride-2 steps down and up), got %s", inputShape);
    checkArgument(outputChannels > 0, "ResNetTranslator: outputChannels must be > 0, got %s", outputChannels);
    checkArgument(filters > 0, "ResNetTranslator: filters must be > 0, got %s", filters);
    checkArgument(blocks >= 0, "ResNetTranslator: blocks must be >= 0, got %s", blocks);
  }

  /** CycleGAN's widths for {@code inputShape} images to {@code outputChannels} channels: 9 blocks from 256 px, else 6. */
  public static ResNetTranslator forImages(List<Integer> inputShape, int outputChannels) {
    int side = Math.min(inputShape.get(0), inputShape.get(1));
    return new ResNetTranslator(inputShape, outputChannels, FILTERS, side >= 256 ? BLOCKS_256 : BLOCKS_SMALL);
  }

  @Override
  public List<Integer> outputShape() {
    return List.of(inputShape.get(0), inputShape.get(1), outputChannels);
  }

  @Override
  public Operand<TFloat32> translate(NetScope scope, Operand<TFloat32> x) {
    checkArgument(x.shape().numDimensions() == 4 && x.shape().get(1) == inputShape.get(0) && x.shape().get(2) == inputShape.get(1)
        && x.shape().get(3) == inputShape.get(2), "%s: ResNetTranslator for %s images got input %s", scope.name(), inputShape, x.shape());
    NetScope s = scope.withWeightInit(Initializer.normal(0.02f));
    Ops tf = s.tf();
    Operand<TFloat32> h = Conv2d.of(filters, 7).validPadding().apply(s.child("in"), ReflectionPad.apply(tf, x, 3));
    h = normRelu(tf, h);
    for (int i = 1; i <= 2; i++) {
      // PyTorch's padding=1 on both sides; TF's SAME would pad only bottom/right at stride 2.
      h = Conv2d.of(filters << i, 3).stride(2).validPadding().apply(s.child("down" + i), zeroPad(tf, h));
      h = normRelu(tf, h);
    }
    for (int b = 1; b <= blocks; b++) {
      NetScope r = s.child("res" + b);
      Operand<TFloat32> y = Conv2d.of(filters * 4, 3).validPadding().apply(r.child("conv1"), ReflectionPad.apply(tf, h, 1));
      y = normRelu(tf, y);
      y = Conv2d.of(filters * 4, 3).validPadding().apply(r.child("conv2"), ReflectionPad.apply(tf, y, 1));
      h = tf.math.add(h, InstanceNorm.apply(tf, y));
    }
    for (int i = 1; i <= 2; i++) {
      h = ConvTranspose2d.of(filters << (2 - i), 3).stride(2).apply(s.child("up" + i), h);
      h = normRelu(tf, h);
    }
    h = Conv2d.of(outputChannels, 7).validPadding().apply(s.child("out"), ReflectionPad.apply(tf, h, 3));
    return tf.math.tanh(h);
  }

  private static Operand<TFloat32> normRelu(Ops tf, Operand<TFloat32> h) {
    return tf.nn.relu(InstanceNorm.apply(tf, h));
  }

  private static Operand<TFloat32> zeroPad(Ops tf, Operand<TFloat32> h) {
    return tf.pad(h, tf.constant(new int[][] {{0, 0}, {1, 1}, {1, 1}, {0, 0}}), tf.constant(0f));
  }
}
