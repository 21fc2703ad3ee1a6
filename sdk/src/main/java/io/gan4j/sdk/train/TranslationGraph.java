package io.gan4j.sdk.train;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.gan.DiscriminatorNetwork;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.Heads;
import io.gan4j.sdk.gan.TermLoss;
import io.gan4j.sdk.translation.ImagePool;
import io.gan4j.sdk.translation.ImageTranslator;
import io.gan4j.sdk.translation.LeastSquaresAdversarial;
import io.gan4j.sdk.translation.Translation;
import io.gan4j.sdk.translation.TranslationModel;
import io.gan4j.sdk.translation.TranslationTerm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph of a {@link Translation} (CycleGAN, CSGAN) with four players: G_AB, G_BA, D_A,
 * D_B. A step is one {@code Session.run}, in the reference's order (pytorch-CycleGAN's and CSGAN's
 * {@code optimize_parameters}): both generators translate and cycle the step's A and B batches;
 * the generators are updated on the least-squares adversarial loss against the discriminators' current
 * weights plus the objective's terms; then the discriminators are updated on the real batches against
 * the generated ones drawn through the image pools. D's in-place update waits for G's gradients,
 * which read D's weights; the pools write after returning their images. The data batch, the pools'
 * coin flips and slots are functions of (seed, step), and the pools are checkpointed state, so a
 * resumed run replays the uninterrupted one.
 *
 * <p>Random streams beyond {@link GanModel}'s: 10 and 11 the coins and slots of D_A's pool (generated
 * A images), 12 and 13 those of D_B's pool.
 */
final class TranslationGraph implements StepGraph {

  /** Images per row of the sample grid; the rows are A, G_AB(A), G_BA(G_AB(A)), B, G_BA(B), G_AB(G_BA(B)). */
  static final int GRID_COLUMNS = 8;
  static final int GRID_ROWS = 6;

  private final Ops tf;
  private final VariableStore store;
  private final Operand<TInt64> stepValue;
  private final List<Variant> variants;
  private final Operand<TBool> weightsFinite;
  private final Placeholder<TInt64> sampleSeed;
  private final Placeholder<TInt32> sampleCount;
  private final Operand<TFloat32> samples;
  private final List<Integer> sampleShape;

