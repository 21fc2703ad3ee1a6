import io.gan4j.ops.AutoDiff;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Issue [9/9] tuning probe: do dcgan32's two 3-channel layers (G's 64→3 transposed output convolution, D's 3→64 input
 * convolution) run faster with their 3 channels zero-padded to PAD (oneDNN fills 3 of 16 AVX-512 lanes there)? Times
 * forward + both gradients of each layer at batch 64, plain and padded, in two sessions whose blocks of 10 runs
 * alternate (7 pairs, median ratio), and first checks that both give the same gradients. The tensors are variables so
 * that Grappler cannot fold the layer into a constant. Run with the tools classpath (after any tools/gan4j command):
 *   java -cp "tools/target/gan4j-tools.jar:tools/target/lib/*" tools/bench/ChannelPadBench.java [PAD=16]
 */
public class ChannelPadBench {

  static Operand<TFloat32> rnd(Ops tf, long... shape) {
    return tf.variable(tf.random.statelessRandomNormal(tf.constant(shape), tf.constant(new long[] {1, 2}), TFloat32.class));
  }

  // G's output layer: [64,16,16,64] -> transposed conv 4x4/2 -> [64,32,32,3]; fetch dx, dw
  static List<Operand<?>> gOut(Ops tf, int padTo) {
    Operand<TFloat32> x = tf.identity(rnd(tf, 64, 16, 16, 64));
    Operand<TFloat32> w = tf.identity(rnd(tf, 4, 4, 3, 64));
    Operand<TFloat32> r = rnd(tf, 64, 32, 32, 3);
    Operand<TFloat32> wp = padTo > 3 ? tf.pad(w, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, padTo - 3}, {0, 0}}), tf.constant(0f)) : w;
    int c = padTo > 3 ? padTo : 3;
    Operand<TFloat32> y = tf.nn.conv2dBackpropInput(tf.constant(new int[] {64, 32, 32, c}), wp, x, List.of(1L, 2L, 2L, 1L), "SAME");
    if (padTo > 3) y = tf.slice(y, tf.constant(new int[] {0, 0, 0, 0}), tf.constant(new int[] {-1, -1, -1, 3}));
    Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(tf.math.tanh(y), r), tf.constant(new int[] {0, 1, 2, 3}));
    List<Operand<TFloat32>> g = AutoDiff.gradients(tf, loss, List.of(x, w));
    return List.of(g.get(0), g.get(1));
  }

  // D's input layer: [64,32,32,3] -> conv 4x4/2 -> [64,16,16,64]; fetch dx, dw
  static List<Operand<?>> dIn(Ops tf, int padTo) {
    Operand<TFloat32> x = tf.identity(rnd(tf, 64, 32, 32, 3));
    Operand<TFloat32> w = tf.identity(rnd(tf, 4, 4, 3, 64));
    Operand<TFloat32> r = rnd(tf, 64, 16, 16, 64);
    Operand<TFloat32> xp = x, wp = w;
    if (padTo > 3) {
      xp = tf.pad(x, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, 0}, {0, padTo - 3}}), tf.constant(0f));
      wp = tf.pad(w, tf.constant(new int[][] {{0, 0}, {0, 0}, {0, padTo - 3}, {0, 0}}), tf.constant(0f));
    }
    Operand<TFloat32> y = tf.nn.conv2d(xp, wp, List.of(1L, 2L, 2L, 1L), "SAME");
    Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(tf.math.tanh(y), r), tf.constant(new int[] {0, 1, 2, 3}));
    List<Operand<TFloat32>> g = AutoDiff.gradients(tf, loss, List.of(x, w));
    return List.of(g.get(0), g.get(1));
  }

  static double time(Session s, List<Operand<?>> f, int n) {
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      Session.Runner r = s.runner();
      f.forEach(r::fetch);
      try (Result res = r.run()) {}
    }
    return (System.nanoTime() - t0) / 1e6 / n;
  }

  public static void main(String[] a) {
    int pad = a.length > 0 ? Integer.parseInt(a[0]) : 16;
    for (String layer : List.of("gOut", "dIn")) {
      try (Graph g1 = new Graph(); Graph g2 = new Graph(); Session s1 = new Session(g1); Session s2 = new Session(g2)) {
        List<Operand<?>> f1 = layer.equals("gOut") ? gOut(Ops.create(g1), 3) : dIn(Ops.create(g1), 3);
        List<Operand<?>> f2 = layer.equals("gOut") ? gOut(Ops.create(g2), pad) : dIn(Ops.create(g2), pad);
        // exactness check
        s1.initialize(); s2.initialize();
        try (Result r1 = s1.runner().fetch(f1.get(0)).fetch(f1.get(1)).run(); Result r2 = s2.runner().fetch(f2.get(0)).fetch(f2.get(1)).run()) {
          double md = 0;
          for (int k = 0; k < 2; k++) {
            TFloat32 t1 = (TFloat32) r1.get(k), t2 = (TFloat32) r2.get(k);
            long n = t1.size();
            float[] v1 = new float[(int) n], v2 = new float[(int) n];
            t1.copyTo(DataBuffers.of(v1, false, false));
            t2.copyTo(DataBuffers.of(v2, false, false));
            for (int i = 0; i < n; i++) md = Math.max(md, Math.abs(v1[i] - v2[i]) / (1e-3 + Math.abs(v1[i])));
          }
          System.out.printf("%s pad %d: max rel diff %.2g%n", layer, pad, md);
        }
        time(s1, f1, 5); time(s2, f2, 5);
        List<Double> ratios = new ArrayList<>();
        for (int rep = 0; rep < 7; rep++) {
          double t1 = time(s1, f1, 10), t2 = time(s2, f2, 10);
          ratios.add(t1 / t2);
          System.out.printf("  %s plain %.2f ms, padded %.2f ms, speed-up %.2f%n", layer, t1, t2, t1 / t2);
        }
        Collections.sort(ratios);
        System.out.printf("%s pad %d median speed-up %.2f%n", layer, pad, ratios.get(3));
      }
    }
  }
}
