package io.gan4j.savedmodels;

import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.PairedImages;
import io.gan4j.sdk.metrics.Fid;
import io.gan4j.sdk.metrics.PairedScores;
import io.gan4j.sdk.train.TrainedTranslator;
import io.gan4j.sdk.translation.Direction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a translation run on paired test data, per direction: the first {@code n} test pairs are
 * translated (A → B by G_AB, B → A by G_BA) and compared with their ground truth ({@link PairedScores}:
 * L1, PSNR, SSIM), and the FID of the n translated images against the n real images of the target
 * domain on a feature network ({@link Fid}; {@link FeatureModel} converts sizes and channels to its input).
 *
 * <p>Usage: {@code Map<String, Object> s = TranslationEvaluation.score(translator, test, 2000, features);}
 */
public final class TranslationEvaluation {

  private TranslationEvaluation() {}

  /** {@code {"ab": {l1, psnr, ssim, fid}, "ba": {...}}}; {@code features} may be null (no FID). */
  public static Map<String, Map<String, Double>> score(TrainedTranslator t, PairedImages test, int n, FeatureModel features) {
    if (n < 1 || n > test.size()) {
      throw new IllegalArgumentException("--n must be in [1, " + test.size() + "] (the test pairs), got " + n);
    }
    Map<String, Map<String, Double>> out = new LinkedHashMap<>();
    for (Direction d : Direction.values()) {
      ImageDataset source = d == Direction.AB ? test.a() : test.b();
      ImageDataset target = d == Direction.AB ? test.b() : test.a();
      List<Integer> shape = target.elementShape();
      if (!source.elementShape().equals(d.generator(t.translation()).inputShape())) {
        throw new IllegalArgumentException("the test images " + source.elementShape() + " do not fit " + d.scope() + ", which takes "
            + d.generator(t.translation()).inputShape());
      }
      float[] translated = t.translate(d, source.toFloats(0, n), n);
      float[] truth = target.toFloats(0, n);
      PairedScores s = PairedScores.of(translated, truth, n, shape.get(0), shape.get(1), shape.get(2));
      Map<String, Double> m = new LinkedHashMap<>();
      m.put("l1", s.l1());
      m.put("psnr", s.psnr());
      m.put("ssim", s.ssim());
      if (features != null) {
        double[][] fake = features.apply(translated, n, shape.get(0), shape.get(1), shape.get(2)).features();
        double[][] real = features.apply(truth, n, shape.get(0), shape.get(1), shape.get(2)).features();
        m.put("fid", Fid.between(fake, real));
      }
      out.put(d.id(), m);
    }
    return out;
  }
}
