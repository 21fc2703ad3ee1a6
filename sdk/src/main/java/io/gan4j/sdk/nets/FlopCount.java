package io.gan4j.sdk.nets;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import java.util.List;

/**
 * Analytic multiply-accumulate counts of one forward pass per sample, from the specs: convolutions,
 * transposed convolutions, dense layers, attention matmuls (element-wise ops, norms and pooling are
 * left out; they are a few percent of these nets). A training step ({@link #trainingStepFlops}) is
 * one D update on a real and a generated batch plus one G update.
 *
 * <p>Usage: {@code double gflop = FlopCount.trainingStepFlops(g, d, 64) / 1e9;}
 */
public final class FlopCount {

  private FlopCount() {}

  /** MACs of G's forward pass for one sample. */
  public static double generatorMacs(GeneratorSpec g) {
    List<Integer> w = g.widths();
    int c = g.outputShape().get(g.outputShape().size() - 1);
    if (g.architecture() == GeneratorSpec.Architecture.MLP) {
      return denseChain(g.zDim(), w, g.outputShape().get(0));
    }
    int base = g.baseSize();
    double macs = (double) g.zDim() * base * base * w.get(0);
    int res = base;
    for (int i = 1; i < w.size(); i++) {
      int out = res * 2;
      if (g.architecture() == GeneratorSpec.Architecture.RESNET) {
        macs += conv(out, 3, w.get(i - 1), w.get(i)) + conv(out, 3, w.get(i), w.get(i)) + conv(out, 1, w.get(i - 1), w.get(i));
        if (g.conditional()) {
          macs += 4.0 * Generator.EMBED_DIM * (w.get(i - 1) + w.get(i)) / 2;
        }
      } else if (g.upsampling() == GeneratorSpec.Upsampling.TRANSPOSED_CONV) {
        macs += conv(out, 4, w.get(i - 1), w.get(i)) / 4.0; // k²·cin·cout per input pixel, (out/2)² of them
      } else {
        macs += conv(out, 3, w.get(i - 1), w.get(i));
      }
      res = out;
      if (g.attention().contains(res)) {
        macs += attention(res, w.get(i));
      }
    }
    return macs + conv(res, 3, w.get(w.size() - 1), c);
  }

  /** MACs of D's forward pass for one sample. */
  public static double discriminatorMacs(DiscriminatorSpec d) {
    List<Integer> w = d.widths();
    if (d.architecture() == DiscriminatorSpec.Architecture.MLP) {
      return denseChain(d.inputShape().get(0) * d.pack(), w, 1) / d.pack();
    }
    int res = d.inputShape().get(0);
    int cin = d.inputShape().get(2);
    double macs = 0;
    if (d.architecture() == DiscriminatorSpec.Architecture.DCGAN) {
      macs += conv(res, 3, cin, d.stemWidth());
      cin = d.stemWidth();
      for (int width : w) {
        res /= 2;
        macs += conv(res, 4, cin, width) + (d.refine() ? conv(res, 3, width, width) : 0);
        cin = width;
      }
      return macs + (double) res * res * cin;
    }
    for (int width : w) {
      // conv1 and conv2 at the input resolution, then pooling; the 1×1 shortcut
      macs += conv(res, 3, cin, width) + conv(res, 3, width, width) + conv(res / 2, 1, cin, width);
      res /= 2;
      cin = width;
      if (d.attention().contains(res)) {
        macs += attention(res, width);
      }
    }
    macs += cin * (1 + (d.conditional() ? 1 : 0));
    if (d.architecture() == DiscriminatorSpec.Architecture.UNET) {
      macs *= 2; // the decoder mirrors the encoder, roughly
    }
    return macs;
  }

  /**
   * FLOPs (2 per MAC) of one training step at {@code batch}: the D update is a G forward (no
   * gradient), a D forward on 2·batch and its weight gradients (≈ 1 forward each); the G update is a G
   * forward, a D forward, D's input gradients (≈ 1 forward) and G's backward (≈ 2 forwards). That is 4
   * G and 6 D forwards per sample.
   */
  public static double trainingStepFlops(GeneratorSpec g, DiscriminatorSpec d, int batch) {
    return 2.0 * batch * (4 * generatorMacs(g) + 6 * discriminatorMacs(d));
  }

  private static double conv(int outRes, int k, int cin, int cout) {
    return (double) outRes * outRes * k * k * cin * cout;
  }

  /** θ, φ, g, o 1×1 convs, θ·φᵀ and β·g at H·W queries and H·W/4 keys. */
  private static double attention(int res, int c) {
    double hw = (double) res * res;
    return hw * c * (c / 8.0 + c / 8.0 + c / 2.0) + hw * (c / 2.0) * c + hw * (hw / 4) * (c / 8.0 + c / 2.0);
  }

  private static double denseChain(int in, List<Integer> widths, int out) {
    double macs = 0;
    int prev = in;
    for (int w : widths) {
      macs += (double) prev * w;
      prev = w;
    }
    return macs + (double) prev * out;
  }
}
