package io.gan4j.ops;

import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.NdArray;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;

/** Test helper: fetch operands as flat double arrays. */
public final class GraphRun {
  private GraphRun() {}

  public static double[] fetch(Session s, Operand<?> x) {
    try (Result r = s.runner().fetch(x).run()) {
      return flatten(r.get(0));
    }
  }

  public static double[] flatten(Tensor t) {
    int n = (int) t.shape().size();
    double[] out = new double[n];
    int[] i = {0};
    if (t instanceof TFloat32 f) {
      f.scalars().forEach(v -> out[i[0]++] = v.getFloat());
    } else if (t instanceof TFloat64 d) {
      d.scalars().forEach(v -> out[i[0]++] = v.getDouble());
    } else {
      ((NdArray<?>) t).scalars().forEach(v -> out[i[0]++] = ((Number) v.getObject()).doubleValue());
    }
    return out;
  }
}
