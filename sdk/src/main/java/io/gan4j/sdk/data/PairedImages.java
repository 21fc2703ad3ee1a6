package io.gan4j.sdk.data;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Aligned pairs of images (pix2pix): example i of A goes with example i of B, and a batch keeps
 * them aligned row by row. Held in the graph as one {@link ImageDataset} whose channels are A's
 * followed by B's, so the pair shares one index and the epoch order of every other dataset.
 *
 * <p>Usage: {@code PairedImages p = PairedImages.of("edges2shoes", edges, shoes);}
 */
public final class PairedImages implements TranslationData {

  private final String name;
  private final ImageDataset a;
  private final ImageDataset b;
  private final ImageDataset both;

  private PairedImages(String name, ImageDataset a, ImageDataset b) {
    List<Integer> sa = a.elementShape();
    List<Integer> sb = b.elementShape();
    if (a.size() != b.size()) {
      throw new DataException(name + ": " + a.size() + " A images but " + b.size() + " B images; pairs need as many of each");
    }
    if (!sa.get(0).equals(sb.get(0)) || !sa.get(1).equals(sb.get(1))) {
      throw new DataException(name + ": A images are " + sa.get(0) + "x" + sa.get(1) + " but B images are " + sb.get(0) + "x" + sb.get(1)
          + "; pairs need one size");
    }
    this.name = name;
    this.a = a;
    this.b = b;
    int n = a.size();
    int pixels = sa.get(0) * sa.get(1);
    int ca = sa.get(2);
    int cb = sb.get(2);
    byte[] out = new byte[n * pixels * (ca + cb)];
    byte[] pa = a.pixels();
    byte[] pb = b.pixels();
    for (int p = 0; p < n * pixels; p++) {
      System.arraycopy(pa, p * ca, out, p * (ca + cb), ca);
      System.arraycopy(pb, p * cb, out, p * (ca + cb) + ca, cb);
    }
    this.both = new ImageDataset(name, n, sa.get(0), sa.get(1), ca + cb, out, null);
  }

  /** Pairs (a[i], b[i]); the two must have as many images of one size (channels may differ). */
  public static PairedImages of(String name, ImageDataset a, ImageDataset b) {
    return new PairedImages(name, a, b);
  }

  /** Pairs drawn side by side in one image of width 2w (pix2pix's layout): A is the left half, B the right. */
  public static PairedImages sideBySide(String name, ImageDataset ab) {
    List<Integer> s = ab.elementShape();
    int h = s.get(0);
    int w2 = s.get(1);
    int c = s.get(2);
    if (w2 % 2 != 0) {
      throw new DataException(name + ": side-by-side pairs need an even width, got " + w2);
    }
    int w = w2 / 2;
    int n = ab.size();
    byte[] src = ab.pixels();
    byte[] left = new byte[n * h * w * c];
    byte[] right = new byte[left.length];
    for (int row = 0; row < n * h; row++) {
      System.arraycopy(src, row * w2 * c, left, row * w * c, w * c);
      System.arraycopy(src, row * w2 * c + w * c, right, row * w * c, w * c);
    }
    int[] labels = ab.labels().orElse(null);
    return of(name, new ImageDataset(name + "-A", n, h, w, c, left, labels), new ImageDataset(name + "-B", n, h, w, c, right, labels));
  }

  @Override
  public ImageDataset a() {
    return a;
  }

  @Override
  public ImageDataset b() {
    return b;
  }

  public int size() {
    return a.size();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public boolean paired() {
    return true;
  }

  @Override
  public Batch batch(Ops tf, Operand<TInt64> counter, int batchSize, long seed) {
    Operand<TFloat32> ab = both.batch(tf, counter, batchSize, seed);
    int ca = a.elementShape().get(2);
    int cb = b.elementShape().get(2);
    List<org.tensorflow.Output<TFloat32>> parts = tf.splitV(ab, tf.constant(new int[] {ca, cb}), tf.constant(3), 2L).output();
    return new Batch(parts.get(0), parts.get(1));
  }
}
