package io.gan4j.sdk.data;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.data.ParallelMapDataset;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ScaleAndTranslate;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * The graph that turns image files into S×S×C uint8 pixels: {@code ReadFile}, {@code DecodeImage}
 * (native channels, first GIF frame), channels to C (alpha dropped; grey to colour by repeating;
 * colour to grey by the ITU-R 601 luma 0.299 R + 0.587 G + 0.114 B, rounded), then the {@link Fit}.
 * Files are decoded by a parallel map inside a per-call dataset, so one {@code Session.run} decodes
 * one batch and nothing survives between runs. Both ways of holding a folder use this graph, so
 * the pixels are the same whether a set is decoded once into memory or streamed every step.
 */
final class FolderDecoder {

  /** Weights of ITU-R 601-2 luma, what PIL's {@code convert("L")} uses. */
  private static final float[] LUMA = {0.299f, 0.587f, 0.114f};
  private static final int CHUNK = 1024;

  private final int size;
  private final int channels;
  private final Fit fit;
  private final boolean resampled;
  private final Half half;

  /** Which part of each file is the image: all of it, or one half of a side-by-side pair (the pix2pix layout). */
  enum Half { WHOLE, LEFT, RIGHT }

  /**
   * @param resampled false when every file is known to be S×S already, so the fit is the identity
   */
  FolderDecoder(int size, int channels, Fit fit, boolean resampled, Half half) {
    this.size = size;
    this.channels = channels;
    this.fit = fit;
    this.resampled = resampled;
    this.half = half;
  }

  /** uint8 {@code [n, S, S, C]} of the files at {@code paths} ({@code [n]}). */
  Operand<TUint8> decode(Ops tf, Operand<TString> paths, int n) {
    return decode(tf, paths, tf.constant((long) n), n);
  }

  /** As {@link #decode(Ops, Operand, int)} with n fed at run time ({@code staticN} −1) or known. */
  private Operand<TUint8> decode(Ops tf, Operand<TString> paths, Operand<TInt64> n, int staticN) {
    Shape element = Shape.of(size, size, channels);
    Shape batchShape = Shape.of(staticN, size, size, channels);
    try (ConcreteFunction one = ConcreteFunction.create(this::decodeOne)) {
      Operand<?> files = tf.data.tensorSliceDataset(List.of(paths), List.of(Shape.scalar()));
      Operand<?> images = tf.data.parallelMapDataset(files, List.of(), tf.constant((long) Runtime.getRuntime().availableProcessors()),
          one, List.of(TUint8.class), List.of(element), ParallelMapDataset.deterministic("true"));
      Operand<?> batch = tf.data.batchDataset(images, n, tf.constant(false), List.of(TUint8.class), List.of(batchShape));
      @SuppressWarnings("unchecked")
      Operand<TUint8> out = (Operand<TUint8>) tf.data.datasetToSingleElement(batch, List.of(TUint8.class), List.of(batchShape))
          .components().get(0);
      return out;
    }
  }

