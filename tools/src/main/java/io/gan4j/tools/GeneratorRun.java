package io.gan4j.tools;

import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import java.nio.file.Path;

/**
 * The check the commands that sample one generator ({@code sample}, {@code probe}, {@code truncation},
 * {@code instances}, {@code attention}, {@code unet-map}, {@code calibrate --run}) make first: a
 * translation run (csgan, cyclegan) has two generators and no z, so each says so in one line and
 * names the command that does take it, instead of failing deep inside on the missing generator.
 *
 * <p>Usage: {@code TrainConfig config = GeneratorRun.require(run, "sample");}
 */
final class GeneratorRun {
  private GeneratorRun() {}

  /** The config of {@code run}, if it is a run with one generator; {@code command} is the caller's name for the message. */
  static TrainConfig require(Path run, String command) {
    TrainConfig config = Trainer.readConfig(run);
    if (config.translation() != null) {
      throw new IllegalArgumentException(run + " is a " + config.model() + " run (image-to-image translation: two generators, A to B"
          + " and B to A, no z to sample), which `gan4j " + command + "` does not take; use `gan4j translate --run " + run
          + " --in IMAGES --out DIR --direction ab|ba` (and `gan4j eval --run " + run + "` for its scores)");
    }
    return config;
  }
}
