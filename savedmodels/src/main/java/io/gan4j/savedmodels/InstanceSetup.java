package io.gan4j.savedmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gan4j.sdk.data.DataException;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.InstancePairs;
import io.gan4j.sdk.data.Neighbourhoods;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.InstanceFeatures;
import io.gan4j.sdk.metrics.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Prepares IC-GAN's instances for a run: the features of every training image from a
 * {@link FeatureModel} (ℓ2-normalised, {@code features.npy} float32 {@code [N, F]}) and their k
 * nearest neighbours ({@link Neighbourhoods}, {@code neighbours.npy}), in {@code <run>/instances/},
 * keyed by the feature network, the dataset and N, so a resumed run (or a second prepare) reuses them.
 *
 * <p>Usage: {@code InstanceSetup.Prepared p = InstanceSetup.prepare(InstanceFeatures.unresolved("default", 50), fmnist, runDir);}
 */
public final class InstanceSetup {

  public static final String DIR = "instances";
  public static final String KEY_FILE = "instances.json";
  /** Images per call of the feature network. */
  private static final int CHUNK = 2000;

  /**
   * The prepared table (for the networks) and the training pairs (for the trainer), with timings;
   * {@code reused} when both came from the run directory's cache.
   */
  public record Prepared(InstanceFeatures features, InstancePairs data, double featureSeconds, double neighbourSeconds, boolean reused) {}

  private InstanceSetup() {}

  /** The feature network a conditioning names ({@code "default"}: the shipped one). */
  public static Path featureNetwork(InstanceFeatures wanted) {
    return wanted.featureNetwork().equals(InstanceFeatures.DEFAULT_NETWORK) ? FeatureModel.defaultLocation()
        : Path.of(wanted.featureNetwork());
  }

  /** Computes (or reuses) the instances of {@code data} for {@code wanted}'s feature network and k under {@code runDir/instances}. */
  public static Prepared prepare(InstanceFeatures wanted, TrainingData data, Path runDir) {
    if (!(data instanceof ImageDataset images)) {
      if (data instanceof InstancePairs p) {
        return prepare(wanted, p.images(), runDir);
      }
      throw new DataException("IC-GAN needs its training images in memory (fashion-mnist, an IDX file, a folder that fits),"
          + " got " + data.name() + " (" + data.getClass().getSimpleName() + ")");
    }
    Path dir = runDir.resolve(DIR).toAbsolutePath().normalize();
    Path network = featureNetwork(wanted).toAbsolutePath().normalize();
    int n = images.size();
    String key = network + "|" + images.name() + "|" + n;
    Path featuresFile = dir.resolve(InstanceFeatures.FEATURES_FILE);
    Path keyFile = dir.resolve(KEY_FILE);
    ObjectMapper json = new ObjectMapper();
    int f = -1;
    double featureSeconds = 0;
    try {
      if (Files.exists(keyFile) && Files.exists(featuresFile)) {
        JsonNode stored = json.readTree(keyFile.toFile());
        if (key.equals(stored.path("key").asText()) && stored.path("n").asInt() == n) {
          f = stored.path("f").asInt();
        }
      }
      if (f < 0) {
        long t0 = System.nanoTime();
        float[] features = features(network, images);
        f = features.length / n;
        Npy.write(featuresFile, new long[] {n, f}, Neighbourhoods.normalise(features, n, f));
        featureSeconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("key", key);
        meta.put("feature_network", network.toString());
        meta.put("data", images.name());
        meta.put("n", n);
        meta.put("f", f);
        meta.put("features", "l2-normalised outputs 'features' of the feature network on every training image, in data order");
        byte[] bytes = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(meta);
        io.gan4j.sdk.io.AtomicFile.write(keyFile, tmp -> Files.write(tmp, bytes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare IC-GAN instances in " + dir + ": " + e.getMessage(), e);
    }
    int[] labels = images.labels().orElse(null);
    if (wanted.classes() > 0 && (labels == null || images.classes() > wanted.classes())) {
      throw new DataException("IC-GAN with " + wanted.classes() + " classes on top needs labels in [0, " + wanted.classes() + "); "
          + images.name() + (labels == null ? " has none" : " has " + images.classes() + " classes"));
    }
    if (labels != null) {
      try {
        Npy.write(dir.resolve(InstanceFeatures.LABELS_FILE), new long[] {n}, labels);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + dir.resolve(InstanceFeatures.LABELS_FILE) + ": " + e.getMessage(), e);
      }
    }
    int dim = f;
    boolean reused = featureSeconds == 0 && Neighbourhoods.isCached(dir, key, n, wanted.k());
    long t1 = System.nanoTime();
    Neighbourhoods.Result nn = Neighbourhoods.cached(dir, key, n, dim, wanted.k(),
        () -> Npy.readFloats(featuresFile, new long[] {n, dim}));
    double neighbourSeconds = (System.nanoTime() - t1) / 1e9;
    InstanceFeatures resolved = new InstanceFeatures(wanted.featureNetwork(), wanted.k(), dir.toString(), n, dim, wanted.classes());
    return new Prepared(resolved, new InstancePairs(images, nn, wanted.classes() > 0), featureSeconds, neighbourSeconds, reused);
  }

  /** Raw features {@code [N, F]} of every image of {@code images}, in chunks. */
  static float[] features(Path network, ImageDataset images) {
    int n = images.size();
    java.util.List<Integer> s = images.elementShape();
    try (FeatureModel model = FeatureModel.load(network)) {
      int f = model.featureDimension();
      float[] out = new float[n * f];
      for (int from = 0; from < n; from += CHUNK) {
        int m = Math.min(CHUNK, n - from);
        double[][] rows = model.apply(images.toFloats(from, m), m, s.get(0), s.get(1), s.get(2)).features();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < f; j++) {
            out[(from + i) * f + j] = (float) rows[i][j];
          }
        }
      }
      return out;
    }
  }
}