  /**
   * Decodes {@code paths} on the host, {@link #CHUNK} files per run; a chunk that fails is split
   * until the failing files are found, so an undecodable file is named, not just detected.
   *
   * @param bad receives "path: reason" for each file that does not decode (its pixels are left out)
   * @return the pixels of the files that decoded, in order, and their indices into {@code paths}
   */
  Decoded decodeAll(List<String> paths, List<BadImage> bad) {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TString> fed = tf.placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
      Placeholder<TInt64> count = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
      Operand<TUint8> pixels = decode(tf, fed, count, -1);
      long per = (long) size * size * channels;
      List<byte[]> parts = new ArrayList<>();
      List<Integer> kept = new ArrayList<>();
      for (int from = 0; from < paths.size(); from += CHUNK) {
        decodeRange(s, fed, count, pixels, paths, from, Math.min(paths.size(), from + CHUNK), per, parts, kept, bad);
      }
      byte[] all = new byte[Math.toIntExact(per * kept.size())];
      int at = 0;
      for (byte[] p : parts) {
        System.arraycopy(p, 0, all, at, p.length);
        at += p.length;
      }
      return new Decoded(all, kept.stream().mapToInt(Integer::intValue).toArray());
    }
  }

  /** Pixels of the files that decoded and their indices into the list given to {@link #decodeAll}. */
  record Decoded(byte[] pixels, int[] indices) {}

  private void decodeRange(Session s, Placeholder<TString> fed, Placeholder<TInt64> count, Operand<TUint8> pixels,
      List<String> paths, int from, int to, long per, List<byte[]> parts, List<Integer> kept, List<BadImage> bad) {
    String[] chunk = paths.subList(from, to).toArray(String[]::new);
    try (TString p = TString.vectorOf(chunk); TInt64 n = TInt64.scalarOf(chunk.length);
        Result r = s.runner().feed(fed, p).feed(count, n).fetch(pixels).run()) {
      TUint8 t = (TUint8) r.get(0);
      byte[] bytes = new byte[Math.toIntExact(per * chunk.length)];
      ByteDataBuffer buf = DataBuffers.of(bytes, false, false);
      t.asRawTensor().data().copyTo(buf, bytes.length);
      parts.add(bytes);
      for (int i = from; i < to; i++) {
        kept.add(i);
      }
    } catch (RuntimeException e) {
      // TensorFlow's errors are spread over several Java types (TFInvalidArgumentException is an IllegalArgumentException).
      if (!e.getClass().getPackageName().equals(TensorFlowException.class.getPackageName())) {
        throw e;
      }
      if (to - from == 1) {
        bad.add(new BadImage(java.nio.file.Path.of(paths.get(from)), "undecodable (" + firstLine(e.getMessage()) + ")"));
        return;
      }
      int mid = (from + to) / 2;
      decodeRange(s, fed, count, pixels, paths, from, mid, per, parts, kept, bad);
      decodeRange(s, fed, count, pixels, paths, mid, to, per, parts, kept, bad);
    }
  }

  /** The map function: one path to {@code [S, S, C]} uint8. */
  private Signature decodeOne(Ops f) {
    Placeholder<TString> path = f.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    Operand<TUint8> img = f.image.decodeImage(f.io.readFile(path), TUint8.class, DecodeImage.channels(0L), DecodeImage.expandAnimations(false));
    if (half != Half.WHOLE) {
      Operand<TInt32> w = f.math.floorDiv(f.gather(f.shape(img), f.constant(1), f.constant(0)), f.constant(2));
      Operand<TInt32> left = half == Half.LEFT ? f.constant(0) : w;
      img = f.slice(img, f.stack(List.of(f.constant(0), left, f.constant(0))), f.stack(List.of(f.constant(-1), w, f.constant(-1))));
    }
    Operand<TInt32> shape = f.shape(img);
    Operand<TInt32> c = f.gather(shape, f.constant(2), f.constant(0));
    // Alpha is dropped; grey (with or without alpha) is repeated into three equal channels.
    Operand<TInt32> pick = f.select(f.math.greaterEqual(c, f.constant(3)), f.constant(new int[] {0, 1, 2}), f.constant(new int[] {0, 0, 0}));
    Operand<TFloat32> rgb = f.dtypes.cast(f.gather(img, pick, f.constant(2)), TFloat32.class);
    Operand<TFloat32> x = channels == 3 ? rgb
        : f.math.round(f.reduceSum(f.math.mul(rgb, f.constant(LUMA)), f.constant(new int[] {2}), org.tensorflow.op.core.ReduceSum.keepDims(true)));
    if (resampled) {
      x = fit(f, x, f.gather(shape, f.constant(0), f.constant(0)), f.gather(shape, f.constant(1), f.constant(0)));
    }
    Operand<TUint8> out = f.reshape(f.dtypes.cast(f.clipByValue(f.math.round(x), f.constant(0f), f.constant(255f)), TUint8.class),
        f.constant(new int[] {size, size, channels}));
    return Signature.builder().input("path", path).output("image", out).build();
  }

  private Operand<TFloat32> fit(Ops f, Operand<TFloat32> x, Operand<TInt32> h, Operand<TInt32> w) {
    Operand<TInt32> s = f.constant(size);
    return switch (fit) {
      case STRETCH -> resample(f, x, h, w);
      case CROP -> {
        Operand<TInt32> m = f.math.minimum(h, w);
        Operand<TFloat32> sq = centerCrop(f, x, h, w, m, m);
        yield resample(f, sq, m, m);
      }
      case PAD -> {
        Operand<TInt32> m = f.math.maximum(h, w);
        Operand<TFloat32> sq = centerPad(f, x, h, w, m, m);
        yield resample(f, sq, m, m);
      }
      case CENTER -> {
        Operand<TInt32> ch = f.math.minimum(h, s);
        Operand<TInt32> cw = f.math.minimum(w, s);
        yield centerPad(f, centerCrop(f, x, h, w, ch, cw), ch, cw, s, s);
      }
    };
  }

  /** The centred {@code th × tw} window of an {@code h × w} image (th ≤ h, tw ≤ w). */
  private static Operand<TFloat32> centerCrop(Ops f, Operand<TFloat32> x, Operand<TInt32> h, Operand<TInt32> w,
      Operand<TInt32> th, Operand<TInt32> tw) {
    Operand<TInt32> top = f.math.floorDiv(f.math.sub(h, th), f.constant(2));
    Operand<TInt32> left = f.math.floorDiv(f.math.sub(w, tw), f.constant(2));
    return f.slice(x, f.stack(List.of(top, left, f.constant(0))), f.stack(List.of(th, tw, f.constant(-1))));
  }

  /** An {@code h × w} image centred on a black {@code th × tw} canvas (th ≥ h, tw ≥ w). */
  private static Operand<TFloat32> centerPad(Ops f, Operand<TFloat32> x, Operand<TInt32> h, Operand<TInt32> w,
      Operand<TInt32> th, Operand<TInt32> tw) {
    Operand<TInt32> top = f.math.floorDiv(f.math.sub(th, h), f.constant(2));
    Operand<TInt32> left = f.math.floorDiv(f.math.sub(tw, w), f.constant(2));
    Operand<TInt32> paddings = f.stack(List.of(
        f.stack(List.of(top, f.math.sub(f.math.sub(th, h), top))),
        f.stack(List.of(left, f.math.sub(f.math.sub(tw, w), left))),
        f.constant(new int[] {0, 0})));
    return f.pad(x, paddings, f.constant(0f));
  }

  /** {@code tf.image.resize(x, [S, S], antialias=True)} with the bilinear (triangle) kernel. */
  private Operand<TFloat32> resample(Ops f, Operand<TFloat32> x, Operand<TInt32> h, Operand<TInt32> w) {
    Operand<TFloat32> s = f.constant((float) size);
    Operand<TFloat32> scale = f.stack(List.of(f.math.div(s, f.dtypes.cast(h, TFloat32.class)), f.math.div(s, f.dtypes.cast(w, TFloat32.class))));
    Operand<TFloat32> out = f.image.scaleAndTranslate(f.expandDims(x, f.constant(0)), f.constant(new int[] {size, size}), scale,
        f.constant(new float[] {0f, 0f}), ScaleAndTranslate.kernelType("triangle"), ScaleAndTranslate.antialias(true));
    return f.squeeze(out, org.tensorflow.op.core.Squeeze.axis(List.of(0L)));
  }

  private static String firstLine(String message) {
    String m = message == null ? "" : message.strip();
    int nl = m.indexOf('\n');
    String line = nl < 0 ? m : m.substring(0, nl);
    // "Error in user-defined function passed to ParallelMapDatasetV2:1 transformation with iterator: ...: Invalid PNG data"
    int cut = line.indexOf("transformation with iterator: ");
    return cut < 0 ? line : line.substring(line.indexOf(": ", cut + "transformation with iterator: ".length()) + 2);
  }
}
