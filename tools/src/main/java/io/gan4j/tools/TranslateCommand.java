package io.gan4j.tools;

import io.gan4j.sdk.train.TrainedTranslator;
import io.gan4j.sdk.translation.Direction;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j translate}: runs one generator of a translation run (csgan, cyclegan) over an image or
 * a folder of images and writes each translation as a PNG of the model's size under {@code --out},
 * with the input's file name ({@code .png}). Inputs of another size are resized bilinearly; colour
 * inputs to a grey model are converted to luminance, grey inputs to a colour model repeated.
 *
 * <p>Usage: {@code gan4j translate --run runs/csgan-fmnist-edges --in edges/ --out garments/ --direction ab}
 */
@Command(name = "translate", mixinStandardHelpOptions = true,
    description = "Translate images with a csgan/cyclegan run's generator (newest checkpoint); writes one PNG per input.")
final class TranslateCommand implements Callable<Integer> {

  @Option(names = "--run", required = true, description = "translation run directory")
  Path run;

  @Option(names = "--in", required = true, description = "an image (PNG/JPEG/GIF/BMP) or a folder of them")
  Path in;

  @Option(names = "--out", required = true, description = "folder for the translated PNGs")
  Path out;

  @Option(names = "--direction", defaultValue = "ab", description = "ab (G_AB: A to B) | ba (G_BA: B to A) (default: ${DEFAULT-VALUE})")
  String direction;

  @Override
  public Integer call() throws IOException {
    Direction d = Direction.parse(direction);
    List<Path> files = inputs(in);
    try (TrainedTranslator t = TrainedTranslator.open(run)) {
      List<Integer> inShape = d.generator(t.translation()).inputShape();
      List<Integer> outShape = d.generator(t.translation()).outputShape();
      int h = inShape.get(0);
      int w = inShape.get(1);
      int c = inShape.get(2);
      float[] x = new float[files.size() * h * w * c];
      for (int i = 0; i < files.size(); i++) {
        BufferedImage img = ImageIO.read(files.get(i).toFile());
        if (img == null) {
          throw new io.gan4j.sdk.data.DataException(files.get(i) + ": not a readable image");
        }
        toFloats(resize(img, w, h), c, x, i * h * w * c);
      }
      float[] y = t.translate(d, x, files.size());
      Files.createDirectories(out);
      int oc = outShape.get(2);
      for (int i = 0; i < files.size(); i++) {
        String name = files.get(i).getFileName().toString().replaceFirst("\\.[^.]*$", "") + ".png";
        ImageIO.write(toImage(y, i * h * w * oc, h, w, oc), "png", out.resolve(name).toFile());
      }
      System.out.printf("gan4j: translated %d image(s) %s with %s of %s (step %d) -> %s%n", files.size(), d.id(),
          d.scope(), run, t.step(), out);
    }
    return 0;
  }

  private static List<Path> inputs(Path in) throws IOException {
    if (!Files.exists(in)) {
      throw new io.gan4j.sdk.data.DataException(in + ": no such file or directory");
    }
    if (!Files.isDirectory(in)) {
      return List.of(in);
    }
    try (Stream<Path> s = Files.list(in)) {
      List<Path> files = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|jpe?g|gif|bmp)"))
          .sorted().toList();
      if (files.isEmpty()) {
        throw new io.gan4j.sdk.data.DataException(in + " holds no PNG, JPEG, GIF or BMP images");
      }
      return files;
    }
  }

  private static BufferedImage resize(BufferedImage img, int w, int h) {
    if (img.getWidth() == w && img.getHeight() == h) {
      return img;
    }
    BufferedImage r = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = r.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, w, h, null);
    g.dispose();
    return r;
  }

  /** Pixels in [−1, 1], NHWC; one channel is luminance (as PNG decoders convert), grey stays exact. */
  private static void toFloats(BufferedImage img, int channels, float[] x, int offset) {
    int w = img.getWidth();
    boolean grey = img.getType() == BufferedImage.TYPE_BYTE_GRAY;
    for (int yy = 0; yy < img.getHeight(); yy++) {
      for (int xx = 0; xx < w; xx++) {
        int o = offset + (yy * w + xx) * channels;
        if (grey) {
          float v = img.getRaster().getSample(xx, yy, 0) / 127.5f - 1;
          for (int k = 0; k < channels; k++) {
            x[o + k] = v;
          }
          continue;
        }
        int rgb = img.getRGB(xx, yy);
        int r = (rgb >> 16) & 0xff;
        int g = (rgb >> 8) & 0xff;
        int b = rgb & 0xff;
        if (channels == 1) {
          x[o] = Math.round(0.299 * r + 0.587 * g + 0.114 * b) / 127.5f - 1;
        } else {
          x[o] = r / 127.5f - 1;
          x[o + 1] = g / 127.5f - 1;
          x[o + 2] = b / 127.5f - 1;
        }
      }
    }
  }

  private static BufferedImage toImage(float[] y, int offset, int h, int w, int channels) {
    BufferedImage img = new BufferedImage(w, h, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
    for (int yy = 0; yy < h; yy++) {
      for (int xx = 0; xx < w; xx++) {
        int o = offset + (yy * w + xx) * channels;
        if (channels == 1) {
          img.getRaster().setSample(xx, yy, 0, byteOf(y[o]));
        } else {
          img.setRGB(xx, yy, (byteOf(y[o]) << 16) | (byteOf(y[o + 1]) << 8) | byteOf(y[o + 2]));
        }
      }
    }
    return img;
  }

  private static int byteOf(float v) {
    return (int) Math.max(0, Math.min(255, Math.round((v + 1) * 127.5f)));
  }
}
