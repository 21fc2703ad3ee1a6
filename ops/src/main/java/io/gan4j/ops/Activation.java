package io.gan4j.ops;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.LeakyRelu;
import org.tensorflow.types.TFloat32;

/**
 * An element-wise non-linearity with a readable name ({@code leaky_relu(0.2)}).
 *
 * <p>Usage: {@code Activation.leakyRelu(0.1f).apply(tf, h)}
 */
public record Activation(String name, float slope) {

  public static Activation relu() {
    return new Activation("relu", 0f);
  }

  public static Activation leakyRelu(float slope) {
    return new Activation("leaky_relu", slope);
  }

  public static Activation tanh() {
    return new Activation("tanh", 0f);
  }

  public static Activation linear() {
    return new Activation("linear", 0f);
  }

  public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
    return switch (name) {
      case "relu" -> tf.nn.relu(x);
      case "leaky_relu" -> tf.nn.leakyRelu(x, LeakyRelu.alpha(slope));
      case "tanh" -> tf.math.tanh(x);
      case "linear" -> x;
      default -> throw new IllegalStateException("unknown activation " + name);
    };
  }

  @Override
  public String toString() {
    return name.equals("leaky_relu") ? "leaky_relu(" + slope + ")" : name;
  }
}
