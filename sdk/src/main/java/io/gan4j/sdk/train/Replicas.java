package io.gan4j.sdk.train;

import io.gan4j.sdk.train.cluster.NativeShim;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.family.TType;

/**
 * The data-parallel replicas of one training graph, as a {@link StepGraph} builds them: the ops for
 * shared things (variables, counters, the global batch, the averaged update) on the variable device,
 * each replica's part (its slice of the batch, its passes, losses and gradients) placed on its own
 * device, and the average of the replicas' gradients. Nothing here knows a GAN family: a step graph
 * builds its per-replica part in {@link #build} and averages with {@link #mean}. With
 * {@link Placement#LOCAL} every method is the identity, so the single-device graph is unchanged.
 *
 * <p>Usage: {@code Replicas reps = Replicas.of(graph, placement); Loss l = reps.build(r, () -> lossOf(reps.slice(tf, batch, r)));}
 */
final class Replicas {

  private final Graph graph;
  private final Placement placement;
  private final Ops shared;
  private final Ops perReplica;

  private Replicas(Graph graph, Placement placement) {
    this.graph = graph;
    this.placement = placement;
    Ops root = Ops.create(graph);
    shared = placement.variableDevice().isEmpty() ? root : root.withDevice(Placement.deviceSpec(placement.variableDevice()));
    // No device: a replica's ops get theirs after they are built (build()), together with the
    // gradient ops TensorFlow's C++ builder adds without one.
    perReplica = placement.replicaDevices().isEmpty() ? root : root.withDevice(DeviceSpec.newBuilder().build());
  }

  static Replicas of(Graph graph, Placement placement) {
    return new Replicas(graph, placement);
  }

  int count() {
    return placement.replicas();
  }

  /** Ops for what all replicas share: variables, counters, the global batch, updates. */
  Ops shared() {
    return shared;
  }

  /** Ops for a replica's part; use them inside {@link #build}. */
  Ops perReplica() {
    return perReplica;
  }

  /**
   * Builds replica {@code r}'s part and places every op it added on replica {@code r}'s device,
   * except ops that write a variable by reference: TensorFlow keeps those with the variable.
   */
  <T> T build(int r, Supplier<T> part) {
    if (placement.replicaDevices().isEmpty()) {
      return part.get();
    }
    Set<GraphOperation> before = new HashSet<>();
    graph.operations().forEachRemaining(op -> before.add(op));
    T out = part.get();
    List<GraphOperation> added = new ArrayList<>();
    graph.operations().forEachRemaining(op -> {
      if (!before.contains(op)) {
        added.add(op);
      }
    });
    NativeShim.place(graph, added, placement.replicaDevices().get(r));
    return out;
  }

  /** Rows {@code [r·n/k, (r+1)·n/k)} of a global batch of {@code n} rows (the whole batch for one replica). */
  <T extends TType> Operand<T> slice(Operand<T> global, int r, int n) {
    int k = count();
    if (k == 1 || global == null) {
      return global;
    }
    long rows = n / k;
    // A strided slice over the first axis only keeps the other axes whole, whatever the rank.
    return shared.stridedSlice(global, shared.constant(new long[] {r * rows}), shared.constant(new long[] {(r + 1) * rows}),
        shared.constant(new long[] {1}));
  }

  /**
   * The mean of the replicas' values, on the variable device. For gradients of per-slice mean losses
   * over equal slices, Σ_r (1/k)·∇(mean over slice r) = ∇(mean over the global batch).
   */
  Operand<TFloat32> mean(List<Operand<TFloat32>> values) {
    if (values.size() == 1) {
      return values.get(0);
    }
    return shared.math.div(shared.math.addN(values), shared.constant((float) values.size()));
  }

  /**
   * The seed of replica {@code r}'s own random draws (terms' masks and interpolation weights): the
   * run's seed for replica 0, another per replica so replicas do not repeat each other's draws.
   */
  static long seed(long runSeed, int r) {
    return runSeed + r * 0x9E3779B97F4A7C15L;
  }
}
