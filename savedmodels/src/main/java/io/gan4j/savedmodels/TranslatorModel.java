package io.gan4j.savedmodels;

import static com.google.common.base.Preconditions.checkArgument;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;

/**
 * One direction of an image-to-image translator exported by {@link TranslatorExport} (or any
 * SavedModel that follows its contract), for JVM applications: {@code serving_default} maps
 * {@code image} float32 {@code [N, H, W, C_in]} in [−1, 1] to {@code image} {@code [N, H, W, C_out]},
 * {@code translate_png} maps encoded image bytes to PNG bytes. Thread-safe; close it to free the
 * native model.
 *
 * <p>Usage: {@code try (TranslatorModel t = TranslatorModel.load(Path.of("runs/csgan/model/ab"))) { byte[] png = t.translatePng(bytes); }}
 */
public final class TranslatorModel implements AutoCloseable {

  /** The signature that takes and returns encoded images. */
  public static final String PNG_SIGNATURE = "translate_png";

  /** Most images one {@link #translate} call may take. */
  public static final int MAX_COUNT = 4096;

  private final Path dir;
  private final SavedModelBundle bundle;
  private final SessionFunction serving;
  private final SessionFunction png;
  private final List<Integer> inputShape;
  private final List<Integer> outputShape;
  private final String direction;

  private TranslatorModel(Path dir, SavedModelBundle bundle) {
    this.dir = dir;
    this.bundle = bundle;
    List<String> keys = bundle.signatures().stream().map(Signature::key).toList();
    require(keys.contains(Signature.DEFAULT_KEY) && keys.contains(PNG_SIGNATURE),
        "it needs signatures 'serving_default' and '" + PNG_SIGNATURE + "', it has " + keys);
    serving = bundle.function(Signature.DEFAULT_KEY);
    png = bundle.function(PNG_SIGNATURE);
    Signature s = serving.signature();
    require(s.getInputs().keySet().equals(java.util.Set.of("image")) && s.getOutputs().containsKey("image"),
        "'serving_default' must map 'image' to 'image', it maps " + s.getInputs().keySet() + " to " + s.getOutputs().keySet());
    inputShape = imageShape(s.getInputs().get("image"), "input");
    outputShape = imageShape(s.getOutputs().get("image"), "output");
    require(inputShape.subList(0, 2).equals(outputShape.subList(0, 2)), "input " + inputShape + " and output " + outputShape
        + " must share H and W");
    Signature p = png.signature();
    require(p.getInputs().containsKey("image_bytes") && p.getOutputs().containsKey("png"),
        "'" + PNG_SIGNATURE + "' must map 'image_bytes' to 'png', it maps " + p.getInputs().keySet() + " to " + p.getOutputs().keySet());
    direction = readDirection(dir);
  }

  private List<Integer> imageShape(Signature.TensorDescription t, String what) {
    long[] d = t.shape.asArray();
    require(d != null && d.length == 4 && d[1] > 0 && d[2] > 0 && d[3] > 0,
        "the " + what + " 'image' must be [N, H, W, C] with known H, W, C, it is " + t.shape);
    return List.of((int) d[1], (int) d[2], (int) d[3]);
  }

  private void require(boolean ok, String what) {
    if (!ok) {
      throw new IllegalArgumentException(dir + " does not follow the gan4j translator contract: " + what);
    }
  }

