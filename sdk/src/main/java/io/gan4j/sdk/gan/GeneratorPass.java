package io.gan4j.sdk.gan;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.NetScope;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * G's update pass as a term sees it: G's batch ({@link GanModel#generated()}, differentiable in G's
 * weights), D's heads on it (D read after its own update in the same step) and the {@link #critic},
 * D applied again in that pass.
 *
 * <p>Usage: {@code Operand<TFloat32> pixels = pass.generatedHeads().pixelLogits();}
 */
public final class GeneratorPass {

  private final GanModel model;
  private final ForwardPass dPass;
  private final Heads generatedHeads;

  public GeneratorPass(GanModel model, ForwardPass dPass, Heads generatedHeads) {
    this.model = model;
    this.dPass = dPass;
    this.generatedHeads = generatedHeads;
  }

  public GanModel model() {
    return model;
  }

  public Heads generatedHeads() {
    return generatedHeads;
  }

  public Heads critic(Operand<TFloat32> x, Operand<TInt32> labels) {
    return model.discriminator().judge(NetScope.root(model.store(), dPass, GanModel.D), x, labels);
  }
}
