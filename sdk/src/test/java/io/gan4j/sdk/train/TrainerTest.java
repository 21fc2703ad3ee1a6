package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.gan4j.sdk.gan.terms.MixingConfig;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.data.TrainingData;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

class TrainerTest {
  @TempDir Path dir;

  static TrainConfig tinyImageConfig(TrainingData data) {
    return Recipes.DCGAN.config("shapes", data.elementShape())
        .generator(Recipes.DCGAN.generator(data.elementShape()).newBuilder().widths(32, 16, 8, 8).build())
        .discriminator(Recipes.DCGAN.discriminator(data.elementShape()).newBuilder().stemWidth(8).widths(8, 16, 16).build())
        .batch(16).steps(20).logEvery(5).checkpointEvery(10).build();
  }

  @Test
  void runDirectoryHoldsSamplesCheckpointsEventsAndMetrics() throws IOException {
    TrainingData data = Shapes.generate(256, 1);
    Path run = dir.resolve("run");
    try (Trainer t = Trainer.open(run, tinyImageConfig(data), data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    var png = ImageIO.read(run.resolve("samples.png").toFile());
    assertThat(png.getWidth()).isEqualTo(8 * (32 * 2 + 2) + 2); // 8 columns of 64 px with 2 px gaps
    assertThat(run.resolve("checkpoints/step-00000020/variables.index")).exists();
    assertThat(run.resolve("checkpoints/step-00000010/variables.index")).exists();
    JsonNode metrics = Trainer.JSON.readTree(run.resolve("summary.json").toFile());
    assertThat(metrics.get("steps").asLong()).isEqualTo(20);
    assertThat(metrics.get("steps_per_second").asDouble()).isPositive();
    assertThat(metrics.get("d_loss").isNumber()).isTrue();
    assertThat(metrics.get("g_loss").isNumber()).isTrue();
    assertThat(Trainer.readConfig(run)).isEqualTo(tinyImageConfig(data));

    // TensorBoard: a TFRecord stream of Event protos with both loss tags at steps 5, 10, 15, 20.
    Set<String> seen = new HashSet<>();
    try (Stream<Path> files = Files.list(run.resolve("events"))) {
      for (Path f : files.toList()) {
        for (Event e : readEvents(f)) {
          for (Summary.Value v : e.getSummary().getValueList()) {
            seen.add(v.getTag() + "@" + e.getStep());
          }
        }
      }
    }
    assertThat(seen).contains("loss/d@5", "loss/g@5", "loss/d@20", "loss/g@20");
  }

  @Test
  void sampledRunRestoresTheSameGenerator() {
    TrainingData data = Shapes.generate(256, 1);
    Path run = dir.resolve("run");
    float[] inProcess;
    try (Trainer t = Trainer.open(run, tinyImageConfig(data), data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
      inProcess = t.sample(42, 5);
    }
    try (TrainedGenerator g = TrainedGenerator.open(run)) {
      assertThat(g.step()).isEqualTo(20);
      assertThat(g.sample(42, 5)).containsExactly(inProcess);
      assertThat(g.sample(43, 5)).isNotEqualTo(inProcess);
    }
  }

  @Test
  void divergenceStopsWithTheStepAndKeepsTheLastGoodCheckpoint() {
    GaussianMixture2d data = GaussianMixture2d.ring8();
    Path run = dir.resolve("nan");
    TrainConfig ok = Recipes.MLP.config("ring8", data.elementShape()).steps(10).checkpointEvery(10).build();
    try (Trainer t = Trainer.open(run, ok, data, Trainer.Start.FRESH)) {
      t.train(TrainingListener.NONE);
    }
    // An absurd learning rate sends the weights to infinity within a few steps.
    TrainConfig bad = ok.newBuilder().lrD(1e30f).lrG(1e30f).steps(100).build();
    try (Trainer t = Trainer.open(run, bad, data, Trainer.Start.RESUME)) {
      assertThatThrownBy(() -> t.train(TrainingListener.NONE))
          .isInstanceOf(TrainingDivergedException.class)
          .hasMessageStartingWith("training diverged at step ")
          .hasMessageContaining("the last good checkpoint, step-00000010, is kept in " + run.resolve("checkpoints"));
    }
    try (TrainedGenerator g = TrainedGenerator.open(run)) {
      assertThat(g.step()).isEqualTo(10);
      for (float v : g.sample(1, 100)) {
        assertThat(Float.isFinite(v)).isTrue();
      }
    }
  }

  @Test
  void aRefusedRunLeavesNoConfigJson() {
    Placement twoDevices = Placement.devices(List.of("/cpu:0", "/cpu:1"));
    GaussianMixture2d points = GaussianMixture2d.grid25();
    TrainConfig mlp = Recipes.MLP.config("grid25", points.elementShape()).steps(2).batch(6).build();
    Path unsplit = dir.resolve("unsplit");
    assertThatThrownBy(() -> Trainer.open(unsplit, mlp, points, Trainer.Start.FRESH, SessionOptions.DEFAULT, twoDevices))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--batch 6 does not split into 2 equal replica slices of whole packs of 2; use a multiple of 4");
    assertThat(unsplit.resolve(Trainer.CONFIG_FILE)).doesNotExist();

    TrainConfig translation = TranslationTrainingTest.tiny("cyclegan", 5).steps(1).build();
    Path replicated = dir.resolve("translation");
    assertThatThrownBy(() -> Trainer.open(replicated, translation, TranslationTrainingTest.rectangles(8, 1), Trainer.Start.FRESH,
        SessionOptions.DEFAULT, twoDevices))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("translation models (two generators and two discriminators) train on one device for now; --devices and"
            + " --cluster replicate the one-G-one-D step only");
    assertThat(replicated.resolve(Trainer.CONFIG_FILE)).doesNotExist();
  }

  private static java.util.List<Float> dLosses(Path run, TrainConfig c, TrainingData data) {
    java.util.List<Float> out = new java.util.ArrayList<>();
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      t.train(new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          out.add(dLoss);
        }
      });
    }
    return out;
  }

