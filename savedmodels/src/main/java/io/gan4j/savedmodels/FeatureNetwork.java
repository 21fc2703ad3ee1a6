package io.gan4j.savedmodels;

import io.gan4j.ops.Activation;
import io.gan4j.ops.Conv2d;
import io.gan4j.ops.Dense;
import io.gan4j.ops.NetScope;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The default feature network: a small CNN classifier for 32×32×1 images in [−1, 1]. Four 3×3
 * convolutions (32, 64 stride 2, 128 stride 2, 128 stride 2) with ReLU, a 128-unit ReLU layer whose
 * output is the {@code features} (the penultimate layer, like Inception's pool3) and a linear layer
 * to the class {@code logits}. No batch norm or dropout, so training and inference compute the
 * same function.
 *
 * <p>Usage: {@code FeatureNetwork.Outputs out = FeatureNetwork.build(NetScope.root(store, pass, "F"), images, 10);}
 */
public final class FeatureNetwork {

  public static final int SIZE = 32;
  public static final int FEATURES = 128;

  /** Penultimate-layer features {@code [N, 128]} and class logits {@code [N, classes]}. */
  public record Outputs(Operand<TFloat32> features, Operand<TFloat32> logits) {}

  private FeatureNetwork() {}

  public static Outputs build(NetScope scope, Operand<TFloat32> images, int classes) {
    Ops tf = scope.tf();
    Activation relu = Activation.relu();
    Operand<TFloat32> h = relu.apply(tf, Conv2d.of(32, 3).apply(scope.child("conv1"), images));
    h = relu.apply(tf, Conv2d.of(64, 3).stride(2).apply(scope.child("conv2"), h));
    h = relu.apply(tf, Conv2d.of(128, 3).stride(2).apply(scope.child("conv3"), h));
    h = relu.apply(tf, Conv2d.of(128, 3).stride(2).apply(scope.child("conv4"), h));
    h = tf.reshape(h, tf.constant(new int[] {-1, 4 * 4 * 128}));
    Operand<TFloat32> features = relu.apply(tf, Dense.of(FEATURES).apply(scope.child("fc"), h));
    return new Outputs(features, Dense.of(classes).apply(scope.child("logits"), features));
  }
}
