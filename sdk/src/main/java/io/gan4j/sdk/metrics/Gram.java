package io.gan4j.sdk.metrics;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.types.TFloat64;

/**
 * Float64 inner products {@code A·Bᵀ} of feature rows on TensorFlow's multithreaded GEMM: the hot
 * loop of KID and precision/recall (10,000 × 10,000 × d), about 10× faster than scalar Java.
 */
final class Gram implements AutoCloseable {

  private final Graph graph = new Graph();
  private final Session session;
  private final Placeholder<TFloat64> a;
  private final Placeholder<TFloat64> b;
  private final Operand<TFloat64> product;

  Gram() {
    try {
      Ops tf = Ops.create(graph);
      a = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, -1)));
      b = tf.placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, -1)));
      product = tf.linalg.matMul(a, b, MatMul.transposeB(true));
      session = new Session(graph);
    } catch (RuntimeException e) {
      graph.close();
      throw e;
    }
  }

  /** Rows as one tensor, reusable across calls. */
  static TFloat64 tensor(List<double[]> rows) {
    int d = rows.get(0).length;
    double[] flat = new double[rows.size() * d];
    for (int i = 0; i < rows.size(); i++) {
      System.arraycopy(rows.get(i), 0, flat, i * d, d);
    }
    return TFloat64.tensorOf(Shape.of(rows.size(), d), DataBuffers.of(flat, true, false));
  }

  /** {@code x·yᵀ} as a row-major {@code [rows(x), rows(y)]} array. */
  double[] times(TFloat64 x, TFloat64 y) {
    try (Result r = session.runner().feed(a, x).feed(b, y).fetch(product).run()) {
      TFloat64 t = (TFloat64) r.get(0);
      double[] out = new double[(int) t.shape().size()];
      t.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /** Squared norms of rows. */
  static double[] squaredNorms(List<double[]> rows) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      double s = 0;
      for (double v : rows.get(i)) {
        s += v * v;
      }
      out[i] = s;
    }
    return out;
  }

  @Override
  public void close() {
    try (graph; session) { // closes the session first, then its graph
    }
  }
}
