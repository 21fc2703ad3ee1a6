package io.gan4j.sdk.data;

import java.util.SplittableRandom;

/**
 * A built-in set of 32×32 RGB images of one filled circle, square or triangle in a random colour,
 * size and position on a dark background. Always available, so the demo runs without any
 * dataset installed; labels are the shape kind (0 circle, 1 square, 2 triangle).
 *
 * <p>Usage: {@code ImageDataset shapes = Shapes.generate(20_000, 1);}
 */
public final class Shapes {

  public static final int SIZE = 32;

  private Shapes() {}

  public static ImageDataset generate(int count, long seed) {
    byte[] pixels = new byte[count * SIZE * SIZE * 3];
    int[] labels = new int[count];
    SplittableRandom random = new SplittableRandom(seed);
    for (int n = 0; n < count; n++) {
      int kind = random.nextInt(3);
      labels[n] = kind;
      double r = 5 + random.nextDouble() * 7;
      double cx = r + 1 + random.nextDouble() * (SIZE - 2 * r - 2);
      double cy = r + 1 + random.nextDouble() * (SIZE - 2 * r - 2);
      // Bright, saturated colours: one channel high, the others random.
      int[] rgb = {random.nextInt(256), random.nextInt(256), random.nextInt(256)};
      rgb[random.nextInt(3)] = 200 + random.nextInt(56);
      int base = n * SIZE * SIZE * 3;
      for (int y = 0; y < SIZE; y++) {
        for (int x = 0; x < SIZE; x++) {
          double dx = x + 0.5 - cx;
          double dy = y + 0.5 - cy;
          boolean inside = switch (kind) {
            case 0 -> dx * dx + dy * dy <= r * r;
            case 1 -> Math.abs(dx) <= r * 0.8 && Math.abs(dy) <= r * 0.8;
            default -> dy <= r * 0.7 && dy >= -r && Math.abs(dx) <= (dy + r) * 0.6;
          };
          int p = base + (y * SIZE + x) * 3;
          for (int c = 0; c < 3; c++) {
            pixels[p + c] = (byte) (inside ? rgb[c] : 16);
          }
        }
      }
    }
    return new ImageDataset("shapes", count, SIZE, SIZE, 3, pixels, labels);
  }
}
