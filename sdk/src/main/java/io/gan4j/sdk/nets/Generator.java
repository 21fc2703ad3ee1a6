package io.gan4j.sdk.nets;

import io.gan4j.ops.Activation;
import io.gan4j.ops.BatchNorm;
import io.gan4j.ops.ConvTranspose2d;
import io.gan4j.ops.Conv2d;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.UpsampleConv2d;
import io.gan4j.sdk.GeneratorSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Emits the graph of a {@link GeneratorSpec}: z {@code [N, zDim]} to images {@code [N, H, W, C]} in
 * [−1, 1] (tanh) or points {@code [N, d]} (linear). Variables are named {@code <scope>_*}.
 *
 * <p>Usage: {@code Operand<TFloat32> images = Generator.build(NetScope.root(store, pass, "G"), spec, z);}
 */
public final class Generator {

  private Generator() {}

  public static Operand<TFloat32> build(NetScope scope, GeneratorSpec spec, Operand<TFloat32> z) {
    Ops tf = scope.tf();
    boolean sn = spec.spectralNorm();
    if (spec.architecture() == GeneratorSpec.Architecture.MLP) {
      Operand<TFloat32> h = z;
      for (int i = 0; i < spec.widths().size(); i++) {
        NetScope layer = scope.child("fc" + (i + 1));
        h = Dense.apply(layer, h, spec.widths().get(i), sn);
        if (spec.batchNorm()) {
          h = BatchNorm.apply(layer.child("bn"), h, true);
        }
        h = tf.nn.relu(h);
      }
      return Dense.apply(scope.child("out"), h, spec.outputShape().get(0), sn);
    }
    List<Integer> widths = spec.widths();
    int base = spec.baseSize();
    NetScope stem = scope.child("stem");
    Operand<TFloat32> h = Dense.apply(stem, z, base * base * widths.get(0), sn);
    h = tf.reshape(h, tf.constant(new int[] {-1, base, base, widths.get(0)}));
    h = normAct(stem, spec, h);
    for (int i = 1; i < widths.size(); i++) {
      NetScope block = scope.child("up" + i);
      h = spec.upsampling() == GeneratorSpec.Upsampling.TRANSPOSED_CONV
          ? ConvTranspose2d.apply(block, h, widths.get(i), 4, 2, sn)
          : UpsampleConv2d.apply(block, h, widths.get(i), 3, sn);
      h = normAct(block, spec, h);
    }
    h = Conv2d.apply(scope.child("out"), h, spec.outputShape().get(2), 3, 1, sn);
    return Activation.tanh().apply(tf, h);
  }

  private static Operand<TFloat32> normAct(NetScope block, GeneratorSpec spec, Operand<TFloat32> h) {
    if (spec.batchNorm()) {
      h = BatchNorm.apply(block.child("bn"), h, true);
    }
    return block.tf().nn.relu(h);
  }
}
