package io.gan4j.sdk.recipes;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.List;

/** Shape checks and the width ladders recipes size their networks with. */
final class Widths {

  private Widths() {}

  static void checkImages(String id, List<Integer> shape) {
    checkArgument(shape.size() == 3,
        "model '%s' is for images ([H, W, C]); this data has elements of shape %s (use --model mlp)", id, shape);
    int h = shape.get(0);
    checkArgument(h == shape.get(1) && h >= 8 && Integer.bitCount(h) == 1,
        "model '%s' needs square images whose side is a power of two ≥ 8, got %sx%s", id, h, shape.get(1));
  }

  /** Number of ×2 resolution changes between 4×4 and the image. */
  static int stages(List<Integer> shape) {
    return Integer.numberOfTrailingZeros(shape.get(0)) - 2;
  }

  /** {@code top, top/2, ...} ({@code count} of them, at least 8). */
  static List<Integer> halving(int top, int count) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Math.max(top >> i, 8));
    }
    return out;
  }

  /** {@code first, 2·first, ...} ({@code count} of them, at most 1024). */
  static List<Integer> doubling(int first, int count) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(Math.min(first << i, 1024));
    }
    return out;
  }
}
