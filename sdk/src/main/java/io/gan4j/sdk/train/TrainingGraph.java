package io.gan4j.sdk.train;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.GhostBatch;
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
  private final Replicas replicas;
  /** How the step's own passes group rows for batch-norm statistics ({@link Placement#emulatingReplicas}). */
  private final GhostBatch ghost;
  /** Each replica's share of the game, in replica order (one for a single-device step). */
  private final List<Replica> parts;
  /** The ops that yield every replica's moved latents, when the config has a latent step (else empty). */
  private final List<Op> latentsDone;
  private final Player generator;
  private final Player discriminator;

  /**
   * One data-parallel replica's share of the game: the model its terms see (its slice of the real
   * batch and of G's batches, built with its ops and its own seed for the terms' draws), G's update
   * pass on its slice, the latents it drew and the terms bound to its model.
   */
  private record Replica(VariableStore store, GanModel model, ForwardPass gPass, Operand<TFloat32> zForD,
      Operand<TFloat32> zForG, List<Op> latentsDone, List<Term.Bound> bound, List<Op> gReadsDone) {}

  /** A replica's D or G loss with the terms' scalars and the gradients its player applies (averaged over replicas). */
  private record ReplicaLoss(ForwardPass pass, Operand<TFloat32> loss, Map<String, Operand<TFloat32>> scalars,
      List<Operand<TFloat32>> gradients, Op done) {}

  TrainingGraph(Graph graph, TrainConfig config, TrainingData data) {
    this(graph, config, data, Placement.LOCAL);
  }

  /**
   * The training graph with one replica of the step per device of {@code placement}, each on its
   * equal slice of the global batch, the gradients averaged before one update per player.
   */
  TrainingGraph(Graph graph, TrainConfig config, TrainingData data, Placement placement) {
    if (config.generator() == null) {
      throw new IllegalArgumentException("TrainingGraph trains one generator and one discriminator; this config has none");
    }
    this.config = config;
    replicas = Replicas.of(graph, placement);
    int k = replicas.count();
    int pack = config.discriminator().pack();
    int groups = placement.batchNormGroups();
    ghost = GhostBatch.groups(groups);
    if (config.batch() % (k * groups * pack) != 0) {
      String parts = groups > 1 ? groups + " equal batch-norm groups" : k + " equal replica slices";
      throw new IllegalArgumentException("--batch " + config.batch() + " does not split into " + parts
          + (pack > 1 ? " of whole packs of " + pack : "") + "; use a multiple of " + k * groups * pack);
    }
    tf = replicas.shared();
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

    // --- the game: the real batch, G's batch for D (z from the D-step counter) and G's batch for its
    // update, drawn for the global batch; replica r takes rows [r·b/k, (r+1)·b/k) of each, so k
    // replicas see exactly what one device sees, and the data order stays a function of (seed, epoch).
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
    Operand<TFloat32> zD = z(1, dCounter);
    Operand<TFloat32> zG = z(2, stepValue);

    // Replica 0 keeps the state (spectral-norm u, batch-norm statistics) and writes it in place, so its
    // writes wait for every other replica's reads of it: the others are built first.
    Replica[] built = new Replica[k];
    List<Op> othersRead = new ArrayList<>();
    List<Op> allLatents = new ArrayList<>();
    for (int r = k - 1; r >= 0; r--) {
      int ri = r;
      Operand<TFloat32> realR = replicas.slice(real, r, batch);
      Operand<TInt32> realLabelsR = replicas.slice(realLabels, r, batch);
      Operand<TInt32> labelsForDR = replicas.slice(labelsForD, r, batch);
      Operand<TInt32> labelsForGR = replicas.slice(labelsForG, r, batch);
      Operand<TFloat32> zDR = replicas.slice(zD, r, batch);
      Operand<TFloat32> zGR = replicas.slice(zG, r, batch);
      List<Op> writesAlsoAfter = r == 0 ? List.copyOf(othersRead) : List.of();
      Replica p = replicas.build(r, () -> replica(ri, store.using(replicas.perReplica()), dCounter, realR, realLabelsR,
          labelsForDR, labelsForGR, zDR, zGR, writesAlsoAfter));
      if (r > 0) {
        othersRead.addAll(p.gReadsDone());
      }
      allLatents.addAll(p.latentsDone());
      built[r] = p;
    }
    parts = List.of(built);
    latentsDone = List.copyOf(allLatents);
    zForD = parts.get(0).zForD();
    zForG = parts.get(0).zForG();

    Optimizer dOpt = config.optimizer().create(config.lrD(), config.beta1(), config.beta2());
    discriminator = Player.of(GanModel.D, config.clipD() > 0 ? new ClippedOptimizer(dOpt, config.clipD()) : dOpt);
    generator = new Player(GanModel.G, config.optimizer().create(config.lrG(), config.beta1(), config.beta2()),
        config.emaDecay(), config.emaStart());

    // --- the objective's terms; those active on some D steps only choose among 2^k variants. Every
    // replica runs the variant replica 0's gates choose.
    List<Term.Bound> bound = parts.get(0).bound();
    List<Integer> gated = new ArrayList<>();
    List<Operand<TBool>> gates = new ArrayList<>();
    for (int i = 0; i < bound.size(); i++) {
      Operand<TBool> on = bound.get(i).active();
      if (on != null) {
        gated.add(i);
        gates.add(on);
      }
    }
    List<Variant> vs = new ArrayList<>();
    for (int bits = 0; bits < 1 << gated.size(); bits++) {
      List<Integer> used = new ArrayList<>();
      for (int i = 0; i < bound.size(); i++) {
        int g = gated.indexOf(i);
        if (g < 0 || (bits & (1 << g)) != 0) {
          used.add(i);
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

  /** The game this graph trains (real batch, G's batches, labels) as replica 0 sees it; for tests. */
  GanModel model() {
    return parts.get(0).model();
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

  /**
   * Replica {@code r}'s share of the game on its slices (built inside its placement region): G's
   * batch for D, G's update pass, the model its terms bind to. G's pass writes its state after
   * {@code writesAlsoAfter} as well as after its own reads.
   */
  private Replica replica(int r, VariableStore rs, Operand<TInt64> dCounter, Operand<TFloat32> real, Operand<TInt32> realLabels,
      Operand<TInt32> labelsForD, Operand<TInt32> labelsForG, Operand<TFloat32> zD, Operand<TFloat32> zG, List<Op> writesAlsoAfter) {
    GeneratorNetwork gNet = config.generator();
    Ops t = rs.tf();
    long seed = Replicas.seed(config.seed(), r);
    int rows = config.batch() / replicas.count();
    // The latent step (if any) sees the game without G's batches: they are what it changes.
    GanModel before = new GanModel(t, rs, seed, rows, gNet, config.discriminator(), GanLoss.named(config.loss()),
        stepValue, dCounter, real, realLabels, null, labelsForD, null, labelsForG);
    Operand<TFloat32> zForD = latents(before, rs, zD, dCounter, labelsForD);
    org.tensorflow.op.core.StopGradient<TFloat32> generatedForD = t.stopGradient(gNet.generate(
        gScope(rs, ForwardPass.of(Mode.TRAIN).withGhostBatch(ghost)), zForD, labelsForD).images());
    // G's update pass writes its spectral-norm u in place; the pass above reads the same u in the same
    // run (a G step runs D's update too), so the write waits for that pass's images (StepRacesTest).
    Operand<TFloat32> zForG = latents(before, rs, zG, stepValue, labelsForG);
    // A latent step's passes read G's and D's weights and state as they were before this run; every
    // in-place write of the run (both update passes' state, D's optimiser) waits for them. D's writes
    // then wait for G's batch's latents even in D-only runs: that costs the latent step for G's batch
    // on every D step, but keeps one graph per variant (StepRacesTest, LoganTrainingTest).
    List<Op> latents = config.latentStep() == null ? List.of() : List.of(t.identity(zForD), t.identity(zForG));
    List<Op> gWritesAfter = new ArrayList<>(List.of(generatedForD));
    gWritesAfter.addAll(latents);
    gWritesAfter.addAll(writesAlsoAfter);
    ForwardPass gPass = ForwardPass.writingAfter(Mode.TRAIN, gWritesAfter).withGhostBatch(ghost);
    Operand<TFloat32> generated = gNet.generate(gScope(rs, gPass), zForG, labelsForG).images();
    GanModel model = new GanModel(t, rs, seed, rows, gNet, config.discriminator(), before.loss(), stepValue, dCounter,
        real, realLabels, generatedForD, labelsForD, generated, labelsForG);
    List<Term.Bound> bound = config.terms().stream().map(x -> x.bind(model)).toList();
    // What replica 0's G state writes wait for when this is another replica: its passes' reads of G's state.
    List<Op> readsDone = new ArrayList<>(gWritesAfter);
    if (r > 0) {
      readsDone.add(t.identity(generated));
    }
    return new Replica(rs, model, gPass, zForD, zForG, latents, bound, readsDone);
  }

  /**
   * A D update with the terms at indices {@code used} and the full step built on it: every replica's
   * loss and gradients on its slice, their average applied once per player.
   */
  private Variant variant(List<Integer> used) {
    int k = parts.size();
    // --- D update: per replica, one application of D to its real, generated and the terms' extra inputs.
    // Replica 0's pass keeps D's state, so it writes after the others' passes have read it.
    ReplicaLoss[] d = new ReplicaLoss[k];
    List<Op> othersRead = new ArrayList<>();
    for (int r = k - 1; r >= 0; r--) {
      int ri = r;
      List<Op> writesAfter = new ArrayList<>(latentsDone);
      if (r == 0) {
        writesAfter.addAll(othersRead);
      }
      d[r] = replicas.build(r, () -> dLoss(parts.get(ri), used, writesAfter));
      if (r > 0) {
        othersRead.add(d[r].done());
      }
    }
    Map<String, Operand<TFloat32>> dGrads = new LinkedHashMap<>();
    List<Op> dDone = discriminator.apply(store, d[0].pass().updates(), mean(d), lrScale, stepValue, dGrads, latentsDone);
    dGradients.add(dGrads);
    Op dCount = tf.withControlDependencies(dDone).assignAdd(dSteps, tf.constant(1L));
    Op dStep = tf.withControlDependencies(List.of(dCount)).noOp();

    // --- G update, ordered after the D update inside the same run
    ReplicaLoss[] g = new ReplicaLoss[k];
    for (int r = k - 1; r >= 0; r--) {
      int ri = r;
      g[r] = replicas.build(r, () -> gLoss(parts.get(ri), used, dStep));
    }
    Map<String, Operand<TFloat32>> gGrads = new LinkedHashMap<>();
    List<Op> gDone = new ArrayList<>(generator.apply(store, parts.get(0).gPass().updates(), mean(g), lrScale, stepValue,
        gGrads, List.of()));
    gGradients.add(gGrads);
    gDone.add(dStep);
    Op count = tf.withControlDependencies(gDone).assignAdd(step, tf.constant(1L));
    Op gStep = tf.withControlDependencies(List.of(count)).noOp();

    Map<String, Operand<TFloat32>> scalars = new LinkedHashMap<>();
    for (String name : d[0].scalars().keySet()) {
      scalars.put(name, replicas.mean(java.util.Arrays.stream(d).map(x -> x.scalars().get(name)).toList()));
    }
    for (String name : g[0].scalars().keySet()) {
      scalars.put(name, replicas.mean(java.util.Arrays.stream(g).map(x -> x.scalars().get(name)).toList()));
    }
    Operand<TFloat32> dLoss = replicas.mean(java.util.Arrays.stream(d).map(ReplicaLoss::loss).toList());
    Operand<TFloat32> gLoss = replicas.mean(java.util.Arrays.stream(g).map(ReplicaLoss::loss).toList());
    return new Variant(dStep, gStep, dLoss, gLoss, scalars);
  }

  /** The replicas' gradients averaged variable by variable (each replica's own for one replica). */
  private List<Operand<TFloat32>> mean(ReplicaLoss[] losses) {
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < losses[0].gradients().size(); i++) {
      int vi = i;
      out.add(replicas.mean(java.util.Arrays.stream(losses).map(l -> l.gradients().get(vi)).toList()));
    }
    return out;
  }

  /** D's loss on replica {@code p}'s slice with the {@code used} terms, and its gradients. */
  private ReplicaLoss dLoss(Replica p, List<Integer> usedIndices, List<Op> writesAfter) {
    DiscriminatorNetwork dNet = config.discriminator();
    GanModel model = p.model();
    GanLoss loss = model.loss();
    Ops t = p.store().tf();
    List<Term.Bound> used = usedIndices.stream().map(p.bound()::get).toList();
    int rows = model.batch() / dNet.pack(); // logits per batch: packs never mix real and fake

    List<Operand<TFloat32>> dInputs = new ArrayList<>(List.of(model.real(), model.generatedForD()));
    List<int[]> extraParts = new ArrayList<>(); // per used term: [first part, count]
    for (Term.Bound b : used) {
      List<Operand<TFloat32>> extra = b.extraInputs();
      extraParts.add(new int[] {dInputs.size(), extra.size()});
      dInputs.addAll(extra);
    }
    // D judges [real; generated; extras] at once: a replica's group is its slice of each of them.
    ForwardPass dPass = (writesAfter.isEmpty() ? ForwardPass.of(Mode.TRAIN) : ForwardPass.writingAfter(Mode.TRAIN, writesAfter))
        .withGhostBatch(ghost.whole() ? ghost : ghost.ofParts(dInputs.size()));
    Operand<TInt32> dLabels = null;
    if (dNet.conditional()) {
      if (dInputs.size() > 2) {
        throw new IllegalArgumentException("a term adds unlabelled inputs for D, but the discriminator is conditional");
      }
      dLabels = t.concat(List.of(model.realLabels(), model.generatedLabelsForD()), t.constant(0));
    }
    Heads heads = dNet.judge(dScope(p.store(), dPass), t.concat(dInputs, t.constant(0)), dLabels);
    Heads realHeads = heads.part(t, 0, rows);
    Heads fakeHeads = heads.part(t, 1, rows);
    Operand<TFloat32> dLoss = loss.discriminatorLoss(t, realHeads.logits(), fakeHeads.logits());
    Map<String, Operand<TFloat32>> scalars = new LinkedHashMap<>();
    for (int i = 0; i < used.size(); i++) {
      List<Heads> extra = new ArrayList<>();
      for (int e = 0; e < extraParts.get(i)[1]; e++) {
        extra.add(heads.part(t, extraParts.get(i)[0] + e, rows));
      }
      dLoss = add(t, dLoss, used.get(i).discriminator(new DiscriminatorPass(model, dPass, realHeads, fakeHeads, extra)), scalars);
    }
    Op done = replicas.count() > 1 ? t.identity(dLoss) : null; // when another replica's D state writes must wait for this pass
    return new ReplicaLoss(dPass, dLoss, scalars, discriminator.gradients(p.store(), dPass, dLoss), done);
  }

  /** G's loss on replica {@code p}'s slice with the {@code used} terms, D read after {@code dStep}, and its gradients. */
  private ReplicaLoss gLoss(Replica p, List<Integer> usedIndices, Op dStep) {
    DiscriminatorNetwork dNet = config.discriminator();
    GanModel model = p.model();
    Ops t = p.store().tf();
    ForwardPass dForG = ForwardPass.readingAfter(Mode.TRAIN, List.of(dStep)).withGhostBatch(ghost);
    // A conditional G may face an unconditional D (classifier terms condition it): D then gets no labels.
    Heads onGenerated = dNet.judge(dScope(p.store(), dForG), model.generated(), dNet.conditional() ? model.generatedLabels() : null);
    Operand<TFloat32> gLoss = model.loss().generatorLoss(t, onGenerated.logits());
    Map<String, Operand<TFloat32>> scalars = new LinkedHashMap<>();
    for (int i : usedIndices) {
      gLoss = add(t, gLoss, p.bound().get(i).generator(new GeneratorPass(model, dForG, p.gPass(), onGenerated)), scalars);
    }
    return new ReplicaLoss(p.gPass(), gLoss, scalars, generator.gradients(p.store(), p.gPass(), gLoss), null);
  }

  private static Operand<TFloat32> add(Ops t, Operand<TFloat32> total, TermLoss term, Map<String, Operand<TFloat32>> scalars) {
    scalars.putAll(term.scalars());
    return term.value() == null ? total : t.math.add(total, term.value());
  }

  /** Uniform class labels of random stream {@code stream}. */
  private Operand<TInt32> labels(long stream, Operand<TInt64> counter) {
    return tf.random.statelessRandomUniformInt(tf.constant(new int[] {config.batch()}), GanModel.key(tf, config.seed(), stream, counter),
        tf.constant(0), tf.constant(config.generator().classes()));
  }

  /** {@code z} moved by the config's latent step when it has one (its passes built through {@code rs}). */
  private Operand<TFloat32> latents(GanModel before, VariableStore rs, Operand<TFloat32> z, Operand<TInt64> counter,
      Operand<TInt32> labels) {
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
        return config.generator().generate(gScope(rs, ForwardPass.of(Mode.TRAIN)), latents, l).images();
      }

      @Override
      public Heads judge(Operand<TFloat32> x, Operand<TInt32> l) {
        return config.discriminator().judge(dScope(rs, ForwardPass.of(Mode.TRAIN)), x, config.discriminator().conditional() ? l : null);
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

  private static NetScope gScope(VariableStore rs, ForwardPass pass) {
    return NetScope.root(rs, pass, GanModel.G);
  }

  private static NetScope dScope(VariableStore rs, ForwardPass pass) {
    return NetScope.root(rs, pass, GanModel.D);
  }
}
