package io.gan4j.sdk.gan;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.NetScope;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * D's update pass as a term sees it: D's heads on the real batch, on G's batch and on the extra
 * inputs this term asked for ({@link Term.Bound#extraInputs}), all from one application of D to the
 * concatenated batches; and the {@link #critic}, D applied again inside the same pass, so what a
 * penalty computes from it lands in D's gradient.
 *
 * <p>Usage: {@code Heads onMixed = pass.extra().get(0);}
 */
public final class DiscriminatorPass {

  private final GanModel model;
  private final ForwardPass pass;
  private final Heads real;
  private final Heads generated;
  private final List<Heads> extra;

  public DiscriminatorPass(GanModel model, ForwardPass pass, Heads real, Heads generated, List<Heads> extra) {
    this.model = model;
    this.pass = pass;
    this.real = real;
    this.generated = generated;
    this.extra = List.copyOf(extra);
  }

  public GanModel model() {
    return model;
  }

  public Heads real() {
    return real;
  }

  public Heads generated() {
    return generated;
  }

  /** Heads on this term's extra inputs, in the order it gave them. */
  public List<Heads> extra() {
    return extra;
  }

  /**
   * A scope for layers a term adds to D (an auxiliary classifier head): its variables are named
   * {@code D_<name>_...}, belong to D's player and are read in this update pass, so D's optimiser
   * trains them with D.
   */
  public NetScope scope(String name) {
    return NetScope.root(model.store(), pass, GanModel.D).child(name);
  }

  /** D on {@code x} (and labels when conditional) in this update pass: its weight reads are the ones D's gradient is taken against. */
  public Heads critic(Operand<TFloat32> x, Operand<TInt32> labels) {
    return model.discriminator().judge(NetScope.root(model.store(), pass, GanModel.D), x, model.discriminator().conditional() ? labels : null);
  }
}
