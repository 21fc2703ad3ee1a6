package io.gan4j.sdk.gan;

import io.gan4j.ops.NetScope;
import io.gan4j.sdk.nets.Generator;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A network conditioned on instance features (IC-GAN): in training its int32 "labels" are instance
 * indices it resolves through {@link #instances()}; at inference it also takes feature vectors
 * {@code [N, F]} directly. Implemented by G and D of the {@code icgan} recipe; export and
 * {@code gan4j sample --instance} use it.
 */
public interface FeatureConditioned {

  /** The instance table this network reads; unresolved in a recipe, resolved once a run is prepared. */
  InstanceFeatures instances();

  /** This network on the prepared table {@code f}. */
  FeatureConditioned withInstances(InstanceFeatures f);

  /** Width F of a feature vector (0 until prepared). */
  default int featureDim() {
    return instances().dimension();
  }

  /**
   * G on latents and ℓ2-normalised feature vectors {@code [N, F]}; what {@code generate} does after the
   * table lookup. D implementations throw.
   */
  default Generator.Output generateFromFeatures(NetScope scope, Operand<TFloat32> z, Operand<TFloat32> features) {
    return generateFromFeatures(scope, z, features, null);
  }

  /** As above with int32 class labels {@code [N]} when the network has class conditioning on top ({@code instances().classes() > 0}). */
  default Generator.Output generateFromFeatures(NetScope scope, Operand<TFloat32> z, Operand<TFloat32> features,
      Operand<org.tensorflow.types.TInt32> classes) {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is not a generator");
  }
}
