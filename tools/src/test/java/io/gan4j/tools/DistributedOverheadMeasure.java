package io.gan4j.tools;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.train.Placement;
import io.gan4j.sdk.train.SessionOptions;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import io.gan4j.sdk.train.cluster.ClusterSpec;
import io.gan4j.sdk.train.cluster.TaskProbe;
import io.gan4j.sdk.train.cluster.TaskServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Not a check: the per-step time of the distributed step (chief = this JVM, task 0, plus one worker
 * JVM, task 1, on loopback) over the local step, same model and global batch, in one run, the two
 * timed alternately. Opt in: {@code -Dmeasure.cluster=true}. On a 2-core machine both tasks share the
 * cores, so the ratio is overhead (gRPC, graph partitioning, the extra transfers), not scaling.
 */
class DistributedOverheadMeasure {

  @TempDir Path dir;

  @Test
  void distributedOverLocalStepTime() throws Exception {
    assumeTrue(Boolean.getBoolean("measure.cluster"), "-Dmeasure.cluster=true runs this");
    ClusterSpec spec = ClusterSpec.parse("worker=localhost:" + DistributedTrainingTest.freePort() + ",localhost:"
        + DistributedTrainingTest.freePort());
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process worker = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"), Main.class.getName(),
        "worker", "--cluster", spec.toString(), "--task", "1").redirectErrorStream(true).redirectOutput(dir.resolve("w.log").toFile()).start();
    try (TaskServer chief = TaskServer.start(spec, ClusterSpec.WORKER, 0)) {
      TaskProbe.awaitAll(spec, Duration.ofSeconds(60));
      GaussianMixture2d points = GaussianMixture2d.grid25();
      measure("mlp, batch 256", Recipes.MLP.config("grid25", points.elementShape()).batch(256).steps(100_000).seed(1).build(),
          points, spec, 200);
      TrainingData shapes = Shapes.generate(512, 3);
      TrainConfig sngan = Recipes.SNGAN.config("shapes", shapes.elementShape()).batch(32).steps(100_000).seed(1).build();
      measure("sngan 32x32x3, batch 32", sngan, shapes, spec, 20);
    } finally {
      worker.destroyForcibly();
    }
  }

  private void measure(String name, TrainConfig c, TrainingData data, ClusterSpec spec, int steps) {
    SessionOptions options = SessionOptions.DEFAULT;
    try (Trainer local = Trainer.open(dir.resolve(name + "-local"), c, data, Trainer.Start.FRESH, options);
        Trainer cluster = Trainer.open(dir.resolve(name + "-cluster"), c, data, Trainer.Start.FRESH, options, Placement.cluster(spec))) {
      local.timeSteps(5); // warm-up: Grappler and the first kernels
      cluster.timeSteps(5);
      List<Double> l = new ArrayList<>();
      List<Double> d = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        l.add(local.timeSteps(steps) / steps);
        d.add(cluster.timeSteps(steps) / steps);
      }
      double ml = median(l);
      double md = median(d);
      System.out.printf("%s: local %.2f ms/step, distributed (2 tasks, %d per replica) %.2f ms/step, ratio %.2f (medians of 5 x %d steps)%n",
          name, 1e3 * ml, c.batch() / 2, 1e3 * md, md / ml, steps);
    }
  }

  private static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a[a.length / 2];
  }
}
