package io.gan4j.sdk.translation;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.gan4j.sdk.gan.TermLoss;

/**
 * One weighted term of a translation objective beyond the adversarial loss: cycle consistency,
 * CSGAN's cyclic-synthesized loss, the identity loss. A term is an immutable value (stored in
 * {@code config.json} with its class name) whose Javadoc states its formula; it adds to the
 * generators' loss, which both generators are updated on (as CycleGAN's one optimiser over both).
 *
 * <p>Usage: {@code TermLoss cycle = new CycleConsistency(10f).generator(model);}
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, property = "type")
public interface TranslationTerm {

  /** What the term adds to the generators' loss, with the scalars it logs. */
  TermLoss generator(TranslationModel model);

  /** Whether the term reads {@link TranslationModel#identityA()} and {@link TranslationModel#identityB()}. */
  default boolean needsIdentity() {
    return false;
  }
}
