package io.gan4j.sdk.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.data.PointsCsv;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.eval.ModeCoverage;
import io.gan4j.sdk.image.ImageGrid;
import io.gan4j.sdk.io.AtomicFile;
import io.gan4j.sdk.train.cluster.ClusterSpec;
import io.gan4j.sdk.train.cluster.ClusterUnavailableException;
import io.gan4j.sdk.train.cluster.NativeShim;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Op;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.proto.StepStats;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * Trains a GAN inside the TensorFlow runtime and keeps a run directory: {@code config.json},
 * {@code checkpoints/}, {@code events/} (TensorBoard), {@code samples.png} (images) or
 * {@code samples.csv} (points), {@code summary.json} (speed, losses, mode coverage) and, with a
 * {@link PeriodicEvaluation}, {@code metrics.json} (a list of {@code {step, minutes, fid, kid, ..., d_loss, g_loss}},
 * {@code minutes} the training minutes of the train call at that step, the losses averaged over the G steps
 * since the previous evaluation). Training time is wall time minus
 * the time spent in periodic evaluations; a time budget and time-based evaluation count it.
 *
 * <p>Usage:
 * <pre>{@code
 * try (Trainer t = Trainer.open(Path.of("runs/a"), config, data, Trainer.Start.FRESH)) {
 *   TrainingResult r = t.train(TrainingListener.NONE);
 * }
 * }</pre>
 */
public final class Trainer implements AutoCloseable {

  public static final String CONFIG_FILE = "config.json";
  public static final String SUMMARY_FILE = "summary.json";
  public static final String METRICS_FILE = "metrics.json";
  /** Seed of the z used for periodic evaluation, so every evaluation sees the same latents. */
  public static final long EVAL_SEED = 20_231_124L;
  public static final String SAMPLES_PNG = "samples.png";
  public static final String SAMPLES_CSV = "samples.csv";
  public static final long SAMPLE_SEED = 20_231_123L;
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final Logger LOG = Logger.getLogger(Trainer.class.getName());

  private final Path runDir;
  private final TrainConfig config;
  private final TrainingData data;
  private final Graph graph;
  private final Session session;
  private final StepGraph g;
  private final ScalarEvents events;
  private final Map<StepGraph.Variant, List<Op>> eventWrites = new java.util.HashMap<>();
  private final Checkpoints checkpoints;
  /** The sample grid as a TensorBoard image ({@code samples}); null unless {@code imageEvery} > 0. */
  private final Op imageWrite;
  private volatile boolean stopRequested;
  private final Placement placement;
  /** G steps done before the step in progress (for the message when a cluster step fails). */
  private long lastStep;
  /** How long {@link #close} waits for a cluster session to close before leaving it to the process's exit. */
  private static final Duration CLUSTER_CLOSE_WAIT = Duration.ofSeconds(10);
  private static final Pattern TASK = Pattern.compile("/job:([a-z][a-z0-9_]*)/replica:\\d+/task:(\\d+)");
  private List<String> restoreWarnings = List.of();
  /** Nanoseconds for the time budget and time-based evaluation ({@link #useClock}). */
  private LongSupplier clock = System::nanoTime;

