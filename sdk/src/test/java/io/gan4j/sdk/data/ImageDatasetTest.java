package io.gan4j.sdk.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

class ImageDatasetTest {

  private static final int COUNT = 10;
  private static final int BATCH = 3; // 3 batches per epoch, image order[9] skipped
  private static final long SEED = 7;

  /** 1×1 images whose pixel is 20·i, labelled 100 + i, so a batch says which images it holds. */
  private static ImageDataset indexed() {
    byte[] pixels = new byte[COUNT];
    int[] labels = new int[COUNT];
    for (int i = 0; i < COUNT; i++) {
      pixels[i] = (byte) (20 * i);
      labels[i] = 100 + i;
    }
    return new ImageDataset("indexed", COUNT, 1, 1, 1, pixels, labels);
  }

  /** The documented order of epoch e, computed directly: indices of the keys U(seed, e) sorted descending. */
  private static int[] expectedOrder(long epoch) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operand<TFloat32> keys = tf.random.statelessRandomUniform(tf.constant(new int[] {COUNT}),
          tf.constant(new long[] {SEED, epoch}));
      try (Result r = s.runner().fetch(tf.nn.topK(keys, tf.constant(COUNT), TInt32.class).indices()).run()) {
        TInt32 t = (TInt32) r.get(0);
        int[] out = new int[COUNT];
        for (int i = 0; i < COUNT; i++) {
          out[i] = t.getInt(i);
        }
        return out;
      }
    }
  }

  @Test
  void batchesFollowTheEpochPermutationWhateverOrderTheCountersCome() {
    // Forward through three epochs, then back to epoch 0 and on to 2 (as after a restore): the
    // cached permutation must be recomputed whenever the epoch differs, never reused stale.
    long[] counters = {0, 1, 2, 3, 4, 5, 6, 7, 8, 1, 7, 7, 3};
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TInt64> counter = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      ImageDataset.LabeledBatch b = indexed().labeledBatch(tf, counter, BATCH, SEED);
      s.initialize();
      List<Set<Integer>> epochs = List.of(new HashSet<>(), new HashSet<>(), new HashSet<>());
      for (long c : counters) {
        try (TInt64 ct = TInt64.scalarOf(c); Result r = s.runner().feed(counter, ct).fetch(b.images()).fetch(b.labels()).run()) {
          TFloat32 images = (TFloat32) r.get(0);
          TInt32 labels = (TInt32) r.get(1);
          int[] order = expectedOrder(c / 3);
          List<Integer> got = new ArrayList<>();
          for (int i = 0; i < BATCH; i++) {
            int index = Math.round((images.getFloat(i, 0, 0, 0) + 1f) * 127.5f / 20f);
            assertThat(labels.getInt(i)).as("label of image %s", index).isEqualTo(100 + index);
            got.add(index);
            if (c < 9 && counters.length > 0) {
              epochs.get((int) (c / 3)).add(index);
            }
          }
          int offset = (int) (c % 3) * BATCH;
          assertThat(got).as("counter %s", c).containsExactly(order[offset], order[offset + 1], order[offset + 2]);
        }
      }
      // Each epoch visits 9 distinct images, and the epochs are shuffled differently.
      epochs.forEach(e -> assertThat(e).hasSize(9));
      assertThat(expectedOrder(0)).isNotEqualTo(expectedOrder(1));
    }
  }
}
