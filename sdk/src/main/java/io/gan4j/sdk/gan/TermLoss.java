package io.gan4j.sdk.gan;

import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * What an objective term adds to one player's loss ({@code null}: nothing) and the named scalars it
 * wants logged to TensorBoard (e.g. {@code loss/d_mixed}).
 *
 * <p>Usage: {@code return TermLoss.logged("loss/r1", penalty);}
 */
public record TermLoss(Operand<TFloat32> value, Map<String, Operand<TFloat32>> scalars) {

  public static final TermLoss NONE = new TermLoss(null, Map.of());

  public TermLoss {
    scalars = Map.copyOf(scalars);
  }

  /** Adds {@code value} and logs it as {@code tag}. */
  public static TermLoss logged(String tag, Operand<TFloat32> value) {
    return new TermLoss(value, Map.of(tag, value));
  }
}
