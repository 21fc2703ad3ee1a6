package io.gan4j.savedmodels;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * A feature network loaded from a SavedModel, for FID, KID, precision/recall (features) and the
 * classifier score (logits).
 *
 * <p>The contract: signature {@code serving_default} with one image input {@code [N, H, W, C]} and
 * outputs {@code features} {@code [N, d]} and optionally {@code logits} {@code [N, classes]}. Callers
 * always pass float images in [−1, 1], NHWC. How they reach the model:
 * <ul>
 *   <li>a float32 input receives them in [−1, 1], or in [0, 1] when
 *       {@code assets.extra/gan4j-features.json} says {@code "input_range": [0, 1]};
 *   <li>a uint8 input receives {@code round((x + 1) · 127.5)};
 *   <li>a size other than the model's fixed H×W is resized bilinearly (half-pixel centres, no
 *       antialiasing); 1 channel is repeated to 3 when the model wants 3.
 * </ul>
 * Thread-safe (a session only runs the graph); {@link #close} frees the native model.
 *
 * <p>Usage: {@code try (FeatureModel f = FeatureModel.load(FeatureModel.defaultLocation())) { double[][] x = f.apply(images, n, 32, 32, 1).features(); }}
 */
public final class FeatureModel implements AutoCloseable {

  public static final String SIGNATURE = "serving_default";
  public static final String METADATA = "gan4j-features.json";
  /** Where the shipped Fashion-MNIST network lives in the repository. */
  public static final String DEFAULT_DIR = "savedmodels/fashion-mnist-features";
  private static final int CHUNK = 500;

  /** Features {@code [N][d]} and, when the model has them, logits {@code [N][classes]} (else null). */
  public record Outputs(double[][] features, double[][] logits) {}

  private final Path dir;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final String inputName;
  private final boolean uint8;
  private final long[] inputShape;
  private final boolean unitRange;
  private final int featureDim;
  private final boolean hasLogits;
  private final JsonNode metadata;

  private FeatureModel(Path dir, SavedModelBundle bundle) {
    this.dir = dir;
    this.bundle = bundle;
    Optional<SessionFunction> f = bundle.functions().stream().filter(s -> s.signature().key().equals(SIGNATURE)).findFirst();
    List<String> keys = bundle.signatures().stream().map(Signature::key).toList();
    if (f.isEmpty()) {
      throw new IllegalArgumentException(dir + " has no '" + SIGNATURE + "' signature (it has " + keys
          + "); a feature network maps images to 'features'");
    }
    function = f.get();
    Signature sig = function.signature();
    Map<String, Signature.TensorDescription> inputs = sig.getInputs();
    Map<String, Signature.TensorDescription> outputs = sig.getOutputs();
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(dir + ": signature '" + SIGNATURE + "' must take one image input, it takes "
          + inputs.keySet());
    }
    if (!outputs.containsKey("features")) {
      throw new IllegalArgumentException(dir + ": signature '" + SIGNATURE + "' has no 'features' output (outputs: "
          + outputs.keySet() + ")");
    }
    Map.Entry<String, Signature.TensorDescription> in = inputs.entrySet().iterator().next();
    inputName = in.getKey();
    DataType type = in.getValue().dataType;
    if (type != DataType.DT_FLOAT && type != DataType.DT_UINT8) {
      throw new IllegalArgumentException(dir + ": image input '" + inputName + "' must be float32 or uint8, it is " + type);
    }
    uint8 = type == DataType.DT_UINT8;
    inputShape = in.getValue().shape.asArray();
    if (inputShape == null || inputShape.length != 4) {
      throw new IllegalArgumentException(dir + ": image input '" + inputName + "' must be [N, H, W, C], it is "
          + in.getValue().shape);
    }
    long[] featureShape = outputs.get("features").shape.asArray();
    if (featureShape == null || featureShape.length != 2 || featureShape[1] <= 0) {
      throw new IllegalArgumentException(dir + ": output 'features' must be [N, d] with known d, it is "
          + outputs.get("features").shape);
    }
    featureDim = (int) featureShape[1];
    hasLogits = outputs.containsKey("logits");
    metadata = readMetadata(dir);
    JsonNode range = metadata == null ? null : metadata.get("input_range");
    unitRange = range != null && range.size() == 2 && range.get(0).asDouble() == 0.0;
  }

  /** Loads the SavedModel in {@code dir} (tag {@code serve}). */
  public static FeatureModel load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such directory (expected a SavedModel feature network)");
    }
    if (!SavedModelWriter.isSavedModel(dir)) {
      throw new IllegalArgumentException(dir + " is not a SavedModel directory (no saved_model.pb)");
    }
    SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
    try {
      return new FeatureModel(dir, bundle);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * The shipped Fashion-MNIST network: {@code $GAN4J_HOME/savedmodels/fashion-mnist-features} when
   * the {@code gan4j.home} property is set (the {@code tools/gan4j} launcher sets it), else the first
   * {@code savedmodels/fashion-mnist-features} found from the working directory upwards.
   */
  public static Path defaultLocation() {
    String home = System.getProperty("gan4j.home");
    if (home != null) {
      return Path.of(home).resolve(DEFAULT_DIR);
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (SavedModelWriter.isSavedModel(p.resolve(DEFAULT_DIR))) {
        return p.resolve(DEFAULT_DIR);
      }
    }
    return Path.of(DEFAULT_DIR).toAbsolutePath();
  }

  public Path directory() {
    return dir;
  }

  public int featureDimension() {
    return featureDim;
  }

  public boolean hasLogits() {
    return hasLogits;
  }

  /** The model's metadata file ({@code assets.extra/gan4j-features.json}), if it has one. */
  public Optional<JsonNode> metadata() {
    return Optional.ofNullable(metadata);
  }

  /** Features (and logits) of {@code n} float images in [−1, 1], NHWC {@code h × w × c}. */
  public Outputs apply(float[] images, int n, int h, int w, int c) {
    checkArgument(n >= 1 && images.length == (long) n * h * w * c,
        "%s floats are not %s images of %sx%sx%s", images.length, n, h, w, c);
    long wantC = inputShape[3];
    if (wantC > 0 && wantC != c && !(c == 1 && wantC == 3)) {
      throw new IllegalArgumentException(dir + " takes images with " + wantC + " channels, got " + c);
    }
    double[][] features = new double[n][];
    double[][] logits = hasLogits ? new double[n][] : null;
    int per = h * w * c;
    // One conversion graph for all chunks of this call (none when the model takes the images as they are).
    try (Converter converter = Converter.forInput(h, w, c, inputShape, uint8, unitRange)) {
      for (int from = 0; from < n; from += CHUNK) {
        int m = Math.min(CHUNK, n - from);
        float[] chunk = new float[m * per];
        System.arraycopy(images, from * per, chunk, 0, chunk.length);
        try (TFloat32 x = TFloat32.tensorOf(Shape.of(m, h, w, c), DataBuffers.of(chunk, true, false));
            Result converted = converter == null ? null : converter.run(x);
            Result r = function.call(Map.of(inputName, converted == null ? x : converted.get(0)))) {
          copyRows((TFloat32) r.get("features").orElseThrow(), features, from, m);
          if (hasLogits) {
            copyRows((TFloat32) r.get("logits").orElseThrow(), logits, from, m);
          }
        }
      }
    }
    return new Outputs(features, logits);
  }

  /** Resizing, channel repetition and range conversion as a small TensorFlow graph. */
  private static final class Converter implements AutoCloseable {
    private final Graph graph = new Graph();
    private final Session session = new Session(graph);
    private final Placeholder<TFloat32> in;
    private final org.tensorflow.Operand<?> out;

    private Converter(long h, long w, long c, long wantH, long wantW, long wantC, boolean uint8, boolean unitRange) {
      Ops tf = Ops.create(graph);
      in = tf.placeholder(TFloat32.class);
      org.tensorflow.Operand<TFloat32> y = in;
      if (wantH != h || wantW != w) {
        y = tf.image.resizeBilinear(y, tf.constant(new int[] {(int) wantH, (int) wantW}),
            ResizeBilinear.halfPixelCenters(true));
      }
      if (wantC != c) {
        y = tf.tile(y, tf.constant(new int[] {1, 1, 1, (int) wantC}));
      }
      if (uint8) {
        out = tf.dtypes.cast(tf.math.round(tf.clipByValue(tf.math.mul(tf.math.add(y, tf.constant(1f)), tf.constant(127.5f)),
            tf.constant(0f), tf.constant(255f))), TUint8.class);
      } else {
        out = unitRange ? tf.math.mul(tf.math.add(y, tf.constant(1f)), tf.constant(0.5f)) : y;
      }
    }

    /** A converter for {@code h × w × c} images, or null when the model takes them unchanged. */
    static Converter forInput(int h, int w, int c, long[] inputShape, boolean uint8, boolean unitRange) {
      long wantH = inputShape[1] > 0 ? inputShape[1] : h;
      long wantW = inputShape[2] > 0 ? inputShape[2] : w;
      long wantC = inputShape[3] > 0 ? inputShape[3] : c;
      if (wantH == h && wantW == w && wantC == c && !uint8 && !unitRange) {
        return null;
      }
      return new Converter(h, w, c, wantH, wantW, wantC, uint8, unitRange);
    }

    Result run(TFloat32 x) {
      return session.runner().feed(in, x).fetch(out).run();
    }

    @Override
    public void close() {
      try (graph; session) { // closes the session first, then its graph
      }
    }
  }

  private static void copyRows(TFloat32 t, double[][] out, int from, int m) {
    int d = (int) t.shape().get(1);
    float[] v = new float[m * d];
    t.copyTo(DataBuffers.of(v, false, false));
    for (int i = 0; i < m; i++) {
      double[] row = new double[d];
      for (int j = 0; j < d; j++) {
        row[j] = v[i * d + j];
      }
      out[from + i] = row;
    }
  }

  private static JsonNode readMetadata(Path dir) {
    Path file = dir.resolve("assets.extra").resolve(METADATA);
    if (!Files.exists(file)) {
      return null;
    }
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": unreadable metadata (" + e.getMessage() + ")", e);
    }
  }

  /** Argmax of each row: the predicted class. */
  public static int[] argmax(double[][] logits) {
    int[] out = new int[logits.length];
    for (int i = 0; i < logits.length; i++) {
      int best = 0;
      for (int j = 1; j < logits[i].length; j++) {
        if (logits[i][j] > logits[i][best]) {
          best = j;
        }
      }
      out[i] = best;
    }
    return out;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
