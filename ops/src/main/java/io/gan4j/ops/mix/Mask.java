package io.gan4j.ops.mix;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A per-sample mixing mask {@code M} ({@code [N, H, W, 1]}, values in [0, 1], 1 = take the real
 * pixel) and its mean {@code λ = mean(M)} per sample ({@code [N]}).
 *
 * <p>Usage: {@code Mask m = new CutMix(1f).sample(tf, key, 64, 32, 32); Operand<TFloat32> x = Mixing.mix(tf, m, real, fake);}
 */
public record Mask(Operand<TFloat32> values, Operand<TFloat32> lambda) {}
