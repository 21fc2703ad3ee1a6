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
      description = "fp32 | bf16: TensorFlow's oneDNN bfloat16 auto mixed precision, float32 weights and updates; 1.14-1.92x"
          + " faster on the bench suite on an AMX CPU, 1.05-1.22x on an AVX-512 BF16 one; quality not yet shown equal"
          + " (README, bf16 per suite row) (default: ${DEFAULT-VALUE})")
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