  /** Loads the SavedModel in {@code dir} (tag {@code serve}). */
  public static TranslatorModel load(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new IllegalArgumentException(dir + ": no such directory (expected a translator SavedModel)");
    }
    if (!SavedModelWriter.isSavedModel(dir)) {
      throw new IllegalArgumentException(dir + " is not a SavedModel directory (no saved_model.pb)"
          + (isTranslatorPair(dir) ? "; it holds a translator per direction: load " + dir.resolve("ab") + " or " + dir.resolve("ba") : ""));
    }
    SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG);
    try {
      return new TranslatorModel(dir, bundle);
    } catch (RuntimeException e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * Whether the SavedModel in {@code dir} is a translator (its {@code serve} graph has a
   * {@value #PNG_SIGNATURE} signature), read from {@code saved_model.pb} without loading the model.
   */
  public static boolean isTranslator(Path dir) {
    Path pb = dir.resolve("saved_model.pb");
    if (!Files.isRegularFile(pb)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(pb)) {
      for (MetaGraphDef g : SavedModel.parseFrom(in).getMetaGraphsList()) {
        if (g.getMetaInfoDef().getTagsList().contains(SavedModelBundle.DEFAULT_TAG) && g.getSignatureDefMap().containsKey(PNG_SIGNATURE)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      throw new IllegalArgumentException(pb + ": unreadable (" + e.getMessage() + ")", e);
    }
  }

  /** Whether {@code dir} is what a translation run exports: {@code ab/} and {@code ba/} translators, no SavedModel of its own. */
  public static boolean isTranslatorPair(Path dir) {
    return !SavedModelWriter.isSavedModel(dir) && isTranslator(dir.resolve("ab")) && isTranslator(dir.resolve("ba"));
  }

  private static String readDirection(Path dir) {
    Path meta = dir.resolve("assets.extra").resolve(GeneratorExport.METADATA);
    if (!Files.isRegularFile(meta)) {
      return "";
    }
    try {
      return new ObjectMapper().readTree(meta.toFile()).path("direction").asText("");
    } catch (IOException e) {
      return ""; // the metadata only describes the model; it is not needed to run it
    }
  }

  public Path directory() {
    return dir;
  }

  /** {@code [H, W, C_in]} of one input image. */
  public List<Integer> inputShape() {
    return inputShape;
  }

  /** {@code [H, W, C_out]} of one translated image. */
  public List<Integer> outputShape() {
    return outputShape;
  }

  /** {@code ab} or {@code ba} as recorded in {@code assets.extra/gan4j.json}; empty when the model does not say. */
  public String direction() {
    return direction;
  }

  /**
   * {@code n} images (flattened NHWC {@code [n, H, W, C_in]} in [−1, 1]) translated in one run of
   * {@code serving_default}: flattened NHWC {@code [n, H, W, C_out]} in [−1, 1].
   */
  public float[] translate(float[] images, int n) {
    int in = inputShape.get(0) * inputShape.get(1) * inputShape.get(2);
    checkArgument(n >= 1 && n <= MAX_COUNT, "need 1 to %s images, got %s", MAX_COUNT, n);
    checkArgument(images.length == (long) n * in, "%s floats are not %s images of %s", images.length, n, inputShape);
    try (TFloat32 x = TFloat32.tensorOf(Shape.of(n, inputShape.get(0), inputShape.get(1), inputShape.get(2)), DataBuffers.of(images, true, false));
        Result r = serving.call(Map.of("image", x))) {
      TFloat32 y = (TFloat32) r.get("image").orElseThrow();
      float[] out = new float[(int) y.shape().size()];
      y.copyTo(DataBuffers.of(out, false, false));
      return out;
    }
  }

  /**
   * One encoded image (PNG, JPEG, GIF or BMP, any size: the model decodes it to C_in channels and
   * resizes it to H×W) translated by {@value #PNG_SIGNATURE}: the PNG of the H×W translation.
   *
   * @throws IllegalArgumentException TensorFlow's {@code TFInvalidArgumentException} when the model cannot decode the bytes
   */
  public byte[] translatePng(byte[] encoded) {
    checkArgument(encoded.length > 0, "no image bytes");
    try (TString x = TString.tensorOfBytes(NdArrays.scalarOfObject(encoded));
        Result r = png.call(Map.of("image_bytes", x))) {
      return ((TString) r.get("png").orElseThrow()).asBytes().getObject();
    }
  }

  @Override
  public void close() {
    bundle.close();
  }
}
