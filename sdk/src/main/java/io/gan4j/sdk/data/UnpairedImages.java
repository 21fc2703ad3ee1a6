package io.gan4j.sdk.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TInt64;

/**
 * Two unaligned image sets (CycleGAN): A and B may differ in count and channels, and each is visited
 * in its own order, A's drawn from {@code seed} and B's from {@code seed + B_SEED_OFFSET}, so row i of
 * a batch of A has nothing to do with row i of B.
 *
 * <p>Usage: {@code UnpairedImages u = UnpairedImages.of("horse2zebra", horses, zebras);}
 */
public record UnpairedImages(String name, ImageDataset a, ImageDataset b) implements TranslationData {

  /** B's order is drawn from the seed plus this, so it never coincides with A's. */
  public static final long B_SEED_OFFSET = 0x5bd1e995L;

  public UnpairedImages {
    List<Integer> sa = a.elementShape();
    List<Integer> sb = b.elementShape();
    if (!sa.get(0).equals(sb.get(0)) || !sa.get(1).equals(sb.get(1))) {
      throw new DataException(name + ": A images are " + sa.get(0) + "x" + sa.get(1) + " but B images are " + sb.get(0) + "x" + sb.get(1)
          + "; translation needs one size (read the folders with the same --image-size)");
    }
  }

  public static UnpairedImages of(String name, ImageDataset a, ImageDataset b) {
    return new UnpairedImages(name, a, b);
  }

  @Override
  public boolean paired() {
    return false;
  }

  @Override
  public Batch batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    return new Batch(a.batch(tf, counter, batchSize, seed), b.batch(tf, counter, batchSize, seed + B_SEED_OFFSET));
  }
}
