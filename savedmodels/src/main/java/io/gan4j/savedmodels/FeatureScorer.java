package io.gan4j.savedmodels;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.metrics.Evaluation;
import io.gan4j.sdk.train.SampleScorer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Scores generated images against a fixed reference set of real images on a {@link FeatureModel}:
 * the reference features are computed once, each {@link #score} call computes the generated ones
 * and the chosen {@link Evaluation} metrics. Generated images get the classifier's predicted class as
 * their label (for intra-FID); real images keep their true labels.
 *
 * <p>Usage: {@code SampleScorer s = FeatureScorer.create(model, FashionMnist.load(dir), 10_000, 1, Evaluation.parse("fid,kid"), Evaluation.Options.DEFAULT);}
 */
public final class FeatureScorer implements SampleScorer {

  private final FeatureModel model;
  private final Evaluation.Samples reference;
  private final Set<Evaluation.Metric> metrics;
  private final Evaluation.Options options;
  private final List<Integer> shape;
  private final int count;

  private FeatureScorer(FeatureModel model, Evaluation.Samples reference, List<Integer> shape, int count,
      Set<Evaluation.Metric> metrics, Evaluation.Options options) {
    this.model = model;
    this.reference = reference;
    this.shape = shape;
    this.count = count;
    this.metrics = metrics;
    this.options = options;
  }

  /**
   * Uses {@code n} images of {@code real} (a seeded uniform choice without replacement; all of them
   * when {@code n} equals its size) as the reference, and asks for {@code n} generated samples.
   */
  public static FeatureScorer create(FeatureModel model, ImageDataset real, int n, long seed,
      Set<Evaluation.Metric> metrics, Evaluation.Options options) {
    checkArgument(n >= 1 && n <= real.size(), "%s has %s images; cannot take %s as the reference", real.name(),
        real.size(), n);
    Evaluation.checkEnough(metrics, n, n, options);
    if ((metrics.contains(Evaluation.Metric.IS) || metrics.contains(Evaluation.Metric.INTRA_FID)) && !model.hasLogits()) {
      throw new IllegalArgumentException(model.directory() + " has no 'logits' output, which the classifier score and intra-FID need");
    }
    ImageDataset chosen = n == real.size() ? real : real.select(real.name(), choose(real.size(), n, seed));
    List<Integer> shape = real.elementShape();
    return new FeatureScorer(model, samplesOf(model, chosen.toFloats(0, n), n, shape, chosen.labels().orElse(null)),
        shape, n, metrics, options);
  }

  /** Uses every image of {@code reference} as the reference and asks for as many generated samples. */
  public static FeatureScorer of(FeatureModel model, ImageDataset reference, Set<Evaluation.Metric> metrics,
      Evaluation.Options options) {
    return create(model, reference, reference.size(), 0, metrics, options);
  }

  /** Features, logits and labels (true ones if given, else the predicted class) of {@code n} images. */
  public static Evaluation.Samples samplesOf(FeatureModel model, float[] images, int n, List<Integer> shape, int[] labels) {
    FeatureModel.Outputs out = model.apply(images, n, shape.get(0), shape.get(1), shape.get(2));
    int[] y = labels != null ? labels : out.logits() == null ? null : FeatureModel.argmax(out.logits());
    return new Evaluation.Samples(out.features(), out.logits(), y);
  }

  public Evaluation.Samples reference() {
    return reference;
  }

  @Override
  public int sampleCount() {
    return count;
  }

  @Override
  public Map<String, Double> score(float[] samples, int n) {
    return Evaluation.compute(metrics, reference, samplesOf(model, samples, n, shape, null), options);
  }

  /**
   * Scores samples of a conditional generator made for {@code requested} classes: intra-FID groups
   * them by the requested class, and {@code class_accuracy} is the fraction the feature network
   * classifies as requested.
   */
  public Map<String, Double> score(float[] samples, int n, int[] requested) {
    checkArgument(requested.length == n, "%s requested labels for %s samples", requested.length, n);
    Evaluation.Samples ordered = samplesOf(model, samples, n, shape, requested);
    // Conditional samples come in class blocks; the classifier score's contiguous splits assume a
    // random order (a one-class split scores ≈ 1), so shuffle the rows. Other metrics do not care.
    int[] perm = choose(n, n, 20_231_125L);
    double[][] f = new double[n][];
    double[][] l = ordered.logits() == null ? null : new double[n][];
    int[] y = new int[n];
    for (int i = 0; i < n; i++) {
      f[i] = ordered.features()[perm[i]];
      if (l != null) {
        l[i] = ordered.logits()[perm[i]];
      }
      y[i] = requested[perm[i]];
    }
    Evaluation.Samples fake = new Evaluation.Samples(f, l, y);
    Map<String, Double> out = new java.util.LinkedHashMap<>(Evaluation.compute(metrics, reference, fake, options));
    if (fake.logits() != null) {
      int[] predicted = FeatureModel.argmax(fake.logits());
      int hits = 0;
      for (int i = 0; i < n; i++) {
        hits += predicted[i] == y[i] ? 1 : 0;
      }
      out.put("class_accuracy", hits / (double) n);
    }
    return out;
  }

  /** The classes {@code TrainedGenerator.sample(seed, n)} and {@code GeneratorModel.generate(n, seed)} request. */
  public static int[] spreadLabels(int n, int classes) {
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = (int) ((long) i * classes / n);
    }
    return out;
  }

  private static int[] choose(int size, int n, long seed) {
    int[] index = new int[size];
    for (int i = 0; i < size; i++) {
      index[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      int j = i + random.nextInt(size - i);
      int t = index[i];
      index[i] = index[j];
      index[j] = t;
    }
    return java.util.Arrays.copyOf(index, n);
  }
}