  TranslationGraph(Graph graph, TrainConfig config, TrainingData data) {
    Translation t = config.translation();
    tf = Ops.create(graph);
    store = new VariableStore(tf, config.seed());
    long seed = config.seed();
    int batch = config.batch();
    Variable<TInt64> step = tf.withName("train_step").variable(tf.constant(0L));
    // A snapshot: the increment at the end of the step must not change a value an event write still logs.
    stepValue = tf.snapshot(step);
    Operand<TFloat32> lrScale = LearningRateSchedule.scale(tf, config.lrDecay(), stepValue, config.steps());

    // --- the game: G's pass over both batches, differentiable in both generators' weights
    List<Operand<TFloat32>> real = split(data.batch(tf, stepValue, batch, seed), t);
    ForwardPass gPass = ForwardPass.of(Mode.TRAIN);
    TranslationModel model = translate(t, gPass, real.get(0), real.get(1),
        t.terms().stream().anyMatch(TranslationTerm::needsIdentity));

    // --- G's update against D's weights as they were before this step (the reference updates G first)
    ForwardPass dForG = ForwardPass.of(Mode.TRAIN);
    Operand<TFloat32> advA = LeastSquaresAdversarial.generator(tf, judge(t.discriminatorA(), dForG, TranslationModel.D_A, model.fakeA()));
    Operand<TFloat32> advB = LeastSquaresAdversarial.generator(tf, judge(t.discriminatorB(), dForG, TranslationModel.D_B, model.fakeB()));
    Map<String, Operand<TFloat32>> scalars = new LinkedHashMap<>();
    scalars.put("loss/g_adv_a", advA);
    scalars.put("loss/g_adv_b", advB);
    Operand<TFloat32> gLoss = tf.math.add(advA, advB);
    for (TranslationTerm term : t.terms()) {
      TermLoss l = term.generator(model);
      scalars.putAll(l.scalars());
      if (l.value() != null) {
        gLoss = tf.math.add(gLoss, l.value());
      }
    }
    List<Op> gDone = new ArrayList<>();
    for (String scope : List.of(TranslationModel.G_AB, TranslationModel.G_BA)) {
      gDone.addAll(player(config, scope).update(store, gPass, gLoss, lrScale, stepValue));
    }

    // --- D's update on real images and pooled generated ones (no gradient to G)
    List<Op> poolWrites = new ArrayList<>();
    Operand<TFloat32> pooledA = ImagePool.query(tf, store, "pool_a", t.poolSize(), tf.stopGradient(model.fakeA()),
        GanModel.key(tf, seed, 10, stepValue), GanModel.key(tf, seed, 11, stepValue), poolWrites);
    Operand<TFloat32> pooledB = ImagePool.query(tf, store, "pool_b", t.poolSize(), tf.stopGradient(model.fakeB()),
        GanModel.key(tf, seed, 12, stepValue), GanModel.key(tf, seed, 13, stepValue), poolWrites);
    ForwardPass dPass = ForwardPass.of(Mode.TRAIN);
    Operand<TFloat32> dLossA = discriminatorLoss(t.discriminatorA(), dPass, TranslationModel.D_A, model.realA(), pooledA, batch);
    Operand<TFloat32> dLossB = discriminatorLoss(t.discriminatorB(), dPass, TranslationModel.D_B, model.realB(), pooledB, batch);
    scalars.put("loss/d_a", dLossA);
    scalars.put("loss/d_b", dLossB);
    Operand<TFloat32> dLoss = tf.math.add(dLossA, dLossB);
    List<Op> done = new ArrayList<>(gDone);
    for (String scope : List.of(TranslationModel.D_A, TranslationModel.D_B)) {
      // D's weights are written in place: only after G's gradients, which read them through dForG, exist.
      done.addAll(player(config, scope).update(store, dPass, dLoss, lrScale, stepValue, null, gDone));
    }
    done.addAll(poolWrites);
    Op count = tf.withControlDependencies(done).assignAdd(step, tf.constant(1L));
    Op full = tf.withControlDependencies(List.of(count)).noOp();
    variants = List.of(new Variant(full, full, dLoss, gLoss, scalars));

    // --- health check over every trained and carried variable
    List<Operand<TBool>> finite = new ArrayList<>();
    for (VariableStore.Entry e : store.entries()) {
      finite.add(tf.reduceAll(tf.math.isFinite(tf.reshape(tf.identity(e.variable()), tf.constant(new int[] {-1}))), tf.constant(0)));
    }
    weightsFinite = tf.reduceAll(tf.stack(finite), tf.constant(0));

    // --- the sample grid: 8 training pairs chosen by the sample seed, translated and cycled in an inference pass
    sampleSeed = tf.placeholder(TInt64.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    // Fed by the trainer like a GAN's sample count, but the grid's size is fixed.
    sampleCount = tf.placeholder(TInt32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
    List<Operand<TFloat32>> shown;
    try {
      shown = split(data.batch(tf, sampleSeed, GRID_COLUMNS, seed), t);
    } catch (IllegalArgumentException e) {
      // the data's own message speaks of a batch size the user never chose
      throw new IllegalArgumentException("the sample grid shows " + GRID_COLUMNS + " training pairs, so each domain needs at least "
          + GRID_COLUMNS + " images (" + e.getMessage() + ")", e);
    }
    TranslationModel grid = translate(t, ForwardPass.of(Mode.INFER), shown.get(0), shown.get(1), false);
    int channels = Math.max(t.shapeA().get(2), t.shapeB().get(2));
    if (t.shapeA().get(2) != channels && t.shapeA().get(2) != 1 || t.shapeB().get(2) != channels && t.shapeB().get(2) != 1) {
      throw new IllegalArgumentException("the sample grid shows A and B side by side: they need as many channels, or one of them 1; got "
          + t.shapeA() + " and " + t.shapeB());
    }
    List<Operand<TFloat32>> rows = new ArrayList<>();
    for (Operand<TFloat32> r : List.of(grid.realA(), grid.fakeB(), grid.recA(), grid.realB(), grid.fakeA(), grid.recB())) {
      rows.add(withChannels(r, channels));
    }
    samples = tf.concat(rows, tf.constant(0));
    sampleShape = List.of(t.shapeA().get(0), t.shapeA().get(1), channels);
  }

  /** Both generators on real A and B in one pass: translations, cycles and, when asked, identities. */
  private TranslationModel translate(Translation t, ForwardPass pass, Operand<TFloat32> realA, Operand<TFloat32> realB, boolean identity) {
    ImageTranslator ab = t.generatorAB();
    ImageTranslator ba = t.generatorBA();
    NetScope sAB = NetScope.root(store, pass, TranslationModel.G_AB);
    NetScope sBA = NetScope.root(store, pass, TranslationModel.G_BA);
    Operand<TFloat32> fakeB = ab.translate(sAB, realA);
    Operand<TFloat32> recA = ba.translate(sBA, fakeB);
    Operand<TFloat32> fakeA = ba.translate(sBA, realB);
    Operand<TFloat32> recB = ab.translate(sAB, fakeA);
    return new TranslationModel(tf, realA, realB, fakeB, recA, fakeA, recB,
        identity ? ba.translate(sBA, realA) : null, identity ? ab.translate(sAB, realB) : null);
  }

  private Operand<TFloat32> judge(DiscriminatorNetwork d, ForwardPass pass, String scope, Operand<TFloat32> x) {
    return d.judge(NetScope.root(store, pass, scope), x, null).logits();
  }

  /** One application of D to [real; generated]; pytorch-CycleGAN's {@code backward_D_basic}. */
  private Operand<TFloat32> discriminatorLoss(DiscriminatorNetwork d, ForwardPass pass, String scope, Operand<TFloat32> realImages,
      Operand<TFloat32> generated, int batch) {
    Heads h = d.judge(NetScope.root(store, pass, scope), tf.concat(List.of(realImages, generated), tf.constant(0)), null);
    return LeastSquaresAdversarial.discriminator(tf, h.part(tf, 0, batch).logits(), h.part(tf, 1, batch).logits());
  }

  private static Player player(TrainConfig config, String scope) {
    float lr = scope.startsWith("G") ? config.lrG() : config.lrD();
    return Player.of(scope, config.optimizer().create(lr, config.beta1(), config.beta2()));
  }

  /** The stacked batch {@code [N, H, W, C_A + C_B]} as A {@code [N, H, W, C_A]} and B. */
  private List<Operand<TFloat32>> split(Operand<TFloat32> both, Translation t) {
    List<Output<TFloat32>> parts = tf.splitV(both, tf.constant(new int[] {t.shapeA().get(2), t.shapeB().get(2)}), tf.constant(3), 2L).output();
    return List.of(parts.get(0), parts.get(1));
  }

  private Operand<TFloat32> withChannels(Operand<TFloat32> x, int channels) {
    return x.shape().get(3) == channels ? x : tf.tile(x, tf.constant(new int[] {1, 1, 1, channels}));
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
    return null;
  }

  @Override
  public Operand<TBool> weightsFinite() {
    return weightsFinite;
  }

  @Override
  public Placeholder<TInt64> sampleSeed() {
    return sampleSeed;
  }

  /** Ignored by the translation grid, which always has {@link #GRID_ROWS} rows of {@link #GRID_COLUMNS}. */
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
    return GRID_ROWS * GRID_COLUMNS;
  }

  @Override
  public List<Integer> sampleShape() {
    return sampleShape;
  }
}
