package io.gan4j.tools;

import io.gan4j.sdk.DiscriminatorSpec;
import io.gan4j.sdk.GeneratorSpec;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --g-widths} and {@code --d-widths}: channel widths instead of the preset's, for train and bench. */
final class WidthOptions {

  @Option(names = "--g-widths", split = ",", description = "G channel widths from 4x4 up, one per resolution, e.g. 256,128,64,32")
  List<Integer> gWidths;

  @Option(names = "--d-widths", split = ",", description = "D channel widths from the image down, one per downsampling, e.g. 32,64,128")
  List<Integer> dWidths;

  /** Sets the given widths on the builders; unset ones keep the preset's. */
  void applyTo(GeneratorSpec.Builder g, DiscriminatorSpec.Builder d) {
    if (gWidths != null) {
      g.widths(gWidths);
    }
    if (dWidths != null) {
      d.widths(dWidths);
    }
  }
}
