package io.gan4j.sdk.translation;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.ops.VariableStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** The in-graph pool against a plain Java copy of pytorch-CycleGAN's {@code ImagePool.query}, fed the same coins and slots. */
class ImagePoolTest {

  @Test
  void followsImagePoolQueryImageByImageAcrossSteps() {
    int size = 3;
    int n = 2;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, 1);
      Placeholder<TFloat32> images = tf.placeholder(TFloat32.class, Placeholder.shape(org.tensorflow.ndarray.Shape.of(n, 1, 1, 1)));
      Placeholder<TInt64> step = tf.placeholder(TInt64.class, Placeholder.shape(org.tensorflow.ndarray.Shape.scalar()));
      Operand<TInt64> coinKey = tf.stack(List.of(tf.constant(7L), step));
      Operand<TInt64> slotKey = tf.stack(List.of(tf.constant(8L), step));
      List<Op> updates = new ArrayList<>();
      Operand<TFloat32> out = ImagePool.query(tf, store, "pool", size, images, coinKey, slotKey, updates);
      Operand<TFloat32> coins = tf.random.statelessRandomUniform(tf.constant(new int[] {n}), coinKey, TFloat32.class);
      Operand<TInt32> slots = tf.random.statelessRandomUniformInt(tf.constant(new int[] {n}), slotKey, tf.constant(0), tf.constant(size));
      s.initialize();
      List<Float> pool = new ArrayList<>();
      int swaps = 0;
      for (long st = 0; st < 8; st++) {
        float[] batch = {10 * st + 1, 10 * st + 2};
        try (TFloat32 x = TFloat32.tensorOf(org.tensorflow.ndarray.Shape.of(n, 1, 1, 1), org.tensorflow.ndarray.buffer.DataBuffers.of(batch));
            TInt64 k = TInt64.scalarOf(st)) {
          Session.Runner run = s.runner().feed(images, x).feed(step, k).fetch(out).fetch(coins).fetch(slots);
          updates.forEach(run::addTarget);
          try (Result r = run.run()) {
            TFloat32 got = (TFloat32) r.get(0);
            TFloat32 c = (TFloat32) r.get(1);
            TInt32 sl = (TInt32) r.get(2);
            for (int i = 0; i < n; i++) {
              // image_pool.py: fill first; then with p > 0.5 return a random stored image and store this one.
              float expected;
              if (pool.size() < size) {
                pool.add(batch[i]);
                expected = batch[i];
              } else if (c.getFloat(i) > 0.5f) {
                int id = sl.getInt(i);
                expected = pool.get(id);
                pool.set(id, batch[i]);
                swaps++;
              } else {
                expected = batch[i];
              }
              assertThat(got.getFloat(i, 0, 0, 0)).as("step %d image %d", st, i).isEqualTo(expected);
            }
          }
        }
      }
      assertThat(swaps).as("the draws must exercise the swap branch").isGreaterThan(0);
      float[] stored = TranslationTermsTest.fetch(s, store.get("pool").variable());
      for (int i = 0; i < size; i++) {
        assertThat(stored[i]).isEqualTo(pool.get(i));
      }
      assertThat(TranslationTermsTest.fetch(s, store.get("pool_count").variable())).containsExactly((float) size);
    }
  }
}
