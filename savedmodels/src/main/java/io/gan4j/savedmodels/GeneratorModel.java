package io.gan4j.savedmodels;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * A generator exported by gan4j (or any SavedModel that follows its contract), for JVM
 * applications: {@code serving_default} maps {@code z} to {@code images} in [−1, 1], {@code sample}
 * maps {@code (seed, count)} to images. Thread-safe; close it to free the native model.
 *
 * <p>Usage: {@code try (GeneratorModel g = GeneratorModel.load(Path.of("models/demo"))) { List<BufferedImage> imgs = g.images(g.generate(16, 7), 16); }}
 */
public final class GeneratorModel implements AutoCloseable {

  /** Most images one call may ask for (a 32×32×1 float image is 4 KB). */
  public static final int MAX_COUNT = 100_000;

  private final Path dir;
  private final SavedModelBundle bundle;
  private final SessionFunction serving;
  private final SessionFunction sample;
  private final int zDim;
  private final List<Integer> imageShape;
  private final int classes;
  private final boolean hasTruncation;
  /** F of an instance-conditioned (IC-GAN) model's {@code features} input; 0 otherwise. */
  private final int featureDim;

  private GeneratorModel(Path dir, SavedModelBundle bundle) {
    this.dir = dir;
    this.bundle = bundle;
    List<String> keys = bundle.signatures().stream().map(Signature::key).toList();
    if (keys.contains(TranslatorModel.PNG_SIGNATURE) && !keys.contains("sample")) {
      throw new IllegalArgumentException(dir + " is an image translator (signature '" + TranslatorModel.PNG_SIGNATURE
          + "'), not a generator: load it with TranslatorModel, serve it with gan4j serve, score its run with gan4j eval --run");
    }
    if (!keys.contains(Signature.DEFAULT_KEY) || !keys.contains("sample")) {
      throw new IllegalArgumentException(dir + " does not follow the gan4j generator contract: it needs signatures "
          + "'serving_default' and 'sample', it has " + keys);
    }
    serving = bundle.function(Signature.DEFAULT_KEY);
    sample = bundle.function("sample");
    Signature s = serving.signature();
    require(s.getInputs().keySet().contains("z") && s.getOutputs().containsKey("images"),
        "'serving_default' must map 'z' to 'images', it maps " + s.getInputs().keySet() + " to " + s.getOutputs().keySet());
    long[] z = s.getInputs().get("z").shape.asArray();
    long[] img = s.getOutputs().get("images").shape.asArray();
    require(z != null && z.length == 2 && z[1] > 0, "'z' must be [N, zDim] with known zDim, it is "
        + s.getInputs().get("z").shape);
    require(img != null && img.length == 4 && img[1] > 0 && img[2] > 0 && img[3] > 0,
        "'images' must be [N, H, W, C] with known H, W, C, it is " + s.getOutputs().get("images").shape);
    Signature t = sample.signature();
    require(t.getInputs().keySet().containsAll(Set.of("seed", "count")) && t.getOutputs().containsKey("images_uint8"),
        "'sample' must map 'seed', 'count' to 'images_uint8', it maps " + t.getInputs().keySet() + " to "
            + t.getOutputs().keySet());
    zDim = (int) z[1];
    imageShape = List.of((int) img[1], (int) img[2], (int) img[3]);
    Signature.TensorDescription feats = s.getInputs().get("features");
    long[] fShape = feats == null ? null : feats.shape.asArray();
    require(feats == null || (fShape != null && fShape.length == 2 && fShape[1] > 0 && t.getInputs().containsKey("image")),
        "an instance-conditioned model takes 'features' [N, F] on 'serving_default' and 'image' on 'sample'");
    featureDim = feats == null ? 0 : (int) fShape[1];
    boolean conditional = s.getInputs().containsKey("label");
    require(conditional == t.getInputs().containsKey("label"), "'label' must be an input of both signatures or of neither");
    classes = conditional ? readClasses(dir) : 0;
    hasTruncation = t.getInputs().containsKey("truncation");
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(dir + " does not follow the gan4j generator contract: " + what);
    }
  }

  /** Loads the SavedModel in {@code dir} (tag {@code serve}). */
  public static GeneratorModel load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such directory (expected a generator SavedModel)");
    }
    if (!SavedModelWriter.isSavedModel(dir)) {
      throw new IllegalArgumentException(dir + " is not a SavedModel directory (no saved_model.pb)");
    }
    SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
    try {
      return new GeneratorModel(dir, bundle);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  public int zDim() {
    return zDim;
  }

  /** Number of classes of a conditional model (from {@code assets.extra/gan4j.json}); 0 if unconditional. */
  public int classes() {
    return classes;
  }

  private static int readClasses(Path dir) {
    Path meta = dir.resolve("assets.extra").resolve(GeneratorExport.METADATA);
    try {
      int c = new com.fasterxml.jackson.databind.ObjectMapper().readTree(meta.toFile()).path("classes").asInt(0);
      if (c < 1) {
        throw new IllegalArgumentException(dir + ": a conditional model needs \"classes\" in " + meta);
      }
      return c;
    } catch (IOException e) {
      throw new IllegalArgumentException(dir + ": a conditional model needs its metadata " + meta + " (" + e.getMessage() + ")");
    }
  }

  /** Width F of the instance features of an IC-GAN model ({@code serving_default}'s {@code features}); 0 for other models. */
  public int featureDim() {
    return featureDim;
  }

  /**
   * IC-GAN: images for latents {@code z} ({@code [N][zDim]}) and ℓ2-normalised instance features
   * ({@code [N][F]}, one row per latent), flattened NHWC floats in [−1, 1].
   */
  public float[] generateWithFeatures(float[][] z, float[][] features) {
    return generateWithFeatures(z, features, null);
  }

  /** As {@link #generateWithFeatures(float[][], float[][])} with a class label per row for a model with classes on top. */
  public float[] generateWithFeatures(float[][] z, float[][] features, int[] labels) {
    checkArgument(featureDim > 0, "%s is not instance-conditioned (no 'features' input)", dir);
    checkArgument((labels != null) == (classes > 0), classes > 0 ? "this model is also class-conditional (%s classes): give labels"
        : "this model has no classes (%s): give no labels", classes);
    if (labels != null) {
      checkArgument(labels.length == z.length, "%s labels for %s latent vectors", labels.length, z.length);
      for (int l : labels) {
        checkLabel(l, false);
      }
    }
    checkArgument(z.length >= 1 && z.length <= MAX_COUNT && features.length == z.length,
        "need 1 to %s latent vectors and as many feature vectors, got %s and %s", MAX_COUNT, z.length, features.length);
    float[] zs = new float[z.length * zDim];
    float[] fs = new float[z.length * featureDim];
    for (int i = 0; i < z.length; i++) {
      checkArgument(z[i].length == zDim, "z[%s] has %s values, the model takes %s", i, z[i].length, zDim);
      checkArgument(features[i].length == featureDim, "features[%s] has %s values, the model takes %s", i, features[i].length, featureDim);
      System.arraycopy(z[i], 0, zs, i * zDim, zDim);
      System.arraycopy(features[i], 0, fs, i * featureDim, featureDim);
    }
    try (TFloat32 a = TFloat32.tensorOf(Shape.of(z.length, zDim), DataBuffers.of(zs, true, false));
        TFloat32 b = TFloat32.tensorOf(Shape.of(z.length, featureDim), DataBuffers.of(fs, true, false));
        TInt32 y = labels == null ? null : TInt32.vectorOf(labels);
        Result r = serving.call(y == null ? Map.of("z", a, "features", b) : Map.of("z", a, "features", b, "label", y))) {
      return toArray((TFloat32) r.get("images").orElseThrow());
    }
  }

  /** What {@link #generateForInstances} returns: {@code count} images per instance, grouped by instance, and their features. */
  public record InstanceSamples(float[] images, int count, float[][] features) {}

  /**
   * IC-GAN: {@code count} images of each of the {@code m} instance {@code images} (flattened NHWC
   * floats in [−1, 1] of this model's image shape), whose features the model computes with the feature
   * network inside it; z from {@code seed} as {@link #generate(int, long)}.
   */
  public InstanceSamples generateForInstances(float[] images, int m, long seed, int count, float truncation) {
    return generateForInstances(images, m, seed, count, truncation, -1);
  }

  /** As above; {@code label} is the class of every sample of a model with classes on top (−1 for models without). */
  public InstanceSamples generateForInstances(float[] images, int m, long seed, int count, float truncation, int label) {
    checkArgument(featureDim > 0, "%s is not instance-conditioned (no 'image' input on 'sample')", dir);
    checkLabel(label, false);
    checkArgument(m >= 1 && images.length == (long) m * imageSize(), "%s floats are not %s images of %s", images.length, m, imageShape);
    checkArgument(count >= 1 && (long) count * m <= MAX_COUNT, "count × instances must be in [1, %s], got %s × %s", MAX_COUNT, count, m);
    checkArgument(truncation >= 0 && Float.isFinite(truncation), "truncation must be >= 0 (0 = off), got %s", truncation);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(m, imageShape.get(0), imageShape.get(1), imageShape.get(2)), DataBuffers.of(images, true, false));
        TInt64 s = TInt64.scalarOf(seed); TInt32 c = TInt32.scalarOf(count); TFloat32 t = TFloat32.scalarOf(truncation);
        TInt32 y = TInt32.scalarOf(label);
        Result r = sample.call(classes > 0 ? Map.of("image", x, "seed", s, "count", c, "truncation", t, "label", y)
            : Map.of("image", x, "seed", s, "count", c, "truncation", t))) {
      float[] flat = toArray((TFloat32) r.get("features").orElseThrow());
      float[][] f = new float[m][featureDim];
      for (int i = 0; i < m; i++) {
        System.arraycopy(flat, i * featureDim, f[i], 0, featureDim);
      }
      return new InstanceSamples(toArray((TFloat32) r.get("images").orElseThrow()), count, f);
    }
  }

  /** {@code [H, W, C]} of one image. */
  public List<Integer> imageShape() {
    return imageShape;
  }

  private int imageSize() {
    return imageShape.get(0) * imageShape.get(1) * imageShape.get(2);
  }

  /**
   * {@code count} images for {@code seed}, flattened NHWC floats in [−1, 1]; z is drawn inside the
   * model, so a seed gives the same images in every runtime (and as the run it was exported from).
   */
  public float[] generate(int count, long seed) {
    return generate(count, seed, -1);
  }

  /**
   * As {@link #generate(int, long)} for class {@code label} of a conditional model; −1 spreads the
   * images over the classes in equal consecutive blocks (what {@code generate(count, seed)} does).
   */
  public float[] generate(int count, long seed, int label) {
    return generate(count, seed, label, 0f);
  }

  /**
   * As {@link #generate(int, long, int)} with the truncation trick: latent entries with
   * {@code |z| > truncation} are redrawn (then clipped), trading diversity for fidelity; 0 turns it off.
   */
  public float[] generate(int count, long seed, int label, float truncation) {
    checkArgument(featureDim == 0, "%s is instance-conditioned (IC-GAN): sample with generateForInstances(images, ...)", dir);
    checkArgument(count >= 1 && count <= MAX_COUNT, "count must be in [1, %s], got %s", MAX_COUNT, count);
    checkLabel(label, true);
    checkArgument(truncation >= 0 && Float.isFinite(truncation), "truncation must be >= 0 (0 = off), got %s", truncation);
    checkArgument(truncation == 0 || hasTruncation, "%s was exported without a 'truncation' input", dir);
    try (TInt64 s = TInt64.scalarOf(seed); TInt32 c = TInt32.scalarOf(count); TInt32 l = TInt32.scalarOf(label);
        TFloat32 t = TFloat32.scalarOf(truncation)) {
      Map<String, org.tensorflow.Tensor> in = new java.util.HashMap<>(Map.of("seed", s, "count", c));
      if (classes > 0) {
        in.put("label", l);
      }
      if (hasTruncation) {
        in.put("truncation", t); // SessionFunction wants every signature input; 0 means off
      }
      try (Result r = sample.call(in)) {
        return toArray((TFloat32) r.get("images").orElseThrow());
      }
    }
  }

  private void checkLabel(int label, boolean spreadAllowed) {
    if (classes == 0) {
      checkArgument(label == -1, "this generator is unconditional; it takes no class label (got %s)", label);
    } else {
      checkArgument(label < classes && (label >= 0 || (spreadAllowed && label == -1)),
          "class label must be in [0, %s), got %s", classes, label);
    }
  }

  /** Images for latent vectors {@code z} ({@code [N][zDim]}), flattened NHWC floats in [−1, 1]. */
  public float[] generate(float[][] z) {
    checkArgument(featureDim == 0, "%s is instance-conditioned (IC-GAN): use generateWithFeatures(z, features)", dir);
    checkArgument(classes == 0, "this generator is conditional on %s classes: use generate(z, labels)", classes);
    return generate(z, null);
  }

  /** Images for latent vectors {@code z} and class {@code labels} (one per row) of a conditional model. */
  public float[] generate(float[][] z, int[] labels) {
    checkArgument(z.length >= 1 && z.length <= MAX_COUNT, "need 1 to %s latent vectors, got %s", MAX_COUNT, z.length);
    if (labels != null) {
      checkArgument(classes > 0, "this generator is unconditional; it takes no labels");
      checkArgument(labels.length == z.length, "%s labels for %s latent vectors", labels.length, z.length);
      for (int l : labels) {
        checkLabel(l, false);
      }
    }
    float[] flat = new float[z.length * zDim];
    for (int i = 0; i < z.length; i++) {
      checkArgument(z[i].length == zDim, "z[%s] has %s values, the model takes %s", i, z[i].length, zDim);
      System.arraycopy(z[i], 0, flat, i * zDim, zDim);
    }
    try (TFloat32 t = TFloat32.tensorOf(Shape.of(z.length, zDim), DataBuffers.of(flat, true, false));
        TInt32 y = labels == null ? null : TInt32.vectorOf(labels);
        Result r = serving.call(y == null ? Map.of("z", t) : Map.of("z", t, "label", y))) {
      return toArray((TFloat32) r.get("images").orElseThrow());
    }
  }

  /** The {@code count} images in {@code pixels} (as {@link #generate} returns them) as 8-bit images. */
  public List<BufferedImage> images(float[] pixels, int count) {
    int h = imageShape.get(0);
    int w = imageShape.get(1);
    int c = imageShape.get(2);
    checkArgument(pixels.length == count * imageSize(), "%s floats are not %s images of %s", pixels.length, count, imageShape);
    List<BufferedImage> out = new ArrayList<>(count);
    for (int n = 0; n < count; n++) {
      BufferedImage img = new BufferedImage(w, h, c == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int base = ((n * h + y) * w + x) * c;
          if (c == 1) {
            int v = toByte(pixels[base]);
            img.getRaster().setSample(x, y, 0, v);
          } else {
            img.setRGB(x, y, toByte(pixels[base]) << 16 | toByte(pixels[base + 1]) << 8 | toByte(pixels[base + 2]));
          }
        }
      }
      out.add(img);
    }
    return out;
  }

  /** One image as PNG bytes. */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** [−1, 1] to 0..255 as the {@code sample} signature rounds it. */
  static int toByte(float v) {
    return (int) Math.round(Math.max(0, Math.min(255, (v + 1) * 127.5)));
  }

  private static float[] toArray(TFloat32 t) {
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