  private Trainer(Path runDir, TrainConfig config, TrainingData data, SessionOptions options, Placement placement) {
    this.runDir = runDir;
    this.config = config;
    this.data = data;
    this.checkpoints = new Checkpoints(runDir.resolve("checkpoints"), config.keepCheckpoints());
    this.placement = placement;
    Graph gr = new Graph();
    try {
      this.g = StepGraph.of(gr, config, data, placement);
      this.events = new ScalarEvents(g.tf(), runDir.resolve("events"));
      Operand<TInt64> logStep = g.tf().math.add(g.stepValue(), g.tf().constant(1L));
      for (StepGraph.Variant v : g.variants()) {
        Map<String, Operand<TFloat32>> scalars = new LinkedHashMap<>(Map.of("loss/d", v.dLoss(), "loss/g", v.gLoss()));
        scalars.putAll(v.scalars());
        eventWrites.put(v, events.writes(logStep, scalars));
      }
      this.imageWrite = config.imageEvery() > 0 && data.isImage()
          ? events.imageGridWrite(g.stepValue(), "samples", g.samples(), gridCount(), shape(0), shape(1), shape(2), 8)
          : null;
      if (options.precision() == Precision.BF16 && Precision.keepFloat32Needed() && !Precision.keepFloat32Configured()) {
        LOG.warning("bf16 session without " + Precision.KEEP_FLOAT32_ENV + "=" + Precision.KEEP_FLOAT32
            + " in the environment: convolution input gradients run in bfloat16, which sent the dcgan recipe's G gradients to"
            + " 1e21 and NaN (tools/gan4j sets it)");
      }
      this.session = placement.target().isEmpty()
          ? new Session(gr, placement.configure(options.toConfigProto()))
          : NativeShim.openSession(gr, placement.target(), placement.configure(options.toConfigProto()));
    } catch (RuntimeException e) {
      gr.close();
      throw e;
    }
    this.graph = gr;
  }

  /** How {@link #open} treats the run directory's checkpoints. */
  public enum Start {
    /** A new run: a directory that already holds checkpoints is refused rather than overwritten. */
    FRESH,
    /**
     * Continue from the newest checkpoint that reads (a corrupt newer one is skipped with a warning,
     * {@link #restoreWarnings()}); a directory without one is refused.
     */
    RESUME
  }

  /**
   * Builds the graph for {@code config} on {@code data} and, with {@link Start#RESUME}, restores the
   * newest checkpoint of {@code runDir} that reads (see {@link Start}).
   */
  public static Trainer open(Path runDir, TrainConfig config, TrainingData data, Start start) {
    return open(runDir, config, data, start, SessionOptions.DEFAULT);
  }

  /** As {@link #open(Path, TrainConfig, TrainingData, Start)} with TensorFlow session {@code options} (threads, XLA). */
  public static Trainer open(Path runDir, TrainConfig config, TrainingData data, Start start, SessionOptions options) {
    return open(runDir, config, data, start, options, Placement.LOCAL);
  }

  /**
   * As {@link #open(Path, TrainConfig, TrainingData, Start, SessionOptions)}, with one replica of the
   * step per device of {@code placement} (several devices of this process, or the worker tasks of a
   * TensorFlow cluster whose servers are running). The trained function is the same as on one device
   * (see {@link Placement}); the placement is not part of the run, so a run may resume on another.
   */
  public static Trainer open(Path runDir, TrainConfig config, TrainingData data, Start start, SessionOptions options,
      Placement placement) {
    if (start == null) {
      throw new IllegalArgumentException("start is null; pass Trainer.Start.FRESH or Trainer.Start.RESUME");
    }
    if (!data.elementShape().equals(config.dataShape())) {
      throw new IllegalArgumentException("data " + data.name() + " has elements of shape " + data.elementShape()
          + " but the model " + (config.translation() != null ? "translates (A's channels, then B's) " : "makes ") + config.dataShape());
    }
    Checkpoints ckpts = new Checkpoints(runDir.resolve("checkpoints"), config.keepCheckpoints());
    Optional<Path> latest = ckpts.latest();
    if (start == Start.RESUME && latest.isEmpty()) {
      throw new CheckpointException("cannot resume: no checkpoint in " + ckpts.directory());
    }
    if (start == Start.FRESH && latest.isPresent()) {
      throw new CheckpointException(runDir + " already holds checkpoints (newest " + latest.get().getFileName()
          + "); pass --resume to continue it or choose another --out");
    }
    Trainer t = new Trainer(runDir, config, data, options, placement);
    try {
      t.session.initialize();
      if (latest.isPresent()) {
        Checkpoints.Restored restored = t.checkpoints.restoreNewest(t.session);
        restored.warnings().forEach(LOG::warning);
        t.restoreWarnings = restored.warnings();
      }
      // Only now, with the graph built (which refuses a batch that does not split over the replicas,
      // or a translation model on several devices) and the state restored: a refused run leaves no
      // config.json that would pass for a run directory.
      try {
        Files.createDirectories(runDir.resolve("events"));
        writeJson(runDir.resolve(CONFIG_FILE), config);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write to run directory " + runDir + ": " + e.getMessage(), e);
      }
      t.session.run(t.events.create);
    } catch (RuntimeException e) {
      t.close();
      throw e;
    }
    return t;
  }