  @Test
  void sampleMixingStartsAfterItsWarmUpAndIsLogged() throws IOException {
    TrainingData data = Shapes.generate(256, 1);
    TrainConfig plain = tinyImageConfig(data).newBuilder().steps(6).logEvery(1).build();
    TrainConfig mixed = plain.newBuilder().mixing(new MixingConfig("srmix", 1f, 0.25f, 1f, 3)).build();
    java.util.List<Float> a = dLosses(dir.resolve("plain"), plain, data);
    java.util.List<Float> b = dLosses(dir.resolve("mixed"), mixed, data);
    // D steps 0-2 are before the warm-up ends: they run the step without the mixed pass, so D (no
    // batch norm) judges real and fake exactly as without mixing. From D step 3 on the mixed loss is added.
    assertThat(b.subList(0, 3)).containsExactlyElementsOf(a.subList(0, 3));
    assertThat(b.get(3)).isNotEqualTo(a.get(3));
    Set<String> tags = new HashSet<>();
    try (Stream<Path> files = Files.list(dir.resolve("mixed/events"))) {
      for (Path f : files.toList()) {
        for (Event e : readEvents(f)) {
          e.getSummary().getValueList().forEach(v -> tags.add(v.getTag() + "@" + e.getStep()));
        }
      }
    }
    // The mixed loss exists (and is logged) only on the steps that computed it: steps 4-6.
    assertThat(tags.stream().filter(t -> t.startsWith("loss/d_mixed@")))
        .containsExactlyInAnyOrder("loss/d_mixed@4", "loss/d_mixed@5", "loss/d_mixed@6");
    assertThat(tags).contains("loss/d@1", "loss/d@6");
    assertThatThrownBy(() -> new MixingConfig("blend", 1f, 0f, 1f, 0))
        .hasMessage("mixing must be one of [none, mixup, cutmix, srmix], got 'blend'");
  }

