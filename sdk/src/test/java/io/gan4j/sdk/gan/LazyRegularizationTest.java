package io.gan4j.sdk.gan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.loss.GanLoss;
import io.gan4j.sdk.gan.terms.LazyRegularization;
import io.gan4j.sdk.gan.terms.R1Penalty;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

class LazyRegularizationTest {

  @Test
  void r1EveryThirdDStepIsThreeTimesTheEagerPenaltyOnStepsZeroThreeSixAndLogsTheEagerValue() {
    float[][] x = {{0.5f, -1f, 2f}, {0f, 0.25f, -0.75f}};
    List<Boolean> active = new ArrayList<>();
    for (long dStep = 0; dStep < 7; dStep++) {
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        GanModel model = new GanModel(tf, new VariableStore(tf, 4), 4, 2, null, new R1PenaltyTest.TanhCritic(List.of(3)),
            GanLoss.named("hinge"), tf.constant(dStep), tf.constant(dStep), tf.constant(x), null, null, null, null, null);
        ForwardPass pass = ForwardPass.of(Mode.TRAIN);
        DiscriminatorPass dPass = new DiscriminatorPass(model, pass, null, null, List.of());
        Term.Bound lazy = new LazyRegularization(new R1Penalty(10f), 3).bind(model);
        TermLoss eager = new R1Penalty(10f).bind(model).discriminator(dPass);
        TermLoss scaled = lazy.discriminator(dPass);
        Operand<TBool> on = lazy.active();
        s.initialize();
        try (Result r = s.runner().fetch(on).fetch(eager.value()).fetch(scaled.value()).fetch(scaled.scalars().get("loss/r1")).run()) {
          active.add(((TBool) r.get(0)).getBoolean());
          float e = ((TFloat32) r.get(1)).getFloat();
          assertThat(e).isPositive();
          assertThat(((TFloat32) r.get(2)).getFloat()).isEqualTo(3f * e);
          assertThat(((TFloat32) r.get(3)).getFloat()).isEqualTo(e);
        }
        assertThat(lazy.generator(null)).isSameAs(TermLoss.NONE);
      }
    }
    assertThat(active).containsExactly(true, false, false, true, false, false, true);
  }

  @Test
  void aGatedTermStaysGatedByItsOwnGateToo() {
    Term gatedOff = model -> new Term.Bound() {
      @Override
      public Operand<TBool> active() {
        return model.tf().constant(false);
      }
    };
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      GanModel model = new GanModel(tf, new VariableStore(tf, 4), 4, 2, null, null, GanLoss.named("hinge"),
          tf.constant(0L), tf.constant(0L), null, null, null, null, null, null);
      try (Result r = s.runner().fetch(new LazyRegularization(gatedOff, 2).bind(model).active()).run()) {
        assertThat(((TBool) r.get(0)).getBoolean()).isFalse();
      }
    }
  }

  @Test
  void everyMustBePositiveAndTheTermGiven() {
    assertThatThrownBy(() -> new LazyRegularization(new R1Penalty(1f), 0)).hasMessage("LazyRegularization.every must be >= 1, got 0");
    assertThatThrownBy(() -> new LazyRegularization(null, 4)).hasMessage("LazyRegularization.term must not be null");
  }
}
