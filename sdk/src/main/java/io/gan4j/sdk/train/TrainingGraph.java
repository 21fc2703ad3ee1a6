package io.gan4j.sdk.train;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.loss.GanLoss;
import io.gan4j.ops.optim.ClippedOptimizer;
import io.gan4j.ops.optim.Optimizer;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.DiscriminatorPass;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.GeneratorPass;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.gan.LatentStep;
import io.gan4j.sdk.gan.Sampler;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.TermLoss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph of any {@link TrainConfig}: TF-GAN's model → loss → train ops, with no
 * knowledge of GAN families. The {@link GanModel} holds the real batch and G's batches; D judges
 * real, generated and every term's extra inputs in one pass; D's loss is the adversarial pair plus
 * each term's D part, G's loss the adversarial G loss plus each term's G part. A full step is one
 * {@code Session.run} of a {@link Variant}'s {@code gStep}: the D update, then the G update whose D
 * pass reads D's weights after the D update ran. With n_dis > 1 the extra D updates run
 * {@code dStep} alone. z, labels and the data order are functions of (seed, counter) only.
 *
 * <p>Terms that apply on some D steps only ({@link Term.Bound#active()}) get a variant with and one
 * without them (2^k for k such terms); the trainer fetches {@link #variantIndex} for the coming D
 * step and runs the matching variant, so a D step never computes a term it does not use.
 */
final class TrainingGraph implements StepGraph {

  final Ops tf;
  final VariableStore store;
  final Variable<TInt64> step;
  final Variable<TInt64> dSteps;
  /** Variant i holds the gated terms whose bit is set in i. */
  final List<Variant> variants;
  /** Index of the variant for the coming D step; null when there is one variant. */
  final Operand<TInt32> variantIndex;
  final Operand<TBool> weightsFinite;
  final Placeholder<TInt64> sampleSeed;
  final Placeholder<TInt32> sampleCount;
  final Operand<TFloat32> samples;
  /** Class of conditional samples; −1 (the default) spreads them over the classes in equal blocks. */
  final Operand<TInt32> sampleLabel;
  final Operand<TInt64> stepValue;

  // --- reachable for tests only (the step-parity harness fetches them in the run that uses them);
  // nothing in the trainer reads these.
  /** z of G's batch for the D update (stream 1 at the D-step counter), after any latent step. */
  final Operand<TFloat32> zForD;
  /** z of G's batch for the G update (stream 2 at the G-step counter), after any latent step. */
  final Operand<TFloat32> zForG;
  /** Per variant (same index as {@link #variants}): the gradient D's optimiser applies, by variable name. */
  final List<Map<String, Operand<TFloat32>>> dGradients = new ArrayList<>();
  /** Per variant: the gradient G's optimiser applies, by variable name. */
  final List<Map<String, Operand<TFloat32>>> gGradients = new ArrayList<>();

  private final TrainConfig config;
  private final Operand<TFloat32> lrScale;
  private final GanModel model;
  private final ForwardPass gPass;
  /** The ops that yield both batches' moved latents, when the config has a latent step (else empty). */
  private final List<Op> latentsDone;
  private final Player generator;
  private final Player discriminator;

  TrainingGraph(Graph graph, TrainConfig config, TrainingData data) {
    if (config.generator() == null) {
      throw new IllegalArgumentException("TrainingGraph trains one generator and one discriminator; this config has none");
    }
    this.config = config;
    tf = Ops.create(graph);
    store = new VariableStore(tf, config.seed());
    GeneratorNetwork gNet = config.generator();
    int batch = config.batch();
    long seed = config.seed();

    step = tf.withName("train_step").variable(tf.constant(0L));
    dSteps = tf.withName("train_d_steps").variable(tf.constant(0L));
    // Snapshots, not identities: a read of a ref variable aliases its buffer, and the increment
    // at the end of the step must not change a value an event write is still about to log.
    stepValue = tf.snapshot(step);

    lrScale = LearningRateSchedule.scale(tf, config.lrDecay(), stepValue, config.steps());

    // --- the game: the real batch, G's batch for D (z from the D-step counter) and G's batch for its update
    Operand<TInt64> dCounter = tf.snapshot(dSteps);
    boolean conditional = gNet.conditional();
    Operand<TFloat32> real;
    Operand<TInt32> realLabels = null;
    if (conditional) {
      ImageDataset.LabeledBatch lb = data.labeledBatch(tf, dCounter, batch, seed);
      real = lb.images();
      realLabels = lb.labels();
    } else {
      real = data.batch(tf, dCounter, batch, seed);
    }
    Operand<TInt32> labelsForD = conditional ? labels(3, dCounter) : null;
    // G's pass for D's batch is run for its images only: its batch-norm statistics are not kept
    // (G's own update pass keeps them), so the moving averages advance once per step.
    Operand<TInt32> labelsForG = conditional ? labels(4, stepValue) : null;
    // The latent step (if any) sees the game without G's batches: they are what it changes.
    GanModel before = new GanModel(tf, store, seed, batch, gNet, config.discriminator(), GanLoss.named(config.loss()),
        stepValue, dCounter, real, realLabels, null, labelsForD, null, labelsForG);
    zForD = latents(before, 1, dCounter, labelsForD);
    org.tensorflow.op.core.StopGradient<TFloat32> generatedForD = tf.stopGradient(gNet.generate(gScope(ForwardPass.of(Mode.TRAIN)),
        zForD, labelsForD).images());
    // G's update pass writes its spectral-norm u in place; the pass above reads the same u in the same
    // run (a G step runs D's update too), so the write waits for that pass's images (StepRacesTest).
    zForG = latents(before, 2, stepValue, labelsForG);
    // A latent step's passes read G's and D's weights and state as they were before this run; every
    // in-place write of the run (both update passes' state, D's optimiser) waits for them. D's writes
    // then wait for G's batch's latents even in D-only runs: that costs the latent step for G's batch
    // on every D step, but keeps one graph per variant (StepRacesTest, LoganTrainingTest).
    latentsDone = config.latentStep() == null ? List.of() : List.of(tf.identity(zForD), tf.identity(zForG));
    List<Op> gWritesAfter = new ArrayList<>(List.of(generatedForD));
    gWritesAfter.addAll(latentsDone);
    gPass = ForwardPass.writingAfter(Mode.TRAIN, gWritesAfter);
    Operand<TFloat32> generated = gNet.generate(gScope(gPass), zForG, labelsForG).images();
    model = new GanModel(tf, store, seed, batch, gNet, config.discriminator(), before.loss(), stepValue, dCounter,
        real, realLabels, generatedForD, labelsForD, generated, labelsForG);

    Optimizer dOpt = config.optimizer().create(config.lrD(), config.beta1(), config.beta2());
    discriminator = Player.of(GanModel.D, config.clipD() > 0 ? new ClippedOptimizer(dOpt, config.clipD()) : dOpt);
    generator = new Player(GanModel.G, config.optimizer().create(config.lrG(), config.beta1(), config.beta2()),
        config.emaDecay(), config.emaStart());

    // --- the objective's terms; those active on some D steps only choose among 2^k variants
    List<Term.Bound> bound = config.terms().stream().map(t -> t.bind(model)).toList();
    List<Term.Bound> gated = new ArrayList<>();
    List<Operand<TBool>> gates = new ArrayList<>();
    for (Term.Bound b : bound) {
      Operand<TBool> on = b.active();
      if (on != null) {
        gated.add(b);
        gates.add(on);
      }
    }
    List<Variant> vs = new ArrayList<>();
    for (int bits = 0; bits < 1 << gated.size(); bits++) {
      List<Term.Bound> used = new ArrayList<>();
      for (Term.Bound b : bound) {
        int g = gated.indexOf(b);
        if (g < 0 || (bits & (1 << g)) != 0) {
          used.add(b);
        }
      }
      vs.add(variant(used));
    }
    variants = List.copyOf(vs);
    Operand<TInt32> index = null;
    for (int g = 0; g < gates.size(); g++) {
      Operand<TInt32> bit = tf.select(gates.get(g), tf.constant(1 << g), tf.constant(0));
      index = index == null ? bit : tf.math.add(index, bit);
    }
    variantIndex = index;

    // --- health check over every trained and carried variable
    List<Operand<TBool>> finite = new ArrayList<>();
    for (VariableStore.Entry e : store.entries()) {
      finite.add(tf.reduceAll(tf.math.isFinite(tf.reshape(tf.identity(e.variable()), tf.constant(new int[] {-1}))), tf.constant(0)));
    }
    weightsFinite = tf.reduceAll(tf.stack(finite), tf.constant(0));

    // --- inference samples: z(sampleSeed) through G in INFER mode
    sampleSeed = tf.placeholder(TInt64.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    sampleCount = tf.placeholder(TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    sampleLabel = tf.placeholderWithDefault(tf.constant(-1), org.tensorflow.ndarray.Shape.scalar());
    samples = Sampler.sample(tf, store, gNet, config.emaDecay() > 0, sampleSeed, sampleCount, sampleLabel, null).images();
  }

  /** The game this graph trains (real batch, G's batches, labels); for tests. */
  GanModel model() {
    return model;
  }

  @Override
  public Ops tf() {
    return tf;
  }

  @Override
  public VariableStore store() {
    return store;
  }

  @Override
  public Operand<TInt64> stepValue() {
    return stepValue;
  }

  @Override
  public List<Variant> variants() {
    return variants;
  }

  @Override
  public Operand<TInt32> variantIndex() {
    return variantIndex;
  }

  @Override
  public Operand<TBool> weightsFinite() {
    return weightsFinite;
  }

  @Override
  public Placeholder<TInt64> sampleSeed() {
    return sampleSeed;
  }

  @Override
  public Placeholder<TInt32> sampleCount() {
    return sampleCount;
  }

  @Override
  public Operand<TFloat32> samples() {
    return samples;
  }

  @Override
  public int sampleGridCount() {
    return config.generator().sampleGridCount();
  }

  @Override
  public List<Integer> sampleShape() {
    return config.generator().outputShape();
  }

  /** A D update with the {@code used} terms and the full step built on it. */
  private Variant variant(List<Term.Bound> used) {
    DiscriminatorNetwork dNet = config.discriminator();
    GanLoss loss = model.loss();
    int rows = config.batch() / dNet.pack(); // logits per batch: packs never mix real and fake

    // --- D update: one application of D to real, generated and the terms' extra inputs
    ForwardPass dPass = latentsDone.isEmpty() ? ForwardPass.of(Mode.TRAIN) : ForwardPass.writingAfter(Mode.TRAIN, latentsDone);
    List<Operand<TFloat32>> dInputs = new ArrayList<>(List.of(model.real(), model.generatedForD()));
    List<int[]> extraParts = new ArrayList<>(); // per used term: [first part, count]
    for (Term.Bound b : used) {
      List<Operand<TFloat32>> extra = b.extraInputs();
      extraParts.add(new int[] {dInputs.size(), extra.size()});
      dInputs.addAll(extra);
    }
    Operand<TInt32> dLabels = null;
    if (dNet.conditional()) {
      if (dInputs.size() > 2) {
        throw new IllegalArgumentException("a term adds unlabelled inputs for D, but the discriminator is conditional");
      }
      dLabels = tf.concat(List.of(model.realLabels(), model.generatedLabelsForD()), tf.constant(0));
    }
    Heads heads = dNet.judge(dScope(dPass), tf.concat(dInputs, tf.constant(0)), dLabels);
    Heads realHeads = heads.part(tf, 0, rows);
    Heads fakeHeads = heads.part(tf, 1, rows);
    Operand<TFloat32> dLoss = loss.discriminatorLoss(tf, realHeads.logits(), fakeHeads.logits());
    Map<String, Operand<TFloat32>> scalars = new LinkedHashMap<>();
    for (int i = 0; i < used.size(); i++) {
      List<Heads> extra = new ArrayList<>();
      for (int p = 0; p < extraParts.get(i)[1]; p++) {
        extra.add(heads.part(tf, extraParts.get(i)[0] + p, rows));
      }
      dLoss = add(dLoss, used.get(i).discriminator(new DiscriminatorPass(model, dPass, realHeads, fakeHeads, extra)), scalars);
    }
    Map<String, Operand<TFloat32>> dGrads = new LinkedHashMap<>();
    List<Op> dDone = discriminator.update(store, dPass, dLoss, lrScale, stepValue, dGrads, latentsDone);
    dGradients.add(dGrads);
    Op dCount = tf.withControlDependencies(dDone).assignAdd(dSteps, tf.constant(1L));
    Op dStep = tf.withControlDependencies(List.of(dCount)).noOp();

    // --- G update, ordered after the D update inside the same run
    ForwardPass dForG = ForwardPass.readingAfter(Mode.TRAIN, List.of(dStep));
    // A conditional G may face an unconditional D (classifier terms condition it): D then gets no labels.
    Heads onGenerated = dNet.judge(dScope(dForG), model.generated(), dNet.conditional() ? model.generatedLabels() : null);
    Operand<TFloat32> gLoss = loss.generatorLoss(tf, onGenerated.logits());
    for (Term.Bound b : used) {
      gLoss = add(gLoss, b.generator(new GeneratorPass(model, dForG, gPass, onGenerated)), scalars);
    }
    Map<String, Operand<TFloat32>> gGrads = new LinkedHashMap<>();
    List<Op> gDone = new ArrayList<>(generator.update(store, gPass, gLoss, lrScale, stepValue, gGrads));
    gGradients.add(gGrads);
    gDone.add(dStep);
    Op count = tf.withControlDependencies(gDone).assignAdd(step, tf.constant(1L));
    Op gStep = tf.withControlDependencies(List.of(count)).noOp();
    return new Variant(dStep, gStep, dLoss, gLoss, scalars);
  }

  private Operand<TFloat32> add(Operand<TFloat32> total, TermLoss term, Map<String, Operand<TFloat32>> scalars) {
    scalars.putAll(term.scalars());
    return term.value() == null ? total : tf.math.add(total, term.value());
  }

  /** Uniform class labels of random stream {@code stream}. */
  private Operand<TInt32> labels(long stream, Operand<TInt64> counter) {
    return tf.random.statelessRandomUniformInt(tf.constant(new int[] {config.batch()}), GanModel.key(tf, config.seed(), stream, counter),
        tf.constant(0), tf.constant(config.generator().classes()));
  }

  /** z of random stream {@code stream}, moved by the config's latent step when it has one. */
  private Operand<TFloat32> latents(GanModel before, long stream, Operand<TInt64> counter, Operand<TInt32> labels) {
    Operand<TFloat32> z = z(stream, counter);
    LatentStep step = config.latentStep();
    if (step == null) {
      return z;
    }
    return step.update(new LatentStep.Context() {
      @Override
      public GanModel model() {
        return before;
      }

      @Override
      public Operand<TFloat32> generate(Operand<TFloat32> latents, Operand<TInt32> l) {
        return config.generator().generate(gScope(ForwardPass.of(Mode.TRAIN)), latents, l).images();
      }

      @Override
      public Heads judge(Operand<TFloat32> x, Operand<TInt32> l) {
        return config.discriminator().judge(dScope(ForwardPass.of(Mode.TRAIN)), x, config.discriminator().conditional() ? l : null);
      }

      @Override
      public Operand<TInt64> counter() {
        return counter;
      }
    }, z, labels);
  }

  private Operand<TFloat32> z(long stream, Operand<TInt64> counter) {
    return tf.random.statelessRandomNormal(tf.constant(new int[] {config.batch(), config.generator().zDim()}),
        GanModel.key(tf, config.seed(), stream, counter));
  }

  private NetScope gScope(ForwardPass pass) {
    return NetScope.root(store, pass, GanModel.G);
  }

  private NetScope dScope(ForwardPass pass) {
    return NetScope.root(store, pass, GanModel.D);
  }
}
