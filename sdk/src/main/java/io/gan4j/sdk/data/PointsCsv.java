package io.gan4j.sdk.data;

import io.gan4j.sdk.io.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * 2-D points as CSV with an {@code x,y} header, written atomically (temp file + rename).
 *
 * <p>Usage: {@code PointsCsv.write(samples, Path.of("samples.csv"));}
 */
public final class PointsCsv {

  private PointsCsv() {}

  /** {@code points} are {@code [N, 2]} row-major. */
  public static void write(float[] points, Path file) throws IOException {
    StringBuilder sb = new StringBuilder("x,y\n");
    for (int i = 0; i + 1 < points.length; i += 2) {
      sb.append(points[i]).append(',').append(points[i + 1]).append('\n');
    }
    AtomicFile.write(file, tmp -> Files.writeString(tmp, sb));
  }
}
