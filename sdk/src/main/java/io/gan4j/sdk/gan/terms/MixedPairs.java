package io.gan4j.sdk.gan.terms;

import io.gan4j.ops.mix.Mask;
import io.gan4j.ops.mix.Mixing;
import io.gan4j.sdk.gan.GanModel;
import io.gan4j.sdk.gan.Term;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.types.TBool;
import org.tensorflow.types.TFloat32;

/**
 * The part every mixing term shares: on the D steps its {@link MixingConfig} selects, D also judges
 * the pairs {@code mix(x_real, G(z), M)} in its update pass; subclasses say what loss that adds.
 */
abstract class MixedPairs implements Term.Bound {

  final GanModel model;
  private final MixingConfig mixing;
  /** The masks of the coming D step; set when the trainer asks for the extra inputs. */
  Mask mask;

  MixedPairs(GanModel model, MixingConfig mixing) {
    this.model = model;
    this.mixing = mixing;
  }

  @Override
  public List<Operand<TFloat32>> extraInputs() {
    mask = mixing.mask(model);
    return List.of(Mixing.mix(model.tf(), mask, model.real(), model.generatedForD()));
  }

  @Override
  public Operand<TBool> active() {
    return mixing.gate(model);
  }
}
