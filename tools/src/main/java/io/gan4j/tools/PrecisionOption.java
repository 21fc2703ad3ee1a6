package io.gan4j.tools;

import io.gan4j.sdk.train.Precision;
import io.gan4j.sdk.train.SessionOptions;
import picocli.CommandLine.Option;

/**
 * {@code --precision fp32|bf16} for the commands that open a training session ({@code train},
 * {@code bench}). It is a session option, not part of a run's {@code config.json}: a resumed run takes
 * the precision given on its own command line.
 *
 * <p>Usage: {@code @Mixin PrecisionOption precision;} then {@code precision.applyTo(SessionOptions.DEFAULT)}
 */
final class PrecisionOption {

  @Option(names = "--precision", defaultValue = "fp32",
      description = "fp32 | bf16: TensorFlow's oneDNN bfloat16 auto mixed precision, float32 weights and updates; 1.15-1.92x"
          + " faster on the bench suite on an AMX CPU, 1.05-1.22x on an AVX-512 BF16 one; on the AMX CPU the dcgan"
          + " recipe's FID after 15 min lies within float32's 3-seed spread (README: bf16 per suite row, time to"
          + " quality) (default: ${DEFAULT-VALUE})")
  String precision;

  Precision value() {
    return Precision.parse(precision);
  }

  SessionOptions applyTo(SessionOptions options) {
    return options.withPrecision(value());
  }

  /** TensorFlow's default session with this precision. */
  SessionOptions sessionOptions() {
    return applyTo(SessionOptions.DEFAULT);
  }
}
