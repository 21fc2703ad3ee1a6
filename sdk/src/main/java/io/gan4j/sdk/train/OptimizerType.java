package io.gan4j.sdk.train;

import io.gan4j.ops.optim.Optimizer;

/**
 * The optimiser both players use: Adam (lr, β1, β2 from the config) or RMSProp (lr; decay 0.9, no
 * momentum, ε 1e-10), the original WGAN's.
 *
 * <p>Usage: {@code TrainConfig.builder().optimizer(OptimizerType.RMSPROP).clipD(0.01f)}
 */
public enum OptimizerType {
  ADAM,
  RMSPROP;

  /** This optimiser with learning rate {@code lr} (β used by Adam only). */
  public Optimizer create(float lr, float beta1, float beta2) {
    return this == ADAM ? Optimizer.adam(lr, beta1, beta2) : Optimizer.rmsProp(lr);
  }
}
