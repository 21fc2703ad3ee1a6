/**
 * SavedModels in and out of gan4j: {@link io.gan4j.savedmodels.GeneratorExport} writes a run's
 * generator following the contract in the README, {@link io.gan4j.savedmodels.GeneratorModel} loads
 * one for JVM applications, {@link io.gan4j.savedmodels.FeatureModel} loads a feature network for the
 * metrics and {@link io.gan4j.savedmodels.FeatureScorer} scores generated images with it.
 */
package io.gan4j.savedmodels;