  @Test
  void theSampleGridGoesToTensorBoardEveryImageEverySteps() throws IOException {
    TrainingData data = Shapes.generate(256, 1);
    TrainConfig c = tinyImageConfig(data).newBuilder().steps(5).checkpointEvery(5).imageEvery(2).build();
    dLosses(dir.resolve("images"), c, data);
    java.util.Map<Long, Summary.Image> images = new java.util.TreeMap<>();
    try (Stream<Path> files = Files.list(dir.resolve("images/events"))) {
      for (Path f : files.toList()) {
        for (Event e : readEvents(f)) {
          e.getSummary().getValueList().stream().filter(v -> v.getTag().equals("samples/image"))
              .forEach(v -> images.put(e.getStep(), v.getImage()));
        }
      }
    }
    assertThat(images.keySet()).containsExactly(2L, 4L);
    // 64 RGB samples in 8 columns of 32×32 with the PNG grid's 2-pixel gaps: 8·34 + 2 = 274 square.
    Summary.Image last = images.get(4L);
    assertThat(last.getWidth()).isEqualTo(274);
    assertThat(last.getHeight()).isEqualTo(274);
    assertThat(last.getColorspace()).isEqualTo(3);
    assertThat(ImageIO.read(last.getEncodedImageString().newInput()).getWidth()).isEqualTo(274);
  }

  @Test
  void unetGanTrainsWithCutMixConsistencyAndItsDecoderMapsCanBeRead() {
    TrainingData data = Shapes.generate(256, 1);
    List<Integer> shape = data.elementShape();
    TrainConfig c = Recipes.UNETGAN.config("shapes", shape)
        .generator(Recipes.UNETGAN.generator(shape).newBuilder().widths(16, 16, 8, 8).build())
        .discriminator(Recipes.UNETGAN.discriminator(shape).newBuilder().widths(8, 8, 16).build())
        .mixing(new MixingConfig("cutmix", 1f, 0f, 1f, 0)).batch(8).steps(4).checkpointEvery(4).build();
    java.util.List<Float> losses = dLosses(dir.resolve("unet"), c, data);
    assertThat(losses).hasSize(4).allSatisfy(l -> assertThat(Float.isFinite(l)).isTrue());
    DecoderMaps.Result maps = DecoderMaps.of(dir.resolve("unet"), data, 3, 1);
    assertThat(maps.maps()).hasSize(3 * 3 * 32 * 32);
    for (float p : maps.maps()) {
      assertThat(p).isBetween(0f, 1f);
    }
    assertThat(maps.images()).hasSize(3 * 3 * 32 * 32 * 3);
  }

  /** Scores samples by their mean value, and remembers what it saw. */
  static class MeanScorer implements SampleScorer {
    final java.util.List<float[]> seen = new java.util.ArrayList<>();

    @Override
    public int sampleCount() {
      return 3;
    }

    @Override
    public java.util.Map<String, Double> score(float[] samples, int count) {
      seen.add(samples);
      double sum = 0;
      for (float v : samples) {
        sum += v;
      }
      return java.util.Map.of("mean", sum / samples.length);
    }
  }

