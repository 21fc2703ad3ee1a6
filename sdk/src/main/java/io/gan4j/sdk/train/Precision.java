package io.gan4j.sdk.train;

import java.util.Locale;

/**
 * The arithmetic a training session runs in. {@link #FP32} is plain float32. {@link #BF16} turns on
 * TensorFlow's oneDNN auto mixed precision (the Grappler pass {@code auto_mixed_precision_onednn_bfloat16}):
 * convolutions and matmuls (its allow list) compute in bfloat16, and so do the element-wise ops and
 * reductions between them that its infer list names (bias add, activations, Mul/Add/Sub, Mean, Sum,
 * Softmax); variables, optimiser updates and the deny list (Exp, Pow, the cross-entropy ops) stay
 * float32. No loss scaling is needed: bfloat16 has float32's exponent range. It needs a CPU with
 * AVX-512 BF16 (or AMX) and Grappler's rewrites on; elsewhere TensorFlow leaves the graph in float32.
 *
 * <p>Usage: {@code SessionOptions.DEFAULT.withPrecision(Precision.parse("bf16"))}
 */
public enum Precision {
  FP32,
  BF16;

  /** {@code fp32} or {@code bf16} (any case). */
  public static Precision parse(String name) {
    for (Precision p : values()) {
      if (p.label().equalsIgnoreCase(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("precision must be fp32 or bf16, got '" + name + "'");
  }

  /** The lower-case name the command line uses. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
