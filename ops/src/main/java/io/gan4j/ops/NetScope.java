package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * Where a layer is being built: the ops factory, the variable store, the forward pass and a flat
 * name prefix. {@code child("block2")} under {@code D} names variables {@code D_block2_*}.
 *
 * <p>Usage: {@code NetScope d = NetScope.root(store, pass, "D"); Dense.of(1).spectralNorm(true).apply(d.child("out"), h);}
 */
public final class NetScope {

  private final VariableStore store;
  private final ForwardPass pass;
  private final String prefix;
  private final Initializer weightInit;

  private NetScope(VariableStore store, ForwardPass pass, String prefix, Initializer weightInit) {
    this.store = store;
    this.pass = pass;
    this.prefix = prefix;
    this.weightInit = weightInit;
  }

  /** A root scope whose layers initialise weights with Glorot-uniform unless told otherwise. */
  public static NetScope root(VariableStore store, ForwardPass pass, String name) {
    return new NetScope(store, pass, name, Initializer.glorotUniform());
  }

  public NetScope child(String name) {
    checkArgument(!name.isEmpty() && !name.contains("/"), "bad scope name '%s'", name);
    return new NetScope(store, pass, prefix + "_" + name, weightInit);
  }

  /** The same scope, with layers initialising their weights with {@code init}. */
  public NetScope withWeightInit(Initializer init) {
    return new NetScope(store, pass, prefix, init);
  }

  /** How layers in this scope initialise their kernels. */
  public Initializer weightInit() {
    return weightInit;
  }

  public Ops tf() {
    return store.tf();
  }

  /** The weight of a {@link Mode#STANDING} pass's statistics ({@link ForwardPass#standingWeight()}). */
  public float standingWeight() {
    return pass.standingWeight();
  }

  public Mode mode() {
    return pass.mode();
  }

  /** How this pass's batch norms group rows for their statistics ({@link ForwardPass#ghostBatch()}). */
  public GhostBatch ghostBatch() {
    return pass.ghostBatch();
  }

  public String name() {
    return prefix;
  }

  /** The full variable name of {@code local} in this scope. */
  public String qualify(String local) {
    return prefix + "_" + local;
  }

  /** A trainable weight, created on first use, read through this pass. */
  public Operand<TFloat32> weight(String local, Shape shape, Initializer init) {
    return pass.read(tf(), store, store.getOrCreate(qualify(local), shape, init, VariableStore.Role.TRAINABLE));
  }

  /** Non-trained state (moving averages, spectral-norm {@code u}), read through this pass. */
  public Operand<TFloat32> state(String local, Shape shape, Initializer init) {
    return pass.read(tf(), store, store.getOrCreate(qualify(local), shape, init, VariableStore.Role.STATE));
  }

  /** The variable behind {@link #state}, for writing updates to it. */
  public Variable<TFloat32> stateVariable(String local) {
    return store.get(qualify(local)).variable();
  }

  /** Ops for writing this pass's state (build updates with it, then {@link #addUpdate}): ordered as the pass requires. */
  public Ops stateWrites() {
    return pass.forStateWrites(tf());
  }

  /** Records a state update; the caller of the pass decides whether it runs. */
  public void addUpdate(Op update) {
    pass.addUpdate(update);
  }
}
