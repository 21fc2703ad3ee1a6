package io.gan4j.sdk.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Translation data as {@link TrainingData}, so the one trainer trains translation models too: an
 * element is an A image and a B image stacked along the channels ({@code [H, W, C_A + C_B]}, A's
 * channels first), a batch is {@link TranslationData#batch} with its two halves concatenated. The
 * translation graph splits them again; pairs stay aligned when the data is paired.
 *
 * <p>Usage: {@code TrainingData data = new StackedDomains(FashionMnistEdges.load(dir, "train"));}
 */
public record StackedDomains(TranslationData domains) implements TrainingData {

  @Override
  public String name() {
    return domains.name();
  }

  @Override
  public List<Integer> elementShape() {
    List<Integer> a = domains.shapeA();
    return List.of(a.get(0), a.get(1), a.get(2) + domains.shapeB().get(2));
  }

  @Override
  public Operand<TFloat32> batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    TranslationData.Batch b = domains.batch(tf, counter, batchSize, seed);
    return tf.concat(List.of(b.a(), b.b()), tf.constant(3));
  }
}
