package io.gan4j.ops.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.gan4j.ops.GraphRun;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** Each loss against its formula evaluated by hand in float64 on logits {−2, −0.5, 0, 0.7, 3}. */
class GanLossTest {

  private static final float[] L = {-2f, -0.5f, 0f, 0.7f, 3f};

  private static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  interface Term {
    Operand<TFloat32> apply(Ops tf, Operand<TFloat32> logits);
  }

  interface Expected {
    double at(double l);
  }

  private static void check(Term term, Expected expected) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      double[] got = GraphRun.fetch(s, term.apply(tf, tf.constant(L)));
      for (int i = 0; i < L.length; i++) {
        assertThat(got[i]).as("logit %s", L[i]).isCloseTo(expected.at(L[i]), within(1e-6));
      }
    }
  }

  @Test
  void minimax() {
    GanLoss loss = new MinimaxLoss();
    check(loss::realTerm, l -> -Math.log(1 / (1 + Math.exp(-l))));
    check(loss::fakeTerm, l -> -Math.log(1 - 1 / (1 + Math.exp(-l))));
    check(loss::generatorTerm, l -> Math.log(1 - 1 / (1 + Math.exp(-l))));
  }

  @Test
  void nonSaturating() {
    GanLoss loss = new NonSaturatingLoss();
    check(loss::realTerm, l -> softplus(-l));
    check(loss::fakeTerm, l -> softplus(l));
    check(loss::generatorTerm, l -> -Math.log(1 / (1 + Math.exp(-l))));
  }

  @Test
  void hinge() {
    GanLoss loss = new HingeLoss();
    check(loss::realTerm, l -> Math.max(0, 1 - l));
    check(loss::fakeTerm, l -> Math.max(0, 1 + l));
    check(loss::generatorTerm, l -> -l);
  }

  @Test
  void wasserstein() {
    GanLoss loss = new WassersteinLoss();
    check(loss::realTerm, l -> -l);
    check(loss::fakeTerm, l -> l);
    check(loss::generatorTerm, l -> -l);
  }

  @Test
  void leastSquares() {
    GanLoss loss = new LeastSquaresLoss();
    check(loss::realTerm, l -> 0.5 * (l - 1) * (l - 1));
    check(loss::fakeTerm, l -> 0.5 * l * l);
    check(loss::generatorTerm, l -> 0.5 * (l - 1) * (l - 1));
  }

  @Test
  void discriminatorLossIsMeanRealPlusMeanFake() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      double d = GraphRun.fetch(s, new HingeLoss().discriminatorLoss(tf, tf.constant(new float[] {2f, 0f}), tf.constant(new float[] {-3f, 1f})))[0];
      // real: max(0,1-2)=0, max(0,1-0)=1 -> 0.5; fake: max(0,1-3)=0, max(0,1+1)=2 -> 1.0
      assertThat(d).isCloseTo(1.5, within(1e-7));
    }
  }

  @Test
  void namesAndAliases() {
    assertThat(GanLoss.named("saturating")).isInstanceOf(MinimaxLoss.class);
    assertThat(GanLoss.named("HINGE").name()).isEqualTo("hinge");
    for (String n : GanLoss.NAMES) {
      assertThat(GanLoss.named(n).name()).isEqualTo(n);
    }
    assertThatThrownBy(() -> GanLoss.named("bce"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown loss 'bce'; expected one of minimax, non-saturating, hinge, wasserstein, least-squares");
  }
}
