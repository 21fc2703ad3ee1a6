package io.gan4j.sdk.translation;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.gan4j.ops.NetScope;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * An image-to-image generator as a value: emits its graph under a {@link NetScope} for images
 * {@code [N, H, W, C_in]} in [−1, 1] and returns {@code [N, H, W, C_out]} in [−1, 1].
 * {@link io.gan4j.sdk.nets.ResNetTranslator} is CycleGAN's; a user's own is any class implementing
 * this with the {@code io.gan4j.ops} layers (stored in {@code config.json} with its class name, like
 * {@link io.gan4j.sdk.gan.GeneratorNetwork}).
 *
 * <p>Usage: {@code Operand<TFloat32> fakeB = gAB.translate(NetScope.root(store, pass, "G_AB"), realA);}
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "type")
public interface ImageTranslator {

  /** {@code [H, W, C]} of an input image. */
  List<Integer> inputShape();

  /** {@code [H, W, C]} of an output image. */
  List<Integer> outputShape();

  /** The translation of {@code x [N, H, W, C_in]}. */
  Operand<TFloat32> translate(NetScope scope, Operand<TFloat32> x);
}
