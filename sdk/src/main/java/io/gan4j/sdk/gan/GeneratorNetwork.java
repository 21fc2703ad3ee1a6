package io.gan4j.sdk.gan;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.gan4j.ops.NetScope;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.nets.Generator;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A generator as a value: emits G's graph under a {@link NetScope} for latents {@code z [N, zDim]}
 * (and int32 labels {@code [N]} when {@link #classes()} > 0). {@link GeneratorSpec} builds the
 * DCGAN, ResNet (SAGAN/BigGAN) and MLP generators; a user's own network is any class implementing
 * this written with the {@code io.gan4j.ops} layers. A run's {@code config.json} stores the value
 * with its class name, so a record with serialisable components resumes, samples and exports like
 * a built-in network (the class must be on the class path).
 *
 * <p>Usage: {@code Generator.Output out = network.generate(NetScope.root(store, pass, "G"), z, null);}
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "type", defaultImpl = GeneratorSpec.class)
public interface GeneratorNetwork {

  /** Width of z. */
  int zDim();

  /** What one sample is: {@code [H, W, C]} images in [−1, 1] or {@code [d]} points. */
  List<Integer> outputShape();

  /** Number of classes it is conditioned on; 0 = unconditional. */
  int classes();

  /** Images (or points) and any attention maps for {@code z} and, when conditional, {@code labels}. */
  Generator.Output generate(NetScope scope, Operand<TFloat32> z, Operand<TInt32> labels);

  /**
   * This network for {@code classes} classes (e.g. as many as a folder has); networks whose class
   * count is fixed refuse any other.
   */
  default GeneratorNetwork withClasses(int classes) {
    if (classes != classes()) {
      throw new IllegalArgumentException(getClass().getSimpleName() + " is built for " + classes() + " classes, not " + classes);
    }
    return this;
  }

  /** Samples in the training run's sample grid: 8×8, or one row of 8 per class. */
  default int sampleGridCount() {
    return conditional() ? 8 * classes() : 64;
  }

  default boolean conditional() {
    return classes() > 0;
  }
}
