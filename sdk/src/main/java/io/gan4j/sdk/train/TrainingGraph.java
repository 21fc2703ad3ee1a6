package io.gan4j.sdk.train;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.AutoDiff;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Initializer;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.VariableStore.Role;
import io.gan4j.ops.loss.GanLoss;
import io.gan4j.ops.loss.UNetLoss;
import io.gan4j.ops.mix.Mask;
import io.gan4j.ops.mix.Mixing;
import io.gan4j.ops.mix.SampleMixing;
import io.gan4j.ops.optim.Optimizer;
import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.nets.Discriminator;
import io.gan4j.sdk.nets.Generator;
import io.gan4j.sdk.nets.UNetDiscriminator;
import java.util.ArrayList;
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
 * The training graph of one run. A full step is one {@code Session.run} of a {@link Variant}'s
 * {@code gStep}: a D update on a real batch and a G batch, then a G update whose D pass reads D's
 * weights after the D update ran. With n_dis > 1 the extra D updates run {@code dStep} alone. z and
 * the data order are functions of (seed, counter) only.
 *
 * <p>With sample mixing there are two variants of the step, {@link #plain} and {@link #mixed} (the
 * latter adds D's loss on mixed pairs); when mixing applies only on some D steps ({@code --mix-prob}
 * below 1 or a warm-up), the trainer reads {@link #mixingOn} for the coming D step and runs the
 * matching variant, so D steps without mixing never compute the mixed pass.
 */
final class TrainingGraph {

  static final String G = "G";
  static final String D = "D";

  /** One way to run a step: its D update, its full step, and the losses they compute. */
  record Variant(Op dStep, Op gStep, Operand<TFloat32> dLoss, Operand<TFloat32> gLoss, Operand<TFloat32> mixedDLoss) {}

  final Ops tf;
  final VariableStore store;
  final Variable<TInt64> step;
  final Variable<TInt64> dSteps;
  /** Steps without the mixed loss; null when mixing applies on every D step. */
  final Variant plain;
  /** Steps with the mixed loss; null without mixing. */
  final Variant mixed;
  /** Whether the next D step mixes (a function of seed and D-step counter); null unless both variants exist. */
  final Operand<TBool> mixingOn;
  /** The variants this graph has: one, or {@link #plain} and {@link #mixed} when {@link #mixingOn} chooses. */
  final List<Variant> variants;
  final Operand<TBool> weightsFinite;
  final Placeholder<TInt64> sampleSeed;
  final Placeholder<TInt32> sampleCount;
  final Operand<TFloat32> samples;
  /** Class of conditional samples; −1 (the default) spreads them over the classes in equal blocks. */
  final Operand<TInt32> sampleLabel;
  final Operand<TInt64> stepValue;

  private final TrainConfig config;
  private final Operand<TFloat32> lrScale;
  private final Operand<TFloat32> real;
  private final Operand<TInt32> realLabels;
  private final Operand<TInt32> fakeLabelsForD;
  private final Operand<TFloat32> fakeForD;
  private final Mask mask;
  private final Operand<TFloat32> fake;
  private final Operand<TInt32> fakeLabels;
  private final ForwardPass gPass;

  TrainingGraph(Graph graph, TrainConfig config, TrainingData data) {
    this.config = config;
    tf = Ops.create(graph);
    store = new VariableStore(tf, config.seed());
    GeneratorSpec gSpec = config.generator();
    int batch = config.batch();
    long seed = config.seed();

    step = tf.withName("train_step").variable(tf.constant(0L));
    dSteps = tf.withName("train_d_steps").variable(tf.constant(0L));
    // Snapshots, not identities: a read of a ref variable aliases its buffer, and the increment
    // at the end of the step must not change a value an event write is still about to log.
    stepValue = tf.snapshot(step);

    // Linear decay reaches 0 at config.steps(): lr·max(0, 1 − step/steps).
    lrScale = config.lrDecay().equals("linear")
        ? tf.math.maximum(tf.constant(0f), tf.math.sub(tf.constant(1f),
            tf.math.div(tf.dtypes.cast(stepValue, TFloat32.class), tf.constant((float) config.steps()))))
        : tf.constant(1f);

    // --- shared by both variants: the real batch and a G batch made with z(seed, d-step counter)
    Operand<TInt64> dCounter = tf.snapshot(dSteps);
    boolean conditional = gSpec.conditional();
    if (conditional) {
      ImageDataset.LabeledBatch lb = data.labeledBatch(tf, dCounter, batch, seed);
      real = lb.images();
      realLabels = lb.labels();
    } else {
      real = data.batch(tf, dCounter, batch, seed);
      realLabels = null;
    }
    fakeLabelsForD = conditional ? labels(batch, gSpec.classes(), seed, 3, dCounter) : null;
    ForwardPass gForD = ForwardPass.of(Mode.TRAIN);
    fakeForD = tf.stopGradient(Generator.apply(gScope(gForD, gSpec), gSpec,
        z(batch, gSpec.zDim(), seed, 1, dCounter), fakeLabelsForD).images());
    MixingConfig mixing = config.mixing();
    if (mixing.enabled()) {
      checkArgument(config.discriminator().pack() == 1, "sample mixing needs an unpacked discriminator (pack 1)");
      // Pairs (real_i, fake_i) mixed by per-sample masks, judged in the same D pass as real and fake.
      List<Integer> shape = gSpec.outputShape();
      mask = SampleMixing.named(mixing.method(), mixing.alpha(), mixing.sigma())
          .sample(tf, tf.stack(List.of(tf.constant(seed * 31 + 5), dCounter)), batch, shape.get(0), shape.get(1));
    } else {
      mask = null;
    }
    // G's forward pass of the G update is the same in both variants; only D's side differs.
    gPass = ForwardPass.of(Mode.TRAIN);
    fakeLabels = conditional ? labels(batch, gSpec.classes(), seed, 4, stepValue) : null;
    fake = Generator.apply(gScope(gPass, gSpec), gSpec, z(batch, gSpec.zDim(), seed, 2, stepValue), fakeLabels).images();

    boolean always = mixing.enabled() && mixing.probability() >= 1f && mixing.warmup() <= 0;
    mixed = mixing.enabled() ? variant(true) : null;
    plain = always ? null : variant(false);
    variants = java.util.stream.Stream.of(plain, mixed).filter(java.util.Objects::nonNull).toList();
    if (mixed != null && plain != null) {
      // Applied with probability p per D step, and never before the warm-up step.
      Operand<TFloat32> draw = tf.random.statelessRandomUniform(tf.constant(new int[0]),
          tf.stack(List.of(tf.constant(seed * 31 + 6), dCounter)));
      mixingOn = tf.math.logicalAnd(tf.math.less(draw, tf.constant(mixing.probability())),
          tf.math.greaterEqual(dCounter, tf.constant(mixing.warmup())));
    } else {
      mixingOn = null;
    }

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
    samples = buildSampler(tf, store, config, sampleSeed, sampleCount, sampleLabel).images();
  }

  /** A D update (with or without the mixed pass) and the full step built on it. */
  private Variant variant(boolean withMixing) {
    DiscriminatorSpec dSpec = config.discriminator();
    GanLoss loss = GanLoss.named(config.loss());
    int batch = config.batch();
    boolean conditional = config.generator().conditional();
    boolean unet = dSpec.architecture() == DiscriminatorSpec.Architecture.UNET;

    // --- D update
    ForwardPass dPass = ForwardPass.of(Mode.TRAIN);
    List<Operand<TFloat32>> dInputs = new ArrayList<>(List.of(real, fakeForD));
    if (withMixing) {
      dInputs.add(Mixing.mix(tf, mask, real, fakeForD));
    }
    Operand<TFloat32> logits;
    Operand<TFloat32> pixelLogits = null;
    if (unet) {
      UNetDiscriminator.Output out = UNetDiscriminator.apply(dScope(dPass, dSpec), dSpec, tf.concat(dInputs, tf.constant(0)));
      logits = out.logits();
      pixelLogits = out.pixelLogits();
    } else {
      logits = Discriminator.apply(dScope(dPass, dSpec), dSpec, tf.concat(dInputs, tf.constant(0)),
          conditional ? tf.concat(List.of(realLabels, fakeLabelsForD), tf.constant(0)) : null).logits();
    }
    int judged = batch / dSpec.pack(); // logits per part: packs never mix real and fake
    Operand<TFloat32> realLogits = part(logits, 0, judged);
    Operand<TFloat32> fakeLogits = part(logits, 1, judged);
    Operand<TFloat32> dLoss = unet
        ? UNetLoss.discriminator(tf, loss, realLogits, fakeLogits, pixelPart(pixelLogits, 0, batch), pixelPart(pixelLogits, 1, batch))
        : loss.discriminatorLoss(tf, realLogits, fakeLogits);
    Operand<TFloat32> mixedDLoss = null;
    if (withMixing) {
      Operand<TFloat32> mixedLogits = part(logits, 2, judged);
      if (unet) {
        // U-Net GAN: the mixed image is fake for the encoder, has target M per pixel for the decoder,
        // and the decoder should commute with mixing (consistency, weight 1).
        List<Integer> shape = config.generator().outputShape();
        Operand<TFloat32> m = tf.reshape(mask.values(), tf.constant(new int[] {batch, shape.get(0), shape.get(1)}));
        Operand<TFloat32> decMixed = pixelPart(pixelLogits, 2, batch);
        mixedDLoss = tf.math.add(UNetLoss.mixed(tf, loss, mixedLogits, decMixed, m),
            UNetLoss.consistency(tf, decMixed, pixelPart(pixelLogits, 0, batch), pixelPart(pixelLogits, 1, batch), m));
      } else {
        mixedDLoss = Mixing.loss(tf, loss, mixedLogits, mask.lambda());
      }
      dLoss = tf.math.add(dLoss, mixedDLoss);
    }
    List<VariableStore.Entry> dVars = store.entries(D + "_", Role.TRAINABLE);
    Optimizer dOpt = Optimizer.adam(config.lrD(), config.beta1(), config.beta2());
    Op dApply = dOpt.apply(store, D, dVars, AutoDiff.gradients(tf, dLoss, reads(dPass, dVars)), lrScale);
    // G's pass for D's batch is run for its images only: its batch-norm statistics are not kept
    // (G's own update pass keeps them), so the moving averages advance once per step.
    List<Op> dDone = new ArrayList<>(dPass.updates());
    dDone.add(dApply);
    Op dCount = tf.withControlDependencies(dDone).assignAdd(dSteps, tf.constant(1L));
    Op dStep = tf.withControlDependencies(List.of(dCount)).noOp();

    // --- G update, ordered after the D update inside the same run
    ForwardPass dForG = ForwardPass.readingAfter(Mode.TRAIN, List.of(dStep));
    Operand<TFloat32> gLoss;
    if (unet) {
      UNetDiscriminator.Output judged2 = UNetDiscriminator.apply(dScope(dForG, dSpec), dSpec, fake);
      gLoss = UNetLoss.generator(tf, loss, judged2.logits(), judged2.pixelLogits());
    } else {
      gLoss = loss.generatorLoss(tf, Discriminator.apply(dScope(dForG, dSpec), dSpec, fake, fakeLabels).logits());
    }
    List<VariableStore.Entry> gVars = store.entries(G + "_", Role.TRAINABLE);
    Optimizer gOpt = Optimizer.adam(config.lrG(), config.beta1(), config.beta2());
    Op gApply = gOpt.apply(store, G, gVars, AutoDiff.gradients(tf, gLoss, reads(gPass, gVars)), lrScale);
    List<Op> gDone = new ArrayList<>(gPass.updates());
    gDone.add(gApply);
    if (config.emaDecay() > 0) {
      gDone.addAll(emaUpdates(gVars, gApply, config));
    }
    gDone.add(dStep);
    Op count = tf.withControlDependencies(gDone).assignAdd(step, tf.constant(1L));
    Op gStep = tf.withControlDependencies(List.of(count)).noOp();
    return new Variant(dStep, gStep, dLoss, gLoss, mixedDLoss);
  }

  /**
   * After G's update: {@code ema ← k·ema + (1 − k)·w} with k = decay from {@code emaStart} on and
   * k = 0 (a copy) before it, so the average never starts from its zero initial value.
   */
  private List<Op> emaUpdates(List<VariableStore.Entry> gVars, Op gApply, TrainConfig config) {
    Ops after = tf.withControlDependencies(List.of(gApply));
    Operand<TFloat32> k = after.select(
        after.math.less(stepValue, after.constant(config.emaStart())), after.constant(0f), after.constant(config.emaDecay()));
    List<Op> updates = new ArrayList<>();
    for (VariableStore.Entry w : gVars) {
      VariableStore.Entry avg = ForwardPass.averageOf(store, w);
      Operand<TFloat32> next = after.math.add(
          after.math.mul(k, after.identity(avg.variable())),
          after.math.mul(after.math.sub(after.constant(1f), k), after.identity(w.variable())));
      updates.add(after.assign(avg.variable(), next));
    }
    return updates;
  }

  /**
   * G in INFER mode (on its moving-average weights when the config keeps one) on z drawn from
   * (seed, 0); shared with {@link TrainedGenerator}.
   */
  static Generator.Output buildSampler(Ops tf, VariableStore store, TrainConfig config, Operand<TInt64> seed,
      Operand<TInt32> count, Operand<TInt32> label) {
    GeneratorSpec gSpec = config.generator();
    Operand<TInt32> shape = tf.stack(List.of(count, tf.constant(gSpec.zDim())));
    Operand<TFloat32> z = tf.random.statelessRandomNormal(shape, tf.stack(List.of(seed, tf.constant(0L))));
    ForwardPass infer = config.emaDecay() > 0 ? ForwardPass.averaged() : ForwardPass.of(Mode.INFER);
    return Generator.apply(gScope(store, infer, gSpec), gSpec, z, gSpec.conditional() ? Generator.sampleLabels(tf, gSpec, count, label) : null);
  }

  /** The {@code index}-th block of {@code size} rows of logits {@code [k·size]}. */
  private Operand<TFloat32> part(Operand<TFloat32> logits, int index, int size) {
    return tf.slice(logits, tf.constant(new int[] {index * size}), tf.constant(new int[] {size}));
  }

  /** The {@code index}-th block of {@code size} samples of per-pixel logits {@code [k·size, H, W]}. */
  private Operand<TFloat32> pixelPart(Operand<TFloat32> pixels, int index, int size) {
    return tf.slice(pixels, tf.constant(new int[] {index * size, 0, 0}), tf.constant(new int[] {size, -1, -1}));
  }

  /** Uniform class labels, a function of (seed, stream, counter). */
  private Operand<TInt32> labels(int batch, int classes, long seed, long stream, Operand<TInt64> counter) {
    Operand<TInt64> key = tf.stack(List.of(tf.constant(seed * 31 + stream), counter));
    return tf.random.statelessRandomUniformInt(tf.constant(new int[] {batch}), key, tf.constant(0), tf.constant(classes));
  }

  private Operand<TFloat32> z(int batch, int zDim, long seed, long stream, Operand<TInt64> counter) {
    Operand<TInt64> key = tf.stack(List.of(tf.constant(seed * 31 + stream), counter));
    return tf.random.statelessRandomNormal(tf.constant(new int[] {batch, zDim}), key);
  }

  private NetScope gScope(ForwardPass pass, GeneratorSpec spec) {
    return gScope(store, pass, spec);
  }

  static NetScope gScope(VariableStore store, ForwardPass pass, GeneratorSpec spec) {
    NetScope s = NetScope.root(store, pass, G);
    // DCGAN's N(0, 0.02) for conv generators without SN; Glorot for MLPs and SN nets.
    return spec.architecture() == GeneratorSpec.Architecture.DCGAN && !spec.spectralNorm()
        ? s.withWeightInit(Initializer.normal(0.02f))
        : s;
  }

  private NetScope dScope(ForwardPass pass, DiscriminatorSpec spec) {
    NetScope s = NetScope.root(store, pass, D);
    return spec.architecture() == DiscriminatorSpec.Architecture.DCGAN && !spec.spectralNorm()
        ? s.withWeightInit(Initializer.normal(0.02f))
        : s;
  }

  private static List<Operand<TFloat32>> reads(ForwardPass pass, List<VariableStore.Entry> vars) {
    Map<String, Operand<TFloat32>> reads = pass.reads();
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (VariableStore.Entry e : vars) {
      Operand<TFloat32> r = reads.get(e.name());
      if (r == null) {
        throw new IllegalStateException("variable " + e.name() + " is not used by the loss");
      }
      out.add(r);
    }
    return out;
  }
}
