package io.gan4j.sdk.nets;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.translation.ImageTranslator;
import io.gan4j.sdk.translation.Translation;
import java.util.List;

/**
 * Analytic multiply-accumulate counts of one forward pass per sample, from the specs: convolutions,
 * transposed convolutions, dense layers, attention matmuls (element-wise ops, norms and pooling are
 * left out; they are a few percent of these nets). A training step ({@link #trainingStepFlops}) is
 * one D update on a real and a generated batch plus one G update; {@link #stepFlops} counts the whole
 * step of a recipe (n_dis D updates, the gradient penalty's extra passes) and {@link #translationStepFlops}
 * the CycleGAN/CSGAN step. Covered networks: {@link GeneratorSpec}, {@link BigGanGenerator},
 * {@link DiscriminatorSpec}, {@link PatchDiscriminator} and {@link ResNetTranslator}; NaN for others.
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

  /**
   * FLOPs of one full training step at {@code batch}: {@code nDis} D updates (each a G forward, D
   * forward and weight gradients on real and generated: 1 G and 4 D forwards per sample), with the
   * gradient penalty each D update also judges the interpolates, takes D's input gradient there and
   * differentiates both to D's weights (4 D forwards more, counting each backward as one forward as
   * above), then the G update (3 G and 2 D forwards). nDis 1 without the penalty is
   * {@link #trainingStepFlops}. NaN when a network is not one this class counts.
   */
  public static double stepFlops(GeneratorNetwork g, DiscriminatorNetwork d, int batch, int nDis, boolean gradientPenalty) {
    double gm = generatorMacs(g);
    double dm = discriminatorMacs(d);
    double perDUpdate = gm + (gradientPenalty ? 8 : 4) * dm;
    return 2.0 * batch * (nDis * perDUpdate + 3 * gm + 2 * dm);
  }

  /**
   * FLOPs of one CycleGAN/CSGAN step at {@code batch} (TranslationGraph): G_AB and G_BA each translate
   * twice (a real batch and the other's translation) and are differentiated through all four passes
   * (2 forwards each), D_A and D_B judge the translations for G's loss and pass their input gradients
   * back (2 forwards each), then judge real and pooled images in their own update with weight
   * gradients (4 forwards each): 6 forwards of each generator and of each discriminator per sample.
   */
  public static double translationStepFlops(Translation t, int batch) {
    return 2.0 * batch * 6 * (translatorMacs(t.generatorAB()) + translatorMacs(t.generatorBA())
        + discriminatorMacs(t.discriminatorA()) + discriminatorMacs(t.discriminatorB()));
  }

  /**
   * FLOPs of orthogonal regularisation per G update, batch-independent: for each penalised weight
   * reshaped {@code [fanIn, out]} the Gram matrix WᵀW ({@code fanIn·out²} MACs) and its gradient
   * (two more such products). {@code weights} are the kernels' shapes, last axis the outputs.
   */
  public static double orthogonalRegularizationFlops(List<long[]> weights) {
    double macs = 0;
    for (long[] shape : weights) {
      long out = shape[shape.length - 1];
      long fanIn = 1;
      for (int i = 0; i < shape.length - 1; i++) {
        fanIn *= shape[i];
      }
      macs += (double) fanIn * out * out;
    }
    return 2.0 * 3 * macs;
  }

  /** MACs of one forward pass for one sample of G; NaN for a network this class does not count. */
  public static double generatorMacs(GeneratorNetwork g) {
    if (g instanceof GeneratorSpec s) {
      return generatorMacs(s);
    }
    if (g instanceof BigGanGenerator b) {
      return generatorMacs(b);
    }
    return Double.NaN;
  }

  /** MACs of one forward pass for one sample of D; NaN for a network this class does not count. */
  public static double discriminatorMacs(DiscriminatorNetwork d) {
    if (d instanceof DiscriminatorSpec s) {
      return discriminatorMacs(s);
    }
    if (d instanceof PatchDiscriminator p) {
      return discriminatorMacs(p);
    }
    return Double.NaN;
  }

  /**
   * MACs of {@link BigGanGenerator}'s forward pass for one sample: the stem dense on one z chunk,
   * per up-block the two 3×3 convs, the 1×1 shortcut and the conditional batch norms' gain and bias
   * layers on {@code [shared(y), z_i]}, attention where listed, the output conv.
   */
  public static double generatorMacs(BigGanGenerator g) {
    List<Integer> w = g.widths();
    int condition = g.sharedDim() + g.chunk();
    double macs = (double) g.chunk() * 4 * 4 * w.get(0);
    int res = 4;
    for (int i = 1; i < w.size(); i++) {
      res *= 2;
      macs += conv(res, 3, w.get(i - 1), w.get(i)) + conv(res, 3, w.get(i), w.get(i)) + conv(res, 1, w.get(i - 1), w.get(i));
      macs += 2.0 * condition * (w.get(i - 1) + w.get(i));
      if (g.attention().contains(res)) {
        macs += attention(res, w.get(i));
      }
    }
    return macs + conv(res, 3, w.get(w.size() - 1), g.outputShape().get(2));
  }

  /** MACs of {@link PatchDiscriminator}'s forward pass for one sample: its 4×4 convs, each padded 1 on each side. */
  public static double discriminatorMacs(PatchDiscriminator d) {
    int h = d.inputShape().get(0);
    int w = d.inputShape().get(1);
    int cin = d.inputShape().get(2);
    h = (h - 2) / 2 + 1;
    w = (w - 2) / 2 + 1;
    double macs = (double) h * w * 16 * cin * d.filters();
    cin = d.filters();
    for (int i = 1; i <= d.layers(); i++) {
      int width = d.filters() * Math.min(1 << i, 8);
      int stride = i < d.layers() ? 2 : 1;
      h = (h - 2) / stride + 1;
      w = (w - 2) / stride + 1;
      macs += (double) h * w * 16 * cin * width;
      cin = width;
    }
    return macs + (double) (h - 1) * (w - 1) * 16 * cin;
  }

  /** MACs of a translator's forward pass for one image; NaN for one this class does not count. */
  public static double translatorMacs(ImageTranslator t) {
    if (!(t instanceof ResNetTranslator r)) {
      return Double.NaN;
    }
    int h = r.inputShape().get(0);
    int w = r.inputShape().get(1);
    int f = r.filters();
    double px = (double) h * w;
    double macs = px * 49 * r.inputShape().get(2) * f;           // c7s1-f
    macs += px / 4 * 9 * f * 2 * f + px / 16 * 9 * 2 * f * 4 * f; // d2f, d4f (stride 2)
    macs += r.blocks() * 2 * px / 16 * 9 * 4 * f * 4 * f;        // residual blocks at H/4
    macs += px / 16 * 9 * 4 * f * 2 * f + px / 4 * 9 * 2 * f * f; // u2f, uf: k²·cin·cout per input pixel
    return macs + px * 49 * f * r.outputChannels();              // c7s1-C_out
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
