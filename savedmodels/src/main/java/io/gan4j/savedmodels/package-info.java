/**
 * SavedModel export of trained generators and the {@code GeneratorModel} / {@code FeatureModel}
 * loaders for JVM applications (issues [2/6] and [5/6]). Until then a run is sampled from its
 * checkpoint with {@code io.gan4j.sdk.train.TrainedGenerator}.
 */
package io.gan4j.savedmodels;
