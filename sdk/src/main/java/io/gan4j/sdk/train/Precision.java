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
 * <p>Input gradients of convolutions ({@code Conv2DBackpropInput}: transposed convolutions and every
 * backward-data pass) stay float32: in bfloat16 the {@code dcgan} recipe on Fashion-MNIST (a 64→1-channel
 * output convolution) got G gradients of 1e21 at a random early step and went NaN within 2–11 steps in 6 of 8
 * runs (TensorFlow Java 1.1.0's oneDNN 3.5 on an AVX-512 BF16 CPU); with this op in float32, 18 clean steps
 * whose Adam moments stay within 4 % of float32's. TensorFlow reads which ops to take off its allow list only from the environment
 * ({@value #KEEP_FLOAT32_ENV} = {@value #KEEP_FLOAT32}), which a JVM cannot set for itself: {@code tools/gan4j}
 * and the Maven tests set it, and {@link Trainer} logs a warning when a bf16 session opens without it.
 *
 * <p>Usage: {@code SessionOptions.DEFAULT.withPrecision(Precision.parse("bf16"))}
 */
public enum Precision {
  FP32,
  BF16;

  /** The environment variable through which TensorFlow's mixed-precision pass takes ops off its allow list. */
  public static final String KEEP_FLOAT32_ENV = "TF_AUTO_MIXED_PRECISION_GRAPH_REWRITE_ALLOWLIST_REMOVE";
  /** The ops that {@link #BF16} needs in float32 (see the class comment). */
  public static final String KEEP_FLOAT32 = "Conv2DBackpropInput";

  /** Whether this process's environment keeps {@link #KEEP_FLOAT32} in float32 under {@link #BF16}. */
  public static boolean keepFloat32Configured() {
    String v = System.getenv(KEEP_FLOAT32_ENV);
    return v != null && java.util.Arrays.asList(v.split(",")).containsAll(java.util.Arrays.asList(KEEP_FLOAT32.split(",")));
  }

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
