package io.gan4j.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.savedmodels.InstanceSetup;
import io.gan4j.sdk.data.DataSources;
import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.Neighbourhoods;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.FeatureConditioned;
import io.gan4j.sdk.gan.InstanceFeatures;
import io.gan4j.sdk.image.ImageGrid;
import io.gan4j.sdk.metrics.NeighbourhoodDistances;
import io.gan4j.sdk.metrics.Npy;
import io.gan4j.sdk.train.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j instances}: does an IC-GAN run's generator stay near the instance it is given? For
 * {@code --instances} images of the training set (or of the unseen Fashion-MNIST test set), draws
 * {@code --n} samples each through the exported model (whose feature network computes the instance's
 * features) and measures, in the run's feature space, the samples' mean distance to the instance's k
 * real training neighbours against random training images and another instance's neighbourhood
 * ({@link NeighbourhoodDistances}); writes the table as JSON and optionally a picture (instance | its
 * nearest real neighbours | samples).
 *
 * <p>Usage: {@code gan4j instances --run runs/icgan --split test --instances 100 --n 16 --picture icgan-test.png}
 */
@Command(name = "instances", mixinStandardHelpOptions = true,
    description = "IC-GAN: distances of samples around given instances to their real neighbourhoods vs random images.")
final class InstancesCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, description = "an icgan run directory")
  Path run;

  @Option(names = "--split", defaultValue = "train",
      description = "instances from the training set or from the unseen Fashion-MNIST test set: train | test (default: ${DEFAULT-VALUE})")
  String split;

  @Option(names = "--instances", defaultValue = "100", description = "instances, a seeded choice (default: ${DEFAULT-VALUE})")
  int instances;

  @Option(names = "--n", defaultValue = "16", description = "samples per instance (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the instance choice, z and the random images (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--json", description = "table file (default: RUN/instances-SPLIT.json)")
  Path json;

  @Option(names = "--picture", description = "PNG: per row an instance, its nearest real neighbours and samples")
  Path picture;

  @Option(names = "--rows", defaultValue = "8", description = "instances drawn in --picture (default: ${DEFAULT-VALUE})")
  int rows;

  /** Neighbours and samples shown per picture row. */
  private static final int SHOWN = 7;

  @Override
  public Integer call() throws IOException {
    if (!split.equals("train") && !split.equals("test")) {
      throw new IllegalArgumentException("--split must be train or test, got '" + split + "'");
    }
    if (instances < 2 || instances > 10_000 || n < 1 || n > 1_000) {
      throw new IllegalArgumentException("--instances must be in [2, 10000] and --n in [1, 1000], got " + instances + " and " + n);
    }
    if (rows < 1 || rows > instances) {
      throw new IllegalArgumentException("--rows must be in [1, --instances], got " + rows);
    }
    TrainConfig config = GeneratorRun.require(run, "instances");
    if (!(config.generator() instanceof FeatureConditioned fc)) {
      throw new IllegalArgumentException("gan4j instances needs an instance-conditioned (icgan) run; " + run + " is " + config.model());
    }
    InstanceFeatures spec = fc.instances();
    TrainingData data = DataSources.resolve(config.data());
    if (!(data instanceof ImageDataset train)) {
      throw new IllegalArgumentException(run + " was trained on " + config.data() + ", which is not an in-memory image set");
    }
    ImageDataset from = split.equals("train") ? train : testSet(config);
    int total = train.size();
    int f = spec.dimension();
    float[] trainFeatures = Npy.readFloats(Path.of(spec.directory()).resolve(InstanceFeatures.FEATURES_FILE), new long[] {total, f});
    List<Integer> s = config.generator().outputShape();
    int img = s.get(0) * s.get(1) * s.get(2);

    SplittableRandom random = new SplittableRandom(seed);
    int[] chosen = random.ints(0, from.size()).distinct().limit(instances).toArray();
    long t0 = System.nanoTime();
    float[] samples = new float[instances * n * img];
    float[][] instanceFeatures = new float[instances][];
    try (TemporaryExport e = TemporaryExport.of(run)) {
      System.out.printf("gan4j: %s at step %d, %d %s instances × %d samples, k = %d of %d training images%n",
          run, e.step(), instances, split, n, spec.k(), total);
      int[] labels = from.labels().orElse(null);
      for (int i = 0; i < instances; i++) {
        int label = spec.classes() > 0 ? labels[chosen[i]] : -1;
        GeneratorModel.InstanceSamples out = e.model().generateForInstances(from.toFloats(chosen[i], 1), 1, seed + i, n, 0, label);
        System.arraycopy(out.images(), 0, samples, i * n * img, n * img);
        instanceFeatures[i] = out.features()[0];
      }
    }
    double generateSeconds = (System.nanoTime() - t0) / 1e9;

    long t1 = System.nanoTime();
    float[][] sampleFeatures = new float[instances * n][];
    try (FeatureModel features = FeatureModel.load(InstanceSetup.featureNetwork(spec))) {
      int chunk = 1000;
      for (int a = 0; a < instances * n; a += chunk) {
        int m = Math.min(chunk, instances * n - a);
        float[] part = new float[m * img];
        System.arraycopy(samples, a * img, part, 0, m * img);
        double[][] rows = features.apply(part, m, s.get(0), s.get(1), s.get(2)).features();
        for (int r = 0; r < m; r++) {
          sampleFeatures[a + r] = normalised(rows[r]);
        }
      }
    }
    List<NeighbourhoodDistances> table = new ArrayList<>();
    int[][] neighbourhoods = new int[instances][];
    for (int i = 0; i < instances; i++) {
      neighbourhoods[i] = NeighbourhoodDistances.nearest(instanceFeatures[i], trainFeatures, total, spec.k(),
          split.equals("train") ? chosen[i] : -1);
    }
    for (int i = 0; i < instances; i++) {
      float[][] mine = java.util.Arrays.copyOfRange(sampleFeatures, i * n, (i + 1) * n);
      int other = (i + 1 + random.nextInt(instances - 1)) % instances;
      int[] randomRows = random.ints(0, total).limit(spec.k()).toArray();
      java.util.Set<Integer> own = new java.util.HashSet<>();
      for (int r : neighbourhoods[i]) {
        own.add(r);
      }
      int hits = 0;
      for (float[] x : mine) {
        hits += own.contains(NeighbourhoodDistances.nearest(x, trainFeatures, total, 1, -1)[0]) ? 1 : 0;
      }
      table.add(NeighbourhoodDistances.of(mine, rowsOf(trainFeatures, f, neighbourhoods[i]), rowsOf(trainFeatures, f, randomRows),
          rowsOf(trainFeatures, f, neighbourhoods[other]), hits));
    }
    double measureSeconds = (System.nanoTime() - t1) / 1e9;

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", run.toString());
    out.put("split", split);
    out.put("instances", instances);
    out.put("samples_per_instance", n);
    out.put("k", spec.k());
    out.put("feature_network", InstanceSetup.featureNetwork(spec).toString());
    out.put("seed", seed);
    out.put("to_own_neighbourhood", stat(table, NeighbourhoodDistances::toOwn));
    out.put("to_random_images", stat(table, NeighbourhoodDistances::toRandom));
    out.put("to_other_neighbourhood", stat(table, NeighbourhoodDistances::toOther));
    out.put("own_neighbourhood_spread", stat(table, NeighbourhoodDistances::ownSpread));
    out.put("own_closer_than_random", table.stream().filter(d -> d.toOwn() < d.toRandom()).count() / (double) instances);
    out.put("own_closer_than_other", table.stream().filter(d -> d.toOwn() < d.toOther()).count() / (double) instances);
    out.put("nearest_real_in_neighbourhood", stat(table, NeighbourhoodDistances::neighbourHitRate));
    out.put("nearest_real_in_neighbourhood_by_chance", spec.k() / (double) total);
    out.put("distance", "Euclidean between l2-normalised features (sqrt(2 - 2 cos)); mean over sample x image pairs, then mean ± std over instances");
    Path file = json != null ? json : run.resolve("instances-" + split + ".json");
    if (file.toAbsolutePath().getParent() != null) {
      Files.createDirectories(file.toAbsolutePath().getParent());
    }
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), out);

    System.out.printf("%-34s %8s %8s%n", "mean feature distance of samples", "mean", "std");
    for (String key : List.of("to_own_neighbourhood", "to_random_images", "to_other_neighbourhood", "own_neighbourhood_spread",
        "nearest_real_in_neighbourhood")) {
      @SuppressWarnings("unchecked")
      Map<String, Double> m = (Map<String, Double>) out.get(key);
      System.out.printf("%-34s %8.4f %8.4f%n", key, m.get("mean"), m.get("std"));
    }
    System.out.printf("own closer than random: %.1f %% of instances, than another's neighbourhood: %.1f %%; nearest real image in"
        + " the neighbourhood by chance: %.3f %%%n", 100 * (double) out.get("own_closer_than_random"),
        100 * (double) out.get("own_closer_than_other"), 100.0 * spec.k() / total);
    System.out.printf("time: generation %.1f s, features and distances %.1f s; wrote %s%n", generateSeconds, measureSeconds, file);

    if (picture != null) {
      int neighbours = Math.min(SHOWN, spec.k());
      int shownSamples = Math.min(SHOWN, n);
      int columns = 1 + 1 + neighbours + 1 + shownSamples;
      float[] tiles = new float[rows * columns * img];
      for (int r = 0; r < rows; r++) {
        int base = r * columns;
        System.arraycopy(from.toFloats(chosen[r], 1), 0, tiles, base * img, img);
        for (int j = 0; j < neighbours; j++) {
          System.arraycopy(train.toFloats(neighbourhoods[r][j], 1), 0, tiles, (base + 2 + j) * img, img);
        }
        System.arraycopy(samples, r * n * img, tiles, (base + 3 + neighbours) * img, shownSamples * img);
      }
      // The separator columns stay 0: mid-grey between instance, neighbours and samples.
      if (picture.toAbsolutePath().getParent() != null) {
        Files.createDirectories(picture.toAbsolutePath().getParent());
      }
      ImageGrid.writePng(tiles, rows * columns, s.get(0), s.get(1), s.get(2), columns, 2, picture);
      System.out.printf("gan4j: wrote %s: per row a %s instance | its %d nearest training images | %d samples%n",
          picture, split, neighbours, shownSamples);
    }
    return 0;
  }

  private static ImageDataset testSet(TrainConfig config) {
    if (!config.data().equals("fashion-mnist")) {
      throw new IllegalArgumentException("--split test uses the Fashion-MNIST test set; this run was trained on " + config.data());
    }
    return FashionMnist.loadTest(FashionMnist.DEFAULT_DIR);
  }

  private static float[] normalised(double[] row) {
    float[] f = new float[row.length];
    for (int j = 0; j < row.length; j++) {
      f[j] = (float) row[j];
    }
    return Neighbourhoods.normalise(f, 1, row.length);
  }

  private static float[][] rowsOf(float[] table, int f, int[] rows) {
    float[][] out = new float[rows.length][f];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(table, rows[i] * f, out[i], 0, f);
    }
    return out;
  }

  private static Map<String, Double> stat(List<NeighbourhoodDistances> table, ToDoubleFunction<NeighbourhoodDistances> value) {
    double[] v = table.stream().mapToDouble(value).toArray();
    double mean = java.util.Arrays.stream(v).average().orElse(Double.NaN);
    double ss = 0;
    for (double x : v) {
      ss += (x - mean) * (x - mean);
    }
    Map<String, Double> out = new LinkedHashMap<>();
    out.put("mean", mean);
    out.put("std", v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0.0);
    return out;
  }
}
