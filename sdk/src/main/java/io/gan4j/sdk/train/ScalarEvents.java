package io.gan4j.sdk.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.op.summary.WriteImageSummary;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * TensorBoard scalar events written by TensorFlow's own summary ops into {@code events/}. The write
 * ops are extra targets of a training run, so they log exactly the values that run computed.
 * {@link #imageGridWrite} adds the sample grid as an image summary to the same event file.
 *
 * <p>Usage: {@code List<Op> w = new ScalarEvents(tf, dir).writes(step, Map.of("loss/d", dLoss));}
 */
final class ScalarEvents {

  final Op create;
  final Op flush;
  /** A write of any scalar: feed {@link #fedStep}, {@link #fedTag} and {@link #fedValue}. */
  final Op fedWrite;
  final Placeholder<TInt64> fedStep;
  final Placeholder<TString> fedTag;
  final Placeholder<TFloat32> fedValue;

  /** The gap of {@link io.gan4j.sdk.image.ImageGrid}, in pixels. */
  private static final int GRID_GAP = 2;

  private final Ops tf;
  private final SummaryWriter writer;

  ScalarEvents(Ops tf, Path dir) {
    this.tf = tf;
    writer = tf.summary.summaryWriter(SummaryWriter.sharedName("gan4j_events"));
    create = tf.summary.createSummaryFileWriter(
        writer, tf.constant(dir.toAbsolutePath().toString()), tf.constant(16), tf.constant(10_000), tf.constant(".v2"));
    fedStep = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    fedTag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    fedValue = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    fedWrite = tf.summary.writeScalarSummary(writer, fedStep, fedTag, fedValue);
    flush = tf.summary.flushSummaryWriter(writer);
  }

  /** Write ops for {@code scalars} at {@code step}, to add as targets of the run that computes them. */
  List<Op> writes(Operand<TInt64> step, Map<String, Operand<TFloat32>> scalars) {
    List<Op> out = new ArrayList<>();
    for (Map.Entry<String, Operand<TFloat32>> e : scalars.entrySet()) {
      out.add(tf.summary.writeScalarSummary(writer, step, tf.constant(e.getKey()), e.getValue()));
    }
    return out;
  }

  /**
   * A write of images {@code [N, H, W, C]} in [−1, 1] as one grid picture of {@code columns} columns
   * under {@code tag} at {@code step}. Written as a standard image summary into the same event file
   * as the scalars, so TensorBoard's Images tab shows the samples next to the loss curves at the
   * same steps, with no extra files or tooling.
   *
   * <p>The picture is the one {@link io.gan4j.sdk.image.ImageGrid#tile ImageGrid.tile} draws at
   * scale 1: pixel {@code clamp(round((v + 1) · 127.5), 0, 255)} (Java {@code Math.round}, halves
   * up; NaN → 0), image {@code i} at grid row {@code i / columns} and column {@code i % columns},
   * with a black 2-pixel gap around and between the cells, so it is
   * {@code rows·(H + 2) + 2} high and {@code columns·(W + 2) + 2} wide, {@code rows = N / columns}.
   * TensorFlow stores it PNG-encoded (grayscale for C = 1, RGB for C = 3) under the value tag
   * {@code tag + "/image"}.
   *
   * @param images N images of H×W×C, C = 1 or 3; N must be a positive multiple of {@code columns}
   * @throws IllegalArgumentException if a size is not positive, C is not 1 or 3, or N is not a
   *     multiple of {@code columns}
   */
  Op imageGridWrite(Operand<TInt64> step, String tag, Operand<TFloat32> images, int n, int height, int width,
      int channels, int columns) {
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("images must have 1 or 3 channels, got " + channels);
    }
    if (n <= 0 || height <= 0 || width <= 0 || columns <= 0) {
      throw new IllegalArgumentException("image grid sizes must be positive, got n=" + n + ", height=" + height
          + ", width=" + width + ", columns=" + columns);
    }
    if (n % columns != 0) {
      throw new IllegalArgumentException(
          "image grid: n=" + n + " images is not a multiple of columns=" + columns);
    }
    int rows = n / columns;
    int ch = height + GRID_GAP;
    int cw = width + GRID_GAP;
    Operand<TFloat32> x = tf.reshape(images, tf.constant(new long[] {n, height, width, channels}));
    // Same rounding as ImageGrid: Math.round(v) = floor(v) + (frac >= 0.5), exact in float.
    Operand<TFloat32> v = tf.math.mul(tf.math.add(x, tf.constant(1f)), tf.constant(127.5f));
    Operand<TFloat32> fl = tf.math.floor(v);
    Operand<TFloat32> r = tf.math.add(fl,
        tf.dtypes.cast(tf.math.greaterEqual(tf.math.sub(v, fl), tf.constant(0.5f)), TFloat32.class));
    r = tf.clipByValue(r, tf.constant(0f), tf.constant(255f));
    r = tf.select(tf.math.isNan(v), tf.zerosLike(r), r);
    Operand<TUint8> px = tf.dtypes.cast(r, TUint8.class);
    // Each cell is its image followed by the gap (bottom and right) ...
    Operand<TUint8> cells = tf.pad(px,
        tf.constant(new int[][] {{0, 0}, {0, GRID_GAP}, {0, GRID_GAP}, {0, 0}}), tf.constant((byte) 0));
    // ... laid out [rows, cols, ch, cw, C] -> [rows, ch, cols, cw, C] -> [rows*ch, cols*cw, C] ...
    Operand<TUint8> grid = tf.reshape(
        tf.linalg.transpose(
            tf.reshape(cells, tf.constant(new long[] {rows, columns, ch, cw, channels})),
            tf.constant(new int[] {0, 2, 1, 3, 4})),
        tf.constant(new long[] {1, (long) rows * ch, (long) columns * cw, channels}));
    // ... with the leading gap at the top and left.
    grid = tf.pad(grid,
        tf.constant(new int[][] {{0, 0}, {GRID_GAP, 0}, {GRID_GAP, 0}, {0, 0}}), tf.constant((byte) 0));
    Operand<TUint8> badColor = tf.constant(new byte[] {(byte) 255, 0, 0, (byte) 255});
    return tf.summary.writeImageSummary(writer, step, tf.constant(tag), grid, badColor,
        WriteImageSummary.maxImages(1L));
  }
}
