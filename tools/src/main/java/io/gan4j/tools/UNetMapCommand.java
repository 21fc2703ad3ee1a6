package io.gan4j.tools;

import io.gan4j.sdk.data.DataSources;
import io.gan4j.sdk.image.ImageGrid;
import io.gan4j.sdk.train.DecoderMaps;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j unet-map}: the per-pixel decisions of a U-Net discriminator: rows of real images,
 * generated images and their CutMix mixtures, each followed by the decoder's map of P(real) (white =
 * real, black = fake).
 *
 * <p>Usage: {@code gan4j unet-map --run runs/unet --out unet-map.png}
 */
@Command(name = "unet-map", mixinStandardHelpOptions = true,
    description = "Draw a U-Net discriminator's per-pixel real/fake map for real, generated and CutMix images.")
final class UNetMapCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, description = "run directory trained with a U-Net D (unetgan)")
  Path run;

  @Option(names = "--out", required = true, description = "PNG file to write")
  Path out;

  @Option(names = "--n", defaultValue = "8", description = "images per row (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Override
  public Integer call() throws IOException {
    if (n < 1 || n > 32) {
      throw new IllegalArgumentException("--n must be in [1, 32], got " + n);
    }
    var config = GeneratorRun.require(run, "unet-map");
    DecoderMaps.Result r = DecoderMaps.of(run, DataSources.resolve(config.data()), n, seed);
    List<Integer> s = config.generator().outputShape();
    int h = s.get(0);
    int w = s.get(1);
    int c = s.get(2);
    // Six rows: images then maps, for real, generated and mixed; maps as grey images (2p − 1).
    float[] tiles = new float[6 * n * h * w * c];
    int img = h * w * c;
    for (int part = 0; part < 3; part++) {
      for (int i = 0; i < n; i++) {
        int src = part * n + i;
        System.arraycopy(r.images(), src * img, tiles, ((2 * part) * n + i) * img, img);
        for (int p = 0; p < h * w; p++) {
          for (int k = 0; k < c; k++) {
            tiles[((2 * part + 1) * n + i) * img + p * c + k] = 2 * r.maps()[src * h * w + p] - 1;
          }
        }
      }
    }
    ImageGrid.writePng(tiles, 6 * n, h, w, c, n, 3, out);
    System.out.printf("gan4j: wrote the decoder maps of %s (step %d) for %d real, generated and mixed images to %s%n",
        run, r.step(), n, out);
    return 0;
  }
}
