package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.InstancePairs;
import io.gan4j.sdk.data.Neighbourhoods;
import io.gan4j.sdk.data.Shapes;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.gan.InstanceFeatures;
import io.gan4j.sdk.metrics.Npy;
import io.gan4j.sdk.nets.IcGanDiscriminator;
import io.gan4j.sdk.nets.IcGanGenerator;
import io.gan4j.sdk.recipes.Recipes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** IC-GAN: instance-conditioned G and D, the neighbour pairs and the {@code icgan} recipe in the trainer. */
class IcGanTrainingTest {
  @TempDir Path dir;

  static final int N = 64;
  static final int F = 8;
  static final int K = 4;

  /** Random features [N, F] for the shapes set, ℓ2-normalised into dir/instances/features.npy. */
  static InstanceFeatures prepare(Path dir, float[] raw) throws Exception {
    Path d = dir.resolve("instances");
    Npy.write(d.resolve(InstanceFeatures.FEATURES_FILE), new long[] {N, F}, Neighbourhoods.normalise(raw, N, F));
    return new InstanceFeatures("test-features", K, d.toAbsolutePath().toString(), N, F);
  }

  static float[] randomFeatures() {
    Random r = new Random(3);
    float[] f = new float[N * F];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) r.nextGaussian();
    }
    return f;
  }

  static TrainConfig.Builder tinyIcgan(List<Integer> shape, InstanceFeatures inst) {
    return Recipes.ICGAN.config("shapes", shape)
        .generator(new IcGanGenerator(16, 8, List.of(16, 8, 8, 8), List.of(), shape, inst))
        .discriminator(new IcGanDiscriminator(
            Recipes.BIGGAN.discriminator(shape).newBuilder().classes(0).widths(8, 8, 16).attention(List.of()).build(), inst))
        .batch(8).seed(4);
  }

  @Test
  void theRecipeIsBigganWithInstanceConditioningAndUnpreparedNetworksSaySo() {
    TrainConfig c = Recipes.ICGAN.config("fashion-mnist", List.of(32, 32, 1)).build();
    TrainConfig biggan = Recipes.BIGGAN.config("fashion-mnist", List.of(32, 32, 1)).build();
    assertThat(c.model()).isEqualTo("icgan");
    assertThat(c.terms()).isEqualTo(biggan.terms());
    assertThat(List.of(c.loss(), c.lrG(), c.lrD(), c.nDis(), c.emaDecay()))
        .isEqualTo(List.of(biggan.loss(), biggan.lrG(), biggan.lrD(), biggan.nDis(), biggan.emaDecay()));
    IcGanGenerator g = (IcGanGenerator) c.generator();
    assertThat(g.instances()).isEqualTo(InstanceFeatures.unresolved("default", 50));
    assertThat(g.classes()).isZero();
    try (Graph graph = new Graph()) {
      Ops tf = Ops.create(graph);
      assertThatThrownBy(() -> g.generate(NetScope.root(new VariableStore(tf, 1), ForwardPass.of(Mode.TRAIN), "G"),
          tf.zeros(tf.constant(new int[] {2, g.zDim()}), TFloat32.class), tf.constant(new int[] {0, 1})))
          .hasMessageContaining("not prepared");
    }
  }

  @Test
  void gOfZAndHAndDOfXAndHHaveTheirShapesAndTheIndexPathEqualsTheFeaturePath() throws Exception {
    ImageDataset data = Shapes.generate(N, 3);
    List<Integer> shape = data.elementShape();
    float[] raw = randomFeatures();
    InstanceFeatures inst = prepare(dir, raw);
    TrainConfig c = tinyIcgan(shape, inst).build();
    IcGanGenerator g = (IcGanGenerator) c.generator();
    IcGanDiscriminator d = (IcGanDiscriminator) c.discriminator();
    float[] unit = Neighbourhoods.normalise(raw, N, F);
    int[] idx = {5, 0, 63};
    float[] h = new float[idx.length * F];
    for (int i = 0; i < idx.length; i++) {
      System.arraycopy(unit, idx[i] * F, h, i * F, F);
    }
    try (Graph graph = new Graph(); Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      VariableStore store = new VariableStore(tf, 1);
      Operand<TFloat32> z = tf.random.statelessRandomNormal(tf.constant(new int[] {3, g.zDim()}), tf.constant(new long[] {1, 2}));
      Operand<TFloat32> feats = tf.constant(Shape.of(3, F), DataBuffers.of(h, true, false));
      Operand<TFloat32> byFeatures = g.generateFromFeatures(NetScope.root(store, ForwardPass.of(Mode.INFER), "G"), z, feats).images();
      Operand<TFloat32> byIndex = g.generate(NetScope.root(store, ForwardPass.of(Mode.INFER), "G"), z, tf.constant(idx)).images();
      Heads dByFeatures = d.judgeWithFeatures(NetScope.root(store, ForwardPass.of(Mode.INFER), "D"), byFeatures, feats);
      Heads dByIndex = d.judge(NetScope.root(store, ForwardPass.of(Mode.INFER), "D"), byFeatures, tf.constant(idx));
      Heads unconditional = d.judge(NetScope.root(store, ForwardPass.of(Mode.INFER), "D"), byFeatures, null);
      assertThat(store.entries("G_shared_feat", VariableStore.Role.TRAINABLE)).isNotEmpty();
      assertThat(store.entries("D_linear_feat", VariableStore.Role.TRAINABLE)).isNotEmpty();
      s.initialize();
      try (Result r = s.runner().fetch(byFeatures).fetch(byIndex).fetch(dByFeatures.logits()).fetch(dByIndex.logits())
          .fetch(unconditional.logits()).run()) {
        assertThat(r.get(0).shape()).isEqualTo(Shape.of(3, 32, 32, 3));
        assertThat(r.get(2).shape()).isEqualTo(Shape.of(3));
        float[] a = values(r, 0, 3 * 32 * 32 * 3);
        float[] b = values(r, 1, 3 * 32 * 32 * 3);
        assertThat(b).containsExactly(a, org.assertj.core.data.Offset.offset(1e-6f));
        assertThat(values(r, 3, 3)).containsExactly(values(r, 2, 3), org.assertj.core.data.Offset.offset(1e-5f));
        assertThat(values(r, 4, 3)).isNotEqualTo(values(r, 2, 3)); // the projection adds something
      }
    }
  }

  @Test
  void aPairIsTheInstanceIndexWithTheImageOfOneOfItsNeighbours() {
    ImageDataset data = Shapes.generate(N, 3);
    Neighbourhoods.Result nn = Neighbourhoods.compute(randomFeatures(), N, F, K);
    InstancePairs pairs = new InstancePairs(data, nn);
    assertThat(pairs.classes()).isEqualTo(N);
    int per = 32 * 32 * 3;
    try (Graph graph = new Graph(); Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      var counter = tf.placeholder(TInt64.class);
      ImageDataset.LabeledBatch b = pairs.labeledBatch(tf, counter, 16, 7);
      List<Integer> picked = new ArrayList<>();
      for (long step : new long[] {0, 1, 5}) {
        try (TInt64 c = TInt64.scalarOf(step); Result r = s.runner().feed(counter, c).fetch(b.images()).fetch(b.labels()).run()) {
          float[] images = values(r, 0, 16 * per);
          int[] inst = new int[16];
          ((TInt32) r.get(1)).copyTo(DataBuffers.of(inst, false, false));
          for (int i = 0; i < 16; i++) {
            int match = -1;
            for (int j = 0; j < K; j++) {
              float[] expected = data.toFloats(nn.get(inst[i], j), 1);
              double diff = 0;
              for (int p = 0; p < per; p++) {
                diff = Math.max(diff, Math.abs(expected[p] - images[i * per + p]));
              }
              if (diff < 1e-5) { // the graph may divide by 127.5 as a multiplication by its reciprocal
                match = j;
              }
            }
            assertThat(match).as("step %s: image %s is a neighbour of instance %s", step, i, inst[i]).isGreaterThanOrEqualTo(0);
            picked.add(match);
          }
        }
      }
      // the neighbour draw is uniform over the k, not always the nearest
      assertThat(picked.stream().distinct().count()).isEqualTo(K);
    }
  }

  @Test
  void aTinyIcganTrainsWithoutNanItsConfigRoundTripsAndAResumeIsExact() throws Exception {
    ImageDataset data = Shapes.generate(N, 3);
    InstanceFeatures inst = prepare(dir, randomFeatures());
    InstancePairs pairs = new InstancePairs(data, Neighbourhoods.compute(randomFeatures(), N, F, K));
    TrainConfig c = tinyIcgan(data.elementShape(), inst).steps(6).checkpointEvery(3).build();
    Path resumed = dir.resolve("resumed");
    List<float[]> losses = new ArrayList<>();
    // Without Grappler's rewrites: the runs repeat bit for bit (two straight runs with them differ in the
    // last bits: tiny biggan, 6 steps, up to 4.3e-5) and the sessions start in a third of the time.
    SessionOptions exact = SessionOptions.DEFAULT.withGraphRewrites(false);
    try (Trainer t = Trainer.open(resumed, c, pairs, Trainer.Start.FRESH, exact)) {
      assertThatThrownBy(() -> t.train(new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          losses.add(new float[] {dLoss, gLoss});
        }

        @Override
        public void onCheckpoint(long step, Path directory) {
          if (step == 3) {
            throw new IllegalStateException("simulated crash");
          }
        }
      })).hasMessage("simulated crash");
    }
    assertThat(Trainer.readConfig(resumed)).isEqualTo(c);
    Map<String, float[]> straight;
    try (Trainer t = Trainer.open(dir.resolve("straight"), c, pairs, Trainer.Start.FRESH, exact)) {
      t.train(new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          losses.add(new float[] {dLoss, gLoss});
        }
      });
      straight = t.variables();
    }
    assertThat(losses).hasSize(9).allSatisfy(l -> assertThat(Float.isFinite(l[0]) && Float.isFinite(l[1])).isTrue());
    straight.forEach((k, v) -> {
      for (float w : v) {
        assertThat(Float.isFinite(w)).as(k).isTrue();
      }
    });
    try (Trainer t = Trainer.open(resumed, Trainer.readConfig(resumed), pairs, Trainer.Start.RESUME, exact)) {
      assertThat(t.step()).isEqualTo(3);
      t.train(TrainingListener.NONE);
      Map<String, float[]> after = t.variables();
      assertThat(after.keySet()).isEqualTo(straight.keySet());
      double maxDiff = 0;
      for (String k : straight.keySet()) {
        for (int i = 0; i < straight.get(k).length; i++) {
          maxDiff = Math.max(maxDiff, Math.abs(straight.get(k)[i] - after.get(k)[i]));
        }
      }
      // The pairs and conditions are a function of (seed, counter) (aPairIs... above): the resume lands
      // on the same run exactly.
      assertThat(maxDiff).isZero();
    }
  }

  @Test
  void withClassesOnTopTheConditionNamesInstanceAndNeighbourAndGAndDSeeTheNeighboursClass() throws Exception {
    ImageDataset data = Shapes.generate(N, 3);
    int[] labels = data.labels().orElseThrow();
    float[] raw = randomFeatures();
    Neighbourhoods.Result nn = Neighbourhoods.compute(raw, N, F, K);
    InstanceFeatures inst = prepare(dir, raw).withClasses(3);
    Npy.write(dir.resolve("instances").resolve(Neighbourhoods.FILE), new long[] {N, K}, nn.indices());
    Npy.write(dir.resolve("instances").resolve(InstanceFeatures.LABELS_FILE), new long[] {N}, labels);
    InstancePairs pairs = new InstancePairs(data, nn, true);
    assertThat(pairs.classes()).isEqualTo(N * K);
    TrainConfig c = tinyIcgan(data.elementShape(), inst).steps(3).build();
    assertThat(c.generator().classes()).isEqualTo(N * K);
    int per = 32 * 32 * 3;
    try (Graph graph = new Graph(); Session s = new Session(graph)) {
      Ops tf = Ops.create(graph);
      ImageDataset.LabeledBatch b = pairs.labeledBatch(tf, tf.constant(2L), 16, 7);
      Operand<TInt32> classes = inst.classOf(tf, b.labels());
      try (Result r = s.runner().fetch(b.images()).fetch(b.labels()).fetch(classes).run()) {
        float[] images = values(r, 0, 16 * per);
        int[] cond = new int[16];
        int[] y = new int[16];
        ((TInt32) r.get(1)).copyTo(DataBuffers.of(cond, false, false));
        ((TInt32) r.get(2)).copyTo(DataBuffers.of(y, false, false));
        for (int i = 0; i < 16; i++) {
          int neighbour = nn.get(cond[i] / K, cond[i] % K);
          float[] expected = data.toFloats(neighbour, 1);
          double diff = 0;
          for (int p = 0; p < per; p++) {
            diff = Math.max(diff, Math.abs(expected[p] - images[i * per + p]));
          }
          assertThat(diff).as("image %s is neighbour %s of instance %s", i, cond[i] % K, cond[i] / K).isLessThan(1e-5);
          assertThat(y[i]).as("class of the neighbour").isEqualTo(labels[neighbour]);
        }
      }
    }
    List<float[]> losses = new ArrayList<>();
    Path run = dir.resolve("cc");
    try (Trainer t = Trainer.open(run, c, pairs, Trainer.Start.FRESH)) {
      t.train(new TrainingListener() {
        @Override
        public void onStep(long step, float dLoss, float gLoss) {
          losses.add(new float[] {dLoss, gLoss});
        }
      });
      assertThat(t.variables()).containsKeys("G_shared_embed_w", "D_embed_w");
    }
    assertThat(losses).hasSize(3).allSatisfy(l -> assertThat(Float.isFinite(l[0]) && Float.isFinite(l[1])).isTrue());
    assertThat(Trainer.readConfig(run)).isEqualTo(c);
    assertThat(((IcGanGenerator) Trainer.readConfig(run).generator()).instances().classes()).isEqualTo(3);
  }

  @Test
  void theIcganStepHasNoReadWriteRaces() throws Exception {
    ImageDataset data = Shapes.generate(N, 3);
    InstanceFeatures inst = prepare(dir, randomFeatures());
    InstancePairs pairs = new InstancePairs(data, Neighbourhoods.compute(randomFeatures(), N, F, K));
    assertThat(StepRacesTest.races(tinyIcgan(data.elementShape(), inst).build(), pairs)).isEmpty();
  }

  private static float[] values(Result r, int i, int size) {
    float[] out = new float[size];
    ((TFloat32) r.get(i)).copyTo(DataBuffers.of(out, false, false));
    return out;
  }
}
