package io.gan4j.savedmodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.TrainedTranslator;
import io.gan4j.sdk.translation.Direction;
import io.gan4j.sdk.translation.ImageTranslator;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * Exports a translation run (CycleGAN, CSGAN) as one SavedModel per direction, {@code OUT/ab}
 * (G_AB: A → B) and {@code OUT/ba}, each with tag {@code serve} and two signatures:
 * {@code serving_default}, {@code image} float32 {@code [N, H, W, C_in]} in [−1, 1] → {@code image}
 * float32 {@code [N, H, W, C_out]} in [−1, 1]; and {@code translate_png}, {@code image_bytes} string
 * {@code []} (one PNG, JPEG, GIF or BMP; decoded to C_in channels and resized bilinearly to H×W) →
 * {@code png} string {@code []} (the translation as an H×W PNG). Only standard ops
 * ({@code DecodeImage}, {@code ResizeBilinear}, {@code EncodePng}), so any TensorFlow 2.x runtime loads it;
 * {@code assets.extra/gan4j.json} records the network, the step and the data.
 *
 * <p>Usage: {@code TranslatorExport.fromRun(Path.of("runs/csgan"), Path.of("runs/csgan/model"));}
 */
public final class TranslatorExport {

  private TranslatorExport() {}

  /** Writes {@code out/ab} and {@code out/ba} from the newest checkpoint of {@code runDir}; returns its step. */
  public static long fromRun(Path runDir, Path out) {
    try (TrainedTranslator t = TrainedTranslator.open(runDir)) {
      Map<String, float[]> all = t.variables();
      TrainConfig config = t.config();
      for (Direction d : Direction.values()) {
        ImageTranslator g = d.generator(t.translation());
        Map<String, float[]> values = new LinkedHashMap<>();
        all.forEach((k, v) -> {
          if (k.startsWith(d.scope() + "_")) {
            values.put(k, v);
          }
        });
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("format", "gan4j translator 1");
        meta.put("direction", d.id());
        meta.put("generator", g);
        meta.put("step", t.step());
        meta.put("data", config.data());
        meta.put("model", config.model());
        meta.put("signatures", Map.of(
            "serving_default", "image float32 [N, " + g.inputShape().get(0) + ", " + g.inputShape().get(1) + ", " + g.inputShape().get(2)
                + "] in [-1, 1] -> image float32 [N, H, W, " + g.outputShape().get(2) + "] in [-1, 1]",
            "translate_png", "image_bytes string [] (PNG/JPEG, any size; resized to H x W) -> png string [] (PNG, H x W)"));
        String json;
        try {
          json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e);
        }
        SavedModelWriter.write(out.resolve(d.id()), (tf, store) -> signatures(tf, store, g, d.scope()), values,
            Map.of(GeneratorExport.METADATA, json));
      }
      return t.step();
    }
  }

  static List<Signature> signatures(Ops tf, VariableStore store, ImageTranslator g, String scope) {
    List<Integer> in = g.inputShape();
    Placeholder<TFloat32> image = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, in.get(0), in.get(1), in.get(2))));
    Operand<TFloat32> translated = g.translate(NetScope.root(store, ForwardPass.of(Mode.INFER), scope), image);
    Signature serving = Signature.builder().key(Signature.DEFAULT_KEY).methodName(SavedModelWriter.PREDICT_METHOD)
        .input("image", image).output("image", tf.identity(translated)).build();

    Placeholder<TString> bytes = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    // DecodeImage refuses 1 channel for GIF and BMP, so a grey model decodes every format to 3 channels and
    // averages them: exact for grey images (three equal channels), the plain mean of R, G, B for colour ones.
    boolean grey = in.get(2) == 1;
    Operand<TUint8> decoded = tf.image.decodeImage(bytes, TUint8.class, DecodeImage.channels(grey ? 3L : in.get(2)),
        DecodeImage.expandAnimations(false));
    Operand<TFloat32> decodedFloat = tf.dtypes.cast(decoded, TFloat32.class);
    if (grey) {
      decodedFloat = tf.math.mean(decodedFloat, tf.constant(-1), Mean.keepDims(true));
    }
    Operand<TFloat32> batch = tf.expandDims(decodedFloat, tf.constant(0));
    // Half-pixel centres: at the model's own size the resize is the identity.
    Operand<TFloat32> resized = tf.image.resizeBilinear(batch, tf.constant(new int[] {in.get(0), in.get(1)}), ResizeBilinear.halfPixelCenters(true));
    Operand<TFloat32> x = tf.reshape(tf.math.sub(tf.math.div(resized, tf.constant(127.5f)), tf.constant(1f)),
        tf.constant(new int[] {1, in.get(0), in.get(1), in.get(2)}));
    Operand<TFloat32> y = g.translate(NetScope.root(store, ForwardPass.of(Mode.INFER), scope), x);
    Operand<TFloat32> pixels = tf.clipByValue(tf.math.round(tf.math.mul(tf.math.add(y, tf.constant(1f)), tf.constant(127.5f))),
        tf.constant(0f), tf.constant(255f));
    Operand<TUint8> u8 = tf.dtypes.cast(tf.squeeze(pixels, org.tensorflow.op.core.Squeeze.axis(List.of(0L))), TUint8.class);
    Signature png = Signature.builder().key("translate_png").methodName(SavedModelWriter.PREDICT_METHOD)
        .input("image_bytes", bytes).output("png", tf.image.encodePng(u8)).build();
    return List.of(serving, png);
  }
}
