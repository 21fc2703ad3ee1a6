package io.gan4j.sdk.train;

import io.gan4j.ops.VariableStore;
import java.util.Map;
import java.util.logging.Logger;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;

/**
 * An inference-only graph of a run with its variables restored from the run's newest readable
 * checkpoint: what {@link TrainedGenerator} and {@link TrainedTranslator} share. The owner builds its
 * networks into {@link #tf()} and {@link #store()}, then calls {@link #restore} once; a corrupt newer
 * checkpoint is skipped with a logged warning (see {@link Checkpoints#restoreNewest}). Closing it
 * closes the session, then the graph; the owner closes it when its own construction fails.
 *
 * <p>Usage: {@code RestoredGraph g = RestoredGraph.create(config.seed()); build(g.tf(), g.store()); long step = g.restore(Checkpoints.forReading(run), LOG);}
 */
final class RestoredGraph implements AutoCloseable {

  private final Graph graph;
  private final Ops tf;
  private final VariableStore store;
  private Session session;

  private RestoredGraph(long seed) {
    graph = new Graph();
    try {
      tf = Ops.create(graph);
      store = new VariableStore(tf, seed);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** An empty graph whose variables start from {@code seed} (as the run's did; the restore overwrites them). */
  static RestoredGraph create(long seed) {
    return new RestoredGraph(seed);
  }

  Graph graph() {
    return graph;
  }

  Ops tf() {
    return tf;
  }

  VariableStore store() {
    return store;
  }

  /** The session, once {@link #restore} has run. */
  Session session() {
    return session;
  }

  /**
   * Opens the session on the graph built so far and restores the newest checkpoint that reads;
   * returns its training step. Each newer checkpoint that did not read is a warning on {@code log}.
   */
  long restore(Checkpoints checkpoints, Logger log) {
    if (session != null) {
      throw new IllegalStateException("restored already");
    }
    session = new Session(graph);
    Checkpoints.Restored restored = checkpoints.restoreNewest(session);
    restored.warnings().forEach(log::warning);
    return Checkpoints.stepOf(restored.checkpoint());
  }

  /** The restored values of every variable in the store, by name (flattened, row-major). */
  Map<String, float[]> variables() {
    return Trainer.readVariables(session, store);
  }

  @Override
  public void close() {
    try (graph; Session s = session) { // the session first, then its graph; a null session is skipped
    }
  }
}
