package io.gan4j.sdk.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

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
 * <p>On a CPU with AMX ({@code amx_bf16} in {@code /proc/cpuinfo}) oneDNN runs those input gradients on its AMX
 * kernels instead, and the same recipe ran 8 of 8 seeds for 30 steps without a spike; there bfloat16 input
 * gradients make {@code dcgan32}'s step 1.92× float32's instead of 1.26× ({@code bench --compare-precision},
 * one sitting), so {@link #keepFloat32Needed()} is false and {@code tools/gan4j} leaves the op in bfloat16.
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
    return v != null && Arrays.asList(v.split(",")).containsAll(Arrays.asList(KEEP_FLOAT32.split(",")));
  }

  /**
   * Whether this CPU needs {@link #KEEP_FLOAT32} in float32 under {@link #BF16}: true unless it has AMX
   * (see the class comment), or when {@code /proc/cpuinfo} cannot be read.
   */
  public static boolean keepFloat32Needed() {
    return CpuFlags.KEEP_FLOAT32_NEEDED;
  }

  /** {@link #keepFloat32Needed()} for the text of a {@code /proc/cpuinfo}. */
  static boolean keepFloat32Needed(String cpuinfo) {
    return !AMX_BF16.matcher(cpuinfo).find();
  }

  private static final Pattern AMX_BF16 = Pattern.compile("(?m)^flags\\s*:.*\\bamx_bf16\\b");

  /** Read once: the CPU does not change under a running JVM. */
  private static final class CpuFlags {
    static final boolean KEEP_FLOAT32_NEEDED = read();

    private static boolean read() {
      try {
        return keepFloat32Needed(Files.readString(Path.of("/proc/cpuinfo")));
      } catch (IOException | RuntimeException e) {
        return true;
      }
    }
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
