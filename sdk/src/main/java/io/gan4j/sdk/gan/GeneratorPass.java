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
  private final ForwardPass gPass;
  private final Heads generatedHeads;

  /**
   * @param gPass the pass in which G made {@link GanModel#generated()}: its variable reads are what
   *     G's gradient is taken against, so a term on G's weights must use them
   */
  public GeneratorPass(GanModel model, ForwardPass dPass, ForwardPass gPass, Heads generatedHeads) {
    this.model = model;
    this.dPass = dPass;
    this.gPass = gPass;
    this.generatedHeads = generatedHeads;
  }

  /**
   * G's trainable weights as read in its update pass, by variable name (a regulariser on them, such
   * as BigGAN's orthogonal regularisation, reaches G's gradient through these reads).
   */
  public java.util.Map<String, Operand<TFloat32>> generatorWeights() {
    java.util.Map<String, Operand<TFloat32>> out = new java.util.TreeMap<>();
    java.util.Map<String, Operand<TFloat32>> reads = gPass.reads();
    for (io.gan4j.ops.VariableStore.Entry e : model.store().entries(GanModel.G + "_", io.gan4j.ops.VariableStore.Role.TRAINABLE)) {
      Operand<TFloat32> r = reads.get(e.name());
      if (r != null) {
        out.put(e.name(), r);
      }
    }
    return out;
  }

  public GanModel model() {
    return model;
  }

  public Heads generatedHeads() {
    return generatedHeads;
  }

  /** The layers a term added to D under {@code name} ({@link DiscriminatorPass#scope}), read after D's update of this step. */
  public NetScope discriminatorScope(String name) {
    return NetScope.root(model.store(), dPass, GanModel.D).child(name);
  }

  public Heads critic(Operand<TFloat32> x, Operand<TInt32> labels) {
    return model.discriminator().judge(NetScope.root(model.store(), dPass, GanModel.D), x, model.discriminator().conditional() ? labels : null);
  }
}