  /** Reads the {@code config.json} of a run directory. */
  public static TrainConfig readConfig(Path runDir) {
    Path file = runDir.resolve(CONFIG_FILE);
    if (!Files.exists(file)) {
      throw new CheckpointException(runDir + " is not a gan4j run directory (no " + CONFIG_FILE + ")");
    }
    try {
      return JSON.readValue(file.toFile(), TrainConfig.class);
    } catch (IOException e) {
      throw new CheckpointException(file + ": unreadable run config (" + e.getMessage() + ")", e);
    }
  }

  public TrainConfig config() {
    return config;
  }

  /**
   * One line per newer checkpoint that {@link #open} with {@link Start#RESUME} could not read and skipped (empty
   * when the newest restored), e.g. {@code checkpoint DIR/step-00000030 is unreadable (not an
   * sstable (bad magic number)); resuming from DIR/step-00000020}.
   */
  public List<String> restoreWarnings() {
    return restoreWarnings;
  }

  public Path runDirectory() {
    return runDir;
  }

  /** G steps done so far. */
  public long step() {
    try (Result r = session.runner().fetch(g.stepValue()).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  /**
   * Trains up to {@code config.steps()}, checkpointing every {@code checkpointEvery} steps and at the
   * end, then writes samples and {@code metrics.json}. Stops with {@link TrainingDivergedException}
   * at the first non-finite loss or weight, keeping the last good checkpoint, and with
   * {@link TrainingStoppedException} after a checkpoint of the current step when
   * {@link #requestStop()} is called.
   */
  public TrainingResult train(TrainingListener listener) {
    return train(listener, PeriodicEvaluation.NONE);
  }

  /**
   * As {@link #train(TrainingListener)}, scoring samples every {@code evaluation.every()} steps and
   * at the last step; scores go to {@code metrics.json} (earlier entries of a resumed run are kept)
   * and TensorBoard ({@code eval/fid}, ...). On a cluster, a step whose failure TensorFlow pins on a
   * worker task ends with {@link ClusterUnavailableException}; any other failure comes as TensorFlow raised it.
   */
  public TrainingResult train(TrainingListener listener, PeriodicEvaluation evaluation) {
    return train(listener, evaluation, null);
  }

  /**
   * As {@link #train(TrainingListener, PeriodicEvaluation)}, ending at the first step after which
   * {@code budget} (null: none) of training time has passed in this call: training time excludes
   * periodic evaluations. That end is a normal one, as at {@code config.steps()}: a checkpoint of the
   * step, a last evaluation, samples and {@code summary.json}; {@link TrainingResult#budgetReached()} says so.
   */
  public TrainingResult train(TrainingListener listener, PeriodicEvaluation evaluation, Duration budget) {
    if (budget != null && (budget.isNegative() || budget.isZero())) {
      throw new IllegalArgumentException("the time budget must be positive, got " + budget);
    }
    if (placement.target().isEmpty()) {
      return trainSteps(listener, evaluation, budget);
    }
    try {
      return trainSteps(listener, evaluation, budget);
    } catch (RuntimeException e) {
      if (!e.getClass().getPackageName().equals(TensorFlowException.class.getPackageName())) {
        throw e;
      }
      String kept = checkpoints.latest().map(p -> "the newest checkpoint, " + p + ", is what a resume continues from; nothing after it is kept")
          .orElse("no checkpoint had been written yet");
      throw workerFailure(e, lastStep + 1, kept).orElseThrow(() -> e);
    }
  }

  /**
   * A cluster step that failed as the loss of a worker, when TensorFlow's message names a worker task
   * other than task 0, the chief (a worker that died closes its connections, and the step ends with
   * UNAVAILABLE or ABORTED naming its device). Empty when the message names only the chief or no task:
   * then the chief's own ops failed, and blaming a worker (and advising to restart it) would hide the
   * real error, which the caller rethrows as it is.
   */
  static Optional<ClusterUnavailableException> workerFailure(RuntimeException e, long step, String kept) {
    String message = String.valueOf(e.getMessage());
    Matcher m = TASK.matcher(message);
    int task = -1;
    while (task < 0 && m.find()) {
      int named = Integer.parseInt(m.group(2));
      if (m.group(1).equals(ClusterSpec.WORKER) && named > 0) {
        task = named;
      }
    }
    if (task < 0) {
      return Optional.empty();
    }
    String[] lines = message.split("\n");
    String detail = lines[0].strip();
    if (detail.startsWith("From /job:") && lines.length > 1) {
      detail = lines[1].strip(); // "From /job:worker/replica:0/task:1:", then the reason on the next line
    }
    return Optional.of(new ClusterUnavailableException(ClusterSpec.WORKER, task, ClusterSpec.WORKER + " task " + task + " failed at step "
        + step + " (TensorFlow: " + detail + "); " + kept, e));
  }

  /**
   * The clock (nanoseconds, as {@link System#nanoTime}, the default) that times the budget and
   * time-based evaluation of {@link #train}; a test passes one it advances itself. Package-private:
   * a test seam, so the public Trainer has no setter.
   */
  Trainer useClock(LongSupplier nanos) {
    this.clock = Objects.requireNonNull(nanos, "nanos");
    return this;
  }

  private TrainingResult trainSteps(TrainingListener listener, PeriodicEvaluation evaluation, Duration budget) {
    long first = step();
    long total = config.steps();
    if (first >= total) {
      throw new IllegalArgumentException(runDir + " is already trained to " + first + " steps; resume it with more than "
          + first + " --steps to train further");
    }
    listener.onStart(first, total);
    List<Map<String, Object>> evaluations = evaluation.enabled() ? previousEvaluations(first) : List.of();
    ArrayDeque<float[]> recent = new ArrayDeque<>();
    long start = System.nanoTime();
    long clockStart = clock.getAsLong();
    long evaluationNanos = 0; // time in periodic evaluations: not training time
    long budgetNanos = budget == null ? Long.MAX_VALUE : budget.toNanos();
    long everyNanos = evaluation.byTime() ? Math.max(1, Math.round(evaluation.everyMinutes() * 60e9)) : Long.MAX_VALUE;
    long nextEvaluation = everyNanos;
    long trained = 0;
    long end = total;
    boolean budgetReached = false;
    float dLoss = Float.NaN;
    float gLoss = Float.NaN;
    double[] sinceEvaluation = new double[3]; // Σ d_loss, Σ g_loss, steps: each evaluation logs their means
    for (long s = first; s < total; s++) {
      lastStep = s;
      for (int k = 1; k < config.nDis(); k++) {
        StepGraph.Variant v = nextVariant();
        try (Result r = session.runner().addTarget(v.dStep()).fetch(v.dLoss()).run()) {
          checkFinite(s + 1, ((TFloat32) r.get(0)).getFloat(), null);
        }
      }
      StepGraph.Variant v = nextVariant();
      Session.Runner run = session.runner().addTarget(v.gStep()).fetch(v.dLoss()).fetch(v.gLoss());
      boolean log = (s + 1) % config.logEvery() == 0 || s + 1 == total;
      if (log) {
        eventWrites.get(v).forEach(run::addTarget);
      }
      try (Result r = run.run()) {
        dLoss = ((TFloat32) r.get(0)).getFloat();
        gLoss = ((TFloat32) r.get(1)).getFloat();
      }
      checkFinite(s + 1, dLoss, gLoss);
      recent.addLast(new float[] {dLoss, gLoss});
      sinceEvaluation[0] += dLoss;
      sinceEvaluation[1] += gLoss;
      sinceEvaluation[2]++;
      if (recent.size() > 100) {
        recent.removeFirst();
      }
      listener.onStep(s + 1, dLoss, gLoss);
      trained = clock.getAsLong() - clockStart - evaluationNanos;
      budgetReached = trained >= budgetNanos && s + 1 < total;
      boolean last = s + 1 == total || budgetReached;
      Path saved = null;
      if ((s + 1) % config.checkpointEvery() == 0 || last) {
        saved = checkpoint(s + 1, listener);
      }
      if (imageWrite != null && (s + 1) % config.imageEvery() == 0) {
        try (TInt64 seed = TInt64.scalarOf(SAMPLE_SEED); TInt32 n = TInt32.scalarOf(gridCount())) {
          session.runner().feed(g.sampleSeed(), seed).feed(g.sampleCount(), n).addTarget(imageWrite).run().close();
        }
      }
      boolean due = evaluation.byTime() ? trained >= nextEvaluation : (s + 1) % evaluation.every() == 0;
      if (evaluation.enabled() && (due || last)) {
        long before = clock.getAsLong();
        evaluate(s + 1, trained / 60e9, evaluation.scorer(), evaluations, sinceEvaluation, listener);
        java.util.Arrays.fill(sinceEvaluation, 0);
        evaluationNanos += clock.getAsLong() - before;
        while (nextEvaluation <= trained) {
          nextEvaluation += everyNanos;
        }
      }
      if (budgetReached) {
        end = s + 1;
        break;
      }
      if (stopRequested && s + 1 < total) {
        saved = saved != null ? saved : checkpoint(s + 1, listener);
        session.run(events.flush);
        throw new TrainingStoppedException(s + 1, total, saved);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    session.run(events.flush);
    float meanD = (float) recent.stream().mapToDouble(v -> v[0]).average().orElse(Double.NaN);
    float meanG = (float) recent.stream().mapToDouble(v -> v[1]).average().orElse(Double.NaN);
    ModeCoverage coverage = null;
    try {
      if (data.isImage()) {
        int n = gridCount();
        ImageGrid.writePng(sample(SAMPLE_SEED, n), n, shape(0), shape(1), shape(2), 8, 2, runDir.resolve(SAMPLES_PNG));
      } else {
        float[] points = sample(SAMPLE_SEED, ModeCoverage.SAMPLES);
        PointsCsv.write(points, runDir.resolve(SAMPLES_CSV));
        if (data instanceof GaussianMixture2d mixture) {
          coverage = ModeCoverage.of(points, mixture.means(), mixture.sigma(), ModeCoverage.MIN_PER_MODE);
        }
      }
      TrainingResult result = new TrainingResult(end, end - first, seconds, meanD, meanG, coverage, trained / 60e9, budgetReached);
      writeJson(runDir.resolve(SUMMARY_FILE), result.toJson());
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write results to " + runDir + ": " + e.getMessage(), e);
    }
  }

  /** Samples in the grid of {@code samples.png} and TensorBoard ({@link io.gan4j.sdk.gan.GeneratorNetwork#sampleGridCount}). */
  private int gridCount() {
    return g.sampleGridCount();
  }

  private int shape(int axis) {
    return g.sampleShape().get(axis);
  }

  /**
   * Asks a running {@link #train} to stop after its current step: it writes a checkpoint of that step
   * and throws {@link TrainingStoppedException}. Safe to call from any thread, e.g. a shutdown hook.
   */
  public void requestStop() {
    stopRequested = true;
  }

  private Path checkpoint(long step, TrainingListener listener) {
    checkWeightsFinite(step);
    Path saved = checkpoints.save(session, step);
    listener.onCheckpoint(step, saved);
    return saved;
  }

  /** Scores one evaluation; its entry also holds the losses averaged over the G steps since the previous one. */
  private void evaluate(long step, double minutes, SampleScorer scorer, List<Map<String, Object>> evaluations, double[] lossSums,
      TrainingListener listener) {
    int n = scorer.sampleCount();
    Map<String, Double> scores = scorer.score(sample(EVAL_SEED, n), n);
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("step", step);
    entry.put("minutes", Math.round(minutes * 1e4) / 1e4);
    entry.putAll(scores);
    entry.put("d_loss", lossSums[0] / lossSums[2]);
    entry.put("g_loss", lossSums[1] / lossSums[2]);
    evaluations.add(entry);
    try {
      writeJson(runDir.resolve(METRICS_FILE), evaluations);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + runDir.resolve(METRICS_FILE) + ": " + e.getMessage(), e);
    }
    for (Map.Entry<String, Double> e : scores.entrySet()) {
      try (TInt64 st = TInt64.scalarOf(step);
          TString tag = TString.scalarOf("eval/" + e.getKey());
          TFloat32 v = TFloat32.scalarOf(e.getValue().floatValue())) {
        session.runner().feed(events.fedStep, st).feed(events.fedTag, tag).feed(events.fedValue, v)
            .addTarget(events.fedWrite).run().close();
      }
    }
    session.run(events.flush);
    listener.onEvaluation(step, scores);
  }

  /** Entries of an existing {@code metrics.json} up to {@code step}: a resumed run continues the list. */
  private List<Map<String, Object>> previousEvaluations(long step) {
    List<Map<String, Object>> out = new ArrayList<>();
    Path file = runDir.resolve(METRICS_FILE);
    if (step == 0 || !Files.exists(file)) {
      return out;
    }
    try {
      for (Map<String, Object> e : JSON.readValue(file.toFile(),
          new com.fasterxml.jackson.core.type.TypeReference<List<Map<String, Object>>>() {})) {
        if (((Number) e.get("step")).longValue() <= step) {
          out.add(e);
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.warning(() -> file + " is unreadable (" + e.getMessage() + "); starting a new list");
    }
    return out;
  }

  /**
   * Runs {@code n} full training steps (n_dis D updates and one G update each) without checkpoints,
   * events or the divergence guard, and returns the wall seconds they took: the benchmark loop.
   */
  public double timeSteps(int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      fullStep(null, null);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * One full step (n_dis D updates, then the G update) fetching what {@link #train} fetches, so the
   * benchmark times the graph training runs: TensorFlow prunes and optimises per fetch set. With
   * {@code trace} set, each run's step stats go to {@code traces}.
   */
  private void fullStep(RunOptions trace, List<StepStats> traces) {
    for (int k = 1; k < config.nDis(); k++) {
      StepGraph.Variant v = nextVariant();
      run(session.runner().addTarget(v.dStep()).fetch(v.dLoss()), trace, traces);
    }
    StepGraph.Variant v = nextVariant();
    run(session.runner().addTarget(v.gStep()).fetch(v.dLoss()).fetch(v.gLoss()), trace, traces);
  }

  private void run(Session.Runner runner, RunOptions trace, List<StepStats> traces) {
    if (trace == null) {
      runner.run().close();
      return;
    }
    try (Result r = runner.setOptions(trace).runAndFetchMetadata()) {
      r.getMetadata().ifPresent(m -> traces.add(m.getStepStats()));
    }
  }

  /**
   * The step variant for the coming D step: several exist only when objective terms apply on some
   * D steps, and then the graph says which (one small run of a scalar op).
   */
  private StepGraph.Variant nextVariant() {
    if (g.variantIndex() == null) {
      return g.variants().get(0);
    }
    try (Result r = session.runner().fetch(g.variantIndex()).run()) {
      return g.variants().get(((TInt32) r.get(0)).getInt());
    }
  }

  /**
   * Runs {@code n} full training steps with TensorFlow's per-kernel trace on and sums the kernel
   * times by op type. Tracing costs time itself, so time speed with {@link #timeSteps}.
   */
  public StepProfile profileSteps(int n) {
    RunOptions trace = RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build();
    List<StepStats> traces = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      fullStep(trace, traces);
    }
    return StepProfile.of(traces, n, (System.nanoTime() - start) / 1e9);
  }

  /** {@code count} samples of G in inference mode for {@code seed}, flattened NHWC or [N, d]. */
  public float[] sample(long seed, int count) {
    try (TInt64 s = TInt64.scalarOf(seed);
        TInt32 n = TInt32.scalarOf(count);
        Result r = session.runner().feed(g.sampleSeed(), s).feed(g.sampleCount(), n).fetch(g.samples()).run()) {
      return toArray((TFloat32) r.get(0));
    }
  }

  /** Current values of every variable (weights, state, optimiser slots), by name. */
  public Map<String, float[]> variables() {
    return readVariables(session, g.store());
  }

  /** The current value of every variable in {@code store}, by name (shared with {@link TrainedGenerator}). */
  static Map<String, float[]> readVariables(Session session, VariableStore store) {
    // One run for all: every distinct fetch set costs TensorFlow a new pruned executor, seconds on a big graph.
    Map<String, float[]> out = new LinkedHashMap<>();
    List<VariableStore.Entry> entries = store.entries();
    Session.Runner runner = session.runner();
    entries.forEach(e -> runner.fetch(e.variable()));
    try (Result r = runner.run()) {
      for (int i = 0; i < entries.size(); i++) {
        out.put(entries.get(i).name(), toArray((TFloat32) r.get(i)));
      }
    }
    return out;
  }

  /** {@code gl} is null for D-only steps, which compute no G loss. */
  private void checkFinite(long step, float d, Float gl) {
    if (Float.isFinite(d) && (gl == null || Float.isFinite(gl))) {
      return;
    }
    throw diverged(step, gl == null ? "d_loss=" + d : String.format("d_loss=%s, g_loss=%s", d, gl));
  }

  private void checkWeightsFinite(long step) {
    try (Result r = session.runner().fetch(g.weightsFinite()).run()) {
      if (!((TBool) r.get(0)).getBoolean()) {
        throw diverged(step, "a weight is NaN or infinite");
      }
    }
  }

  private TrainingDivergedException diverged(long step, String detail) {
    String kept = checkpoints.latest()
        .map(p -> "the last good checkpoint, " + p.getFileName() + ", is kept in " + p.getParent())
        .orElse("no checkpoint had been written yet");
    return new TrainingDivergedException(step, "training diverged at step " + step + " (" + detail + "); " + kept
        + ". Try a lower learning rate.");
  }

  static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(org.tensorflow.ndarray.buffer.DataBuffers.of(out, false, false));
    return out;
  }

  static void writeJson(Path file, Object value) throws IOException {
    AtomicFile.write(file, tmp -> JSON.writeValue(tmp.toFile(), value));
  }

  @Override
  public void close() {
    if (placement.target().isEmpty()) {
      try (graph; session) { // closes the session first, then its graph
      }
    } else if (closeWithin(session, CLUSTER_CLOSE_WAIT)) {
      graph.close();
    } else {
      // The graph stays open too: Graph.close waits for the session's reference to it.
      LOG.warning("the cluster session did not close within " + CLUSTER_CLOSE_WAIT.toSeconds()
          + " s (a worker task is gone); its native resources are left to the process's exit");
    }
    LOG.fine(() -> "closed trainer for " + runDir);
  }

  /**
   * Closes {@code s} on a daemon thread and waits at most {@code wait}. With a worker task dead,
   * TF_CloseSession of a grpc:// session waits for that worker forever (seen after a SIGKILL in
   * cluster-fault.sh: the chief hung in close instead of exiting with its error).
   */
  private static boolean closeWithin(Session s, Duration wait) {
    Thread closing = new Thread(s::close, "gan4j-cluster-session-close");
    closing.setDaemon(true);
    closing.start();
    try {
      closing.join(wait.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !closing.isAlive();
  }
}
