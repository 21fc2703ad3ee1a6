package io.gan4j.tools;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A client's encoded image checked from its header alone, before anything decodes it: it must be
 * PNG, JPEG, GIF or BMP (what both Java's decoders and TensorFlow's {@code DecodeImage} read) and at
 * most {@value #MAX_SIDE} pixels a side. The size bound matters because a few kilobytes of PNG can
 * declare a 60,000 × 60,000 image, whose decoding would take gigabytes.
 *
 * <p>Usage: {@code EncodedImage.check(bytes, "instances[0]");}
 */
final class EncodedImage {

  /** Largest width or height accepted. */
  static final int MAX_SIDE = 4096;

  private static final Set<String> FORMATS = Set.of("png", "jpeg", "gif", "bmp");

  private EncodedImage() {}

  /**
   * Throws an {@link IllegalArgumentException} starting with {@code where} unless {@code bytes} is an
   * image of an accepted format and size; returns its {@code {width, height}}.
   */
  static int[] check(byte[] bytes, String where) {
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      ImageReader reader = readers.hasNext() ? readers.next() : null;
      if (reader == null || !FORMATS.contains(reader.getFormatName().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(where + ": not a decodable image (PNG, JPEG, BMP or GIF)");
      }
      try {
        reader.setInput(in, true, true);
        int w = reader.getWidth(0);
        int h = reader.getHeight(0);
        if (w < 1 || h < 1 || w > MAX_SIDE || h > MAX_SIDE) {
          throw new IllegalArgumentException(where + ": a " + w + " x " + h + " image; images may be 1 to " + MAX_SIDE + " pixels a side");
        }
        return new int[] {w, h};
      } finally {
        reader.dispose();
      }
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": not a decodable image (PNG, JPEG, BMP or GIF): " + e.getMessage());
    }
  }
}
