package io.gan4j.sdk.translation;

import static com.google.common.base.Preconditions.checkArgument;

import io.gan4j.ops.Initializer;
import io.gan4j.ops.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * CycleGAN's history of generated images for D (Shrivastava et al. 2017; pytorch-CycleGAN
 * {@code util/image_pool.py}, pool size 50): D judges a mix of the newest generated images and older
 * ones. Each image of a batch, in order: while the pool holds fewer than {@code size} images it is
 * stored and returned; once full, with probability ½ a uniformly chosen stored image is returned and
 * replaced by it, otherwise it is returned itself. Exactly that sequential rule, unrolled over the
 * (static) batch inside the graph.
 *
 * <p>The pool and its fill count are {@link VariableStore.Role#STATE} variables ({@code <name>} and
 * {@code <name>_count}), so checkpoints hold them and a resumed run continues with the same history;
 * the coin flips and slots are stateless random draws keyed by (seed, stream, step).
 *
 * <p>Usage: {@code Operand<TFloat32> forD = ImagePool.query(tf, store, "pool_b", 50, fakeB, coins, slots, updates);}
 */
public final class ImagePool {

  /** pytorch-CycleGAN's {@code --pool_size}. */
  public static final int SIZE = 50;

  private ImagePool() {}

  /**
   * The images D should judge for {@code images [N, H, W, C]} (static shape). {@code coinKey} and
   * {@code slotKey} are int64 {@code [2]} keys of two different random streams. The pool's writes are
   * added to {@code updates}; run them in the same step (they wait for the returned images).
   * {@code size} 0 returns the images themselves and creates nothing.
   */
  public static Operand<TFloat32> query(Ops tf, VariableStore store, String name, int size, Operand<TFloat32> images,
      Operand<TInt64> coinKey, Operand<TInt64> slotKey, List<Op> updates) {
    checkArgument(size >= 0, "ImagePool %s: size must be >= 0, got %s", name, size);
    if (size == 0) {
      return images;
    }
    Shape shape = images.shape();
    checkArgument(shape.numDimensions() == 4 && !shape.hasUnknownDimension(), "ImagePool %s needs a static [N, H, W, C] batch, got %s",
        name, shape);
    int n = (int) shape.get(0);
    int d = (int) (shape.get(1) * shape.get(2) * shape.get(3));
    VariableStore.Entry poolVar = store.getOrCreate(name, Shape.of(size, shape.get(1), shape.get(2), shape.get(3)),
        Initializer.zeros(), VariableStore.Role.STATE);
    VariableStore.Entry countVar = store.getOrCreate(name + "_count", Shape.scalar(), Initializer.zeros(), VariableStore.Role.STATE);
    Operand<TFloat32> pool = tf.reshape(tf.identity(poolVar.variable()), tf.constant(new int[] {size, d}));
    Operand<TFloat32> count = tf.identity(countVar.variable());
    Operand<TFloat32> flat = tf.reshape(images, tf.constant(new int[] {n, d}));
    Operand<TFloat32> coins = tf.random.statelessRandomUniform(tf.constant(new int[] {n}), coinKey, TFloat32.class);
    Operand<TInt32> slots = tf.random.statelessRandomUniformInt(tf.constant(new int[] {n}), slotKey, tf.constant(0), tf.constant(size));
    Operand<TFloat32> one = tf.constant(1f);
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Operand<TFloat32> x = tf.gather(flat, tf.constant(i), tf.constant(0));
      Operand<org.tensorflow.types.TBool> full = tf.math.greaterEqual(count, tf.constant((float) size));
      Operand<org.tensorflow.types.TBool> swap = tf.math.logicalAnd(full,
          tf.math.greater(tf.gather(coins, tf.constant(i), tf.constant(0)), tf.constant(0.5f)));
      Operand<TInt32> randomSlot = tf.gather(slots, tf.constant(i), tf.constant(0));
      Operand<TInt32> slot = tf.select(full, randomSlot, tf.dtypes.cast(count, TInt32.class));
      Operand<TFloat32> write = tf.select(tf.math.logicalOr(tf.math.logicalNot(full), swap), one, tf.constant(0f));
      Operand<TFloat32> stored = tf.gather(pool, slot, tf.constant(0));
      out.add(tf.select(swap, stored, x));
      // pool ← pool·(1 − m) + m·x with m the one-hot of the written slot (all zero when nothing is written).
      Operand<TFloat32> m = tf.reshape(tf.math.mul(tf.oneHot(slot, tf.constant(size), one, tf.constant(0f)), write),
          tf.constant(new int[] {size, 1}));
      pool = tf.math.add(tf.math.mul(pool, tf.math.sub(one, m)), tf.math.mul(m, tf.reshape(x, tf.constant(new int[] {1, d}))));
      count = tf.math.add(count, tf.select(full, tf.constant(0f), one));
    }
    Operand<TFloat32> result = tf.reshape(tf.stack(out), tf.constant(new int[] {n, (int) shape.get(1), (int) shape.get(2), (int) shape.get(3)}));
    // The reads above may alias the variables' buffers: write only once the returned images exist.
    Ops after = tf.withControlDependencies(List.of(result));
    updates.add(after.assign(poolVar.variable(), after.reshape(pool, after.constant(new long[] {size, shape.get(1), shape.get(2), shape.get(3)}))));
    updates.add(after.assign(countVar.variable(), count));
    return result;
  }
}