  @Test
  void periodicEvaluationWritesMetricsJsonAndEventsAndContinuesOnResume() throws IOException {
    TrainingData data = Shapes.generate(256, 1);
    Path run = dir.resolve("eval");
    TrainConfig c = tinyImageConfig(data).newBuilder().steps(10).build();
    MeanScorer scorer = new MeanScorer();
    float[] atTen;
    List<float[]> losses = new ArrayList<>();
    TrainingListener record = new TrainingListener() {
      @Override
      public void onStep(long step, float dLoss, float gLoss) {
        losses.add(new float[] {dLoss, gLoss});
      }
    };
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH)) {
      t.train(record, new PeriodicEvaluation(4, scorer));
      atTen = t.sample(Trainer.EVAL_SEED, 3);
    }
    // Steps 4, 8 and the last step, 10; the scorer got the fixed-seed samples of the generator.
    assertThat(scorer.seen).hasSize(3);
    assertThat(scorer.seen.get(2)).containsExactly(atTen);
    JsonNode list = Trainer.JSON.readTree(run.resolve("metrics.json").toFile());
    assertThat(list.findValues("step").stream().map(JsonNode::asLong).toList()).containsExactly(4L, 8L, 10L);
    // Each entry's losses are the means over the G steps since the previous entry: steps 5-8, then 9-10.
    assertThat(list.get(1).get("d_loss").asDouble()).isCloseTo(meanOf(losses.subList(4, 8), 0), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(list.get(1).get("g_loss").asDouble()).isCloseTo(meanOf(losses.subList(4, 8), 1), org.assertj.core.data.Offset.offset(1e-6));
    assertThat(list.get(2).get("d_loss").asDouble()).isCloseTo(meanOf(losses.subList(8, 10), 0), org.assertj.core.data.Offset.offset(1e-6));
    try (Trainer t = Trainer.open(run, c.newBuilder().steps(14).build(), data, Trainer.Start.RESUME)) {
      t.train(TrainingListener.NONE, new PeriodicEvaluation(4, scorer));
    }
    list = Trainer.JSON.readTree(run.resolve("metrics.json").toFile());
    assertThat(list.findValues("step").stream().map(JsonNode::asLong).toList()).containsExactly(4L, 8L, 10L, 12L, 14L);
    double mean = 0;
    for (float v : atTen) {
      mean += v / atTen.length;
    }
    assertThat(list.get(2).get("mean").asDouble()).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-9));
    Set<String> seen = new HashSet<>();
    try (Stream<Path> files = Files.list(run.resolve("events"))) {
      for (Path f : files.toList()) {
        for (Event e : readEvents(f)) {
          for (Summary.Value v : e.getSummary().getValueList()) {
            seen.add(v.getTag() + "@" + e.getStep());
          }
        }
      }
    }
    assertThat(seen).contains("eval/mean@4", "eval/mean@10", "eval/mean@14");
  }

  /** A clock the test advances: 10 s per G step (from the listener), 1,000 s per evaluation (from the scorer). */
  static final class FakeClock {
    final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong(123);

    void advanceSeconds(long seconds) {
      nanos.addAndGet(seconds * 1_000_000_000L);
    }

    /** A listener under which every training step takes {@code seconds} on this clock. */
    TrainingListener stepsTaking(long seconds) {
      return new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          advanceSeconds(seconds);
        }
      };
    }
  }

  @Test
  void theTimeBudgetEndsNormallyAtTheStepWhereTheClockPassesIt() throws IOException {
    TrainingData data = Shapes.generate(256, 1);
    Path run = dir.resolve("budget");
    TrainConfig c = tinyImageConfig(data).newBuilder().steps(100).checkpointEvery(50).build();
    FakeClock clock = new FakeClock();
    TrainingListener tick = clock.stepsTaking(10);
    TrainingResult r;
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH).useClock(clock.nanos::get)) {
      // 0.45 min = 27 s: 20 s after step 2, 30 s after step 3.
      r = t.train(tick, PeriodicEvaluation.NONE, java.time.Duration.ofMillis(27_000));
      assertThat(t.step()).isEqualTo(3);
    }
    assertThat(r.budgetReached()).isTrue();
    assertThat(r.steps()).isEqualTo(3);
    assertThat(r.stepsThisRun()).isEqualTo(3);
    assertThat(r.trainingMinutes()).isEqualTo(0.5);
    assertThat(run.resolve("checkpoints/step-00000003")).exists();
    assertThat(run.resolve(Trainer.SAMPLES_PNG)).exists();
    JsonNode summary = Trainer.JSON.readTree(run.resolve(Trainer.SUMMARY_FILE).toFile());
    assertThat(summary.get("steps").asLong()).isEqualTo(3);
    assertThat(summary.get("time_budget_reached").asBoolean()).isTrue();
    assertThat(summary.get("training_minutes").asDouble()).isEqualTo(0.5);
    // The budget is per call: a resume trains another 27 s, to step 6.
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.RESUME).useClock(clock.nanos::get)) {
      r = t.train(tick, PeriodicEvaluation.NONE, java.time.Duration.ofMillis(27_000));
    }
    assertThat(r.steps()).isEqualTo(6);
    assertThat(r.stepsThisRun()).isEqualTo(3);
    // A budget the steps end first is not reached.
    try (Trainer t = Trainer.open(run, c.newBuilder().steps(8).build(), data, Trainer.Start.RESUME).useClock(clock.nanos::get)) {
      r = t.train(tick, PeriodicEvaluation.NONE, java.time.Duration.ofMinutes(10));
    }
    assertThat(r.steps()).isEqualTo(8);
    assertThat(r.budgetReached()).isFalse();
    assertThatThrownBy(() -> {
      try (Trainer t = Trainer.open(dir.resolve("zero"), c, data, Trainer.Start.FRESH)) {
        t.train(tick, PeriodicEvaluation.NONE, java.time.Duration.ZERO);
      }
    }).isInstanceOf(IllegalArgumentException.class).hasMessage("the time budget must be positive, got PT0S");
  }

  @Test
  void timedEvaluationFiresWhenTrainingTimePassesEachIntervalAndExcludesItsOwnTime() throws IOException {
    TrainingData data = Shapes.generate(256, 1);
    Path run = dir.resolve("timed-eval");
    TrainConfig c = tinyImageConfig(data).newBuilder().steps(100).checkpointEvery(50).build();
    FakeClock clock = new FakeClock();
    TrainingListener tick = clock.stepsTaking(10);
    MeanScorer slow = new MeanScorer() {
      @Override
      public java.util.Map<String, Double> score(float[] samples, int count) {
        clock.advanceSeconds(1000); // far beyond the budget: were it counted, training would end at the first evaluation
        return super.score(samples, count);
      }
    };
    TrainingResult r;
    try (Trainer t = Trainer.open(run, c, data, Trainer.Start.FRESH).useClock(clock.nanos::get)) {
      // Every 15 s of training, budget 60 s: training time 10, 20, ..., 60 s after steps 1-6. Due at 15 s
      // (step 2, 20 s), 30 s (step 3), 45 s (step 5, 50 s), and the end at the budget, step 6 (60 s).
      r = t.train(tick, PeriodicEvaluation.everyMinutes(0.25, slow), java.time.Duration.ofMinutes(1));
    }
    assertThat(r.steps()).isEqualTo(6);
    assertThat(r.trainingMinutes()).isEqualTo(1.0);
    JsonNode list = Trainer.JSON.readTree(run.resolve(Trainer.METRICS_FILE).toFile());
    assertThat(list.findValues("step").stream().map(JsonNode::asLong).toList()).containsExactly(2L, 3L, 5L, 6L);
    assertThat(list.findValues("minutes").stream().map(JsonNode::asDouble).toList())
        .containsExactly(0.3333, 0.5, 0.8333, 1.0);
    assertThat(slow.seen).hasSize(4);
    assertThat(list.get(0).fieldNames()).toIterable().startsWith("step", "minutes", "mean");
    // Step-based evaluation's entries carry the training minutes too.
    Path stepwise = dir.resolve("step-eval");
    try (Trainer t = Trainer.open(stepwise, c.newBuilder().steps(4).build(), data, Trainer.Start.FRESH).useClock(clock.nanos::get)) {
      t.train(tick, new PeriodicEvaluation(2, new MeanScorer()));
    }
    list = Trainer.JSON.readTree(stepwise.resolve(Trainer.METRICS_FILE).toFile());
    assertThat(list.findValues("minutes").stream().map(JsonNode::asDouble).toList()).containsExactly(0.3333, 0.6667);
    assertThatThrownBy(() -> PeriodicEvaluation.everyMinutes(0, slow)).isInstanceOf(IllegalArgumentException.class);
  }

  static java.util.List<Event> readEvents(Path file) throws IOException {
    java.util.List<Event> out = new java.util.ArrayList<>();
    try (InputStream in = Files.newInputStream(file); DataInputStream data = new DataInputStream(in)) {
      byte[] header = new byte[12];
      while (data.read(header, 0, 1) == 1) {
        data.readFully(header, 1, 11);
        long length = ByteBuffer.wrap(header, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] payload = new byte[(int) length];
        data.readFully(payload);
        data.readFully(new byte[4]);
        out.add(Event.parseFrom(payload));
      }
    }
    return out;
  }

  private static double meanOf(List<float[]> rows, int column) {
    return rows.stream().mapToDouble(r -> r[column]).average().orElseThrow();
  }
}
