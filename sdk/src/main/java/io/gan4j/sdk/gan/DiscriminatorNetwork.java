package io.gan4j.sdk.gan;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.DiscriminatorSpec;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A discriminator as a value: emits D's graph under a {@link NetScope} for inputs {@code [N, ...]}
 * (and int32 labels {@code [N]} when {@link #classes()} > 0) and returns its {@link Heads}.
 * {@link DiscriminatorSpec} builds the DCGAN, ResNet (projection), U-Net and MLP discriminators; a
 * user's own network is any class implementing this (see {@link GeneratorNetwork} on how it is stored).
 *
 * <p>Usage: {@code Heads h = network.judge(NetScope.root(store, pass, "D"), images, null);}
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "type", defaultImpl = DiscriminatorSpec.class)
public interface DiscriminatorNetwork {

  /** What one judged sample is, {@code [H, W, C]} or {@code [d]}. */
  List<Integer> inputShape();

  /** Number of classes it is conditioned on; 0 = unconditional. */
  int classes();

  /** PacGAN packing: D judges this many consecutive samples together, so logits are {@code [N / pack]}. */
  default int pack() {
    return 1;
  }

  /** D's heads on {@code x} and, when conditional, {@code labels}. */
  Heads judge(NetScope scope, Operand<TFloat32> x, Operand<TInt32> labels);

  /** As {@link GeneratorNetwork#withClasses}. */
  default DiscriminatorNetwork withClasses(int classes) {
    if (classes != classes()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " is built for " + classes() + " classes, not " + classes);
    }
    return this;
  }

  default boolean conditional() {
    return classes() > 0;
  }
}
