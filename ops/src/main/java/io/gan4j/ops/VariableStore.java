package io.gan4j.ops;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/**
 * All variables of one graph, by flat unique name ({@code D_block2_conv1_w}). Building a network a
 * second time (an INFER pass, the D pass of the G step) reuses the variables of the first.
 *
 * <p>Variables are {@code VariableV2} (ref) variables because {@code Session.save} and the
 * SavedModel exporter skip resource variables.
 *
 * <p>Usage: {@code VariableStore store = new VariableStore(tf, seed);}
 */
public final class VariableStore {

  /**
   * What a variable is for: trained by an optimiser, carried state, an optimiser slot, or an
   * exponential moving average of a trainable weight ({@code <weight>_ema}).
   */
  public enum Role {
    TRAINABLE,
    STATE,
    SLOT,
    AVERAGE
  }

  /** Suffix of the moving average of a weight. */
  public static final String AVERAGE_SUFFIX = "_ema";

  /** A variable and what it is for. */
  public record Entry(String name, Variable<TFloat32> variable, Shape shape, Role role) {}

  private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]*");

  private final Ops tf;
  /** Where variables are created: {@link #tf} itself, or the original store's for a {@link #using} view. */
  private final Ops creator;
  private final long seed;
  /** Shared with every {@link #using} view, which also locks on it. */
  private final Map<String, Entry> entries;

  public VariableStore(Ops tf, long seed) {
    this(tf, tf, seed, new LinkedHashMap<>());
  }

  private VariableStore(Ops tf, Ops creator, long seed, Map<String, Entry> entries) {
    this.tf = tf;
    this.creator = creator;
    this.seed = seed;
    this.entries = entries;
  }

  /** The ops factory layers built through this store emit with. */
  public Ops tf() {
    return tf;
  }

  /**
   * The same variables, with layers built through the view emitting ops with {@code ops}, while
   * variables it creates are still created with this store's ops. A data-parallel replica builds its
   * pass with a view whose ops carry no device (they are placed on the replica afterwards) while the
   * variables stay on the device this store's ops name.
   */
  public VariableStore using(Ops ops) {
    return new VariableStore(ops, creator, seed, entries);
  }

  /** Returns the variable called {@code name}, creating it on first use. */
  public Entry getOrCreate(String name, Shape shape, Initializer init, Role role) {
    synchronized (entries) {
      return getOrCreateLocked(name, shape, init, role);
    }
  }

  private Entry getOrCreateLocked(String name, Shape shape, Initializer init, Role role) {
    checkArgument(
        NAME.matcher(name).matches(),
        "variable name '%s' must match %s (TensorFlow Java rejects '/' in names)",
        name,
        NAME);
    Entry existing = entries.get(name);
    if (existing != null) {
      checkArgument(
          existing.shape().equals(shape) && existing.role() == role,
          "variable '%s' already exists as %s %s, requested %s %s",
          name,
          existing.role(),
          existing.shape(),
          role,
          shape);
      return existing;
    }
    long variableSeed = seed * 1_000_003L + name.hashCode();
    Variable<TFloat32> variable =
        creator.withName(name).variable(init.create(creator.withInitScope(), shape, variableSeed));
    Entry entry = new Entry(name, variable, shape, role);
    entries.put(name, entry);
    return entry;
  }

  public Entry get(String name) {
    synchronized (entries) {
      Entry entry = entries.get(name);
      checkArgument(entry != null, "no variable named '%s'", name);
      return entry;
    }
  }

  public List<Entry> entries() {
    synchronized (entries) {
      return ImmutableList.copyOf(entries.values());
    }
  }

  /** Variables of {@code role} whose names start with {@code prefix}, in creation order. */
  public List<Entry> entries(String prefix, Role role) {
    synchronized (entries) {
      return entries.values().stream()
          .filter(e -> e.name().startsWith(prefix) && e.role() == role)
          .collect(ImmutableList.toImmutableList());
    }
  }
}
