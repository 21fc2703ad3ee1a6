package io.gan4j.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Gradients;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/**
 * Every registered gradient against central finite differences in float64: for an op f(a, b) and
 * fixed weights c, the analytic gradient of Σ c·f(a, b) w.r.t. a and b must match (L(+h) − L(−h))/2h.
 */
class AutoDiffTest {

  private static final double[] A = {0.3, -0.7, 1.1, 0.45, -1.3, 0.8};
  private static final double[] B = {-0.2, 0.9, 0.6, -1.4, 0.35, 1.7};
  private static final double[] C = {1.0, -2.0, 0.5, 1.5, -0.25, 0.75};

  @Test
  void registrationsStayUnderTensorFlowJavasLimitAndAreIdempotent() {
    assertThat(AutoDiff.REGISTERED_OP_TYPES).hasSizeLessThanOrEqualTo(AutoDiff.MAX_REGISTRATIONS);
    AutoDiff.ensureRegistered();
    AutoDiff.ensureRegistered();
  }

  @Test void reluGrad() { check((tf, a, b) -> tf.nn.reluGrad(a, b), true, true); }
  @Test void tanhGrad() { check((tf, a, b) -> tf.math.tanhGrad(tf.math.tanh(a), b), true, true); }
  @Test void sigmoidGrad() { check((tf, a, b) -> tf.math.sigmoidGrad(tf.math.sigmoid(a), b), true, true); }
  @Test void softplusGrad() { check((tf, a, b) -> tf.math.softplusGrad(a, b), true, true); }
  @Test void rsqrtGrad() { check((tf, a, b) -> tf.math.rsqrtGrad(tf.math.add(tf.math.abs(a), tf.constant(0.5)), b), true, true); }
  @Test void sqrtGrad() { check((tf, a, b) -> tf.math.sqrtGrad(tf.math.add(tf.math.abs(a), tf.constant(0.5)), b), true, true); }

  @Test
  void avgPoolGrad() {
    check((tf, a, b) -> {
      Operand<TFloat64> g = tf.reshape(tf.math.add(a, b), tf.constant(new int[] {1, 1, 3, 2}));
      Operand<TInt32> shape = tf.constant(new int[] {1, 2, 6, 2});
      Operand<TFloat64> back = tf.nn.avgPoolGrad(shape, g, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
      // Fold the 24 outputs back to 6 with distinct weights so every entry matters.
      return tf.math.mul(tf.reshape(tf.slice(tf.reshape(back, tf.constant(new int[] {-1})), tf.constant(new int[] {0}), tf.constant(new int[] {6})), tf.constant(new int[] {6})), tf.constant(3.0));
    }, true, true);
  }

  interface Op2 {
    Operand<TFloat64> apply(Ops tf, Operand<TFloat64> a, Operand<TFloat64> b);
  }

  private static void check(Op2 f, boolean checkA, boolean checkB) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat64> a = tf.placeholder(TFloat64.class);
      Placeholder<TFloat64> b = tf.placeholder(TFloat64.class);
      Operand<TFloat64> ea = tf.ensureShape(a, org.tensorflow.ndarray.Shape.of(6));
      Operand<TFloat64> eb = tf.ensureShape(b, org.tensorflow.ndarray.Shape.of(6));
      Operand<TFloat64> loss = tf.reduceSum(tf.math.mul(f.apply(tf, ea, eb), tf.constant(C)), tf.constant(0));
      AutoDiff.ensureRegistered();
      Gradients grads = tf.gradients(loss, List.of(ea, eb), Gradients.dx(List.of(tf.constant(1.0))));
      BiFunction<double[], double[], Double> eval = (x, y) -> {
        try (var tx = TFloat64.vectorOf(x); var ty = TFloat64.vectorOf(y);
            var r = s.runner().feed(a, tx).feed(b, ty).fetch(loss).run()) {
          return ((TFloat64) r.get(0)).getDouble();
        }
      };
      double[] ga;
      double[] gb;
      try (var tx = TFloat64.vectorOf(A); var ty = TFloat64.vectorOf(B);
          var r = s.runner().feed(a, tx).feed(b, ty).fetch(grads.dy(0)).fetch(grads.dy(1)).run()) {
        ga = GraphRun.flatten(r.get(0));
        gb = GraphRun.flatten(r.get(1));
      }
      double h = 1e-6;
      for (int i = 0; i < 6; i++) {
        if (checkA) {
          double[] p = A.clone(); p[i] += h;
          double[] m = A.clone(); m[i] -= h;
          double fd = (eval.apply(p, B) - eval.apply(m, B)) / (2 * h);
          assertThat(ga[i]).as("d/da[%d]", i).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(fd)));
        }
        if (checkB) {
          double[] p = B.clone(); p[i] += h;
          double[] m = B.clone(); m[i] -= h;
          double fd = (eval.apply(A, p) - eval.apply(A, m)) / (2 * h);
          assertThat(gb[i]).as("d/db[%d]", i).isCloseTo(fd, org.assertj.core.data.Offset.offset(1e-6 + 1e-5 * Math.abs(fd)));
        }
      }
    }
  }
}
