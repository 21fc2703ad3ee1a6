import java.io.DataOutputStream;
import java.io.FileOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * Uses a gan4j generator SavedModel with nothing but TensorFlow Java, through the documented
 * signatures: java PlainClient MODEL_DIR SEED COUNT Z_FILE OUT_FILE. Writes the float32 images of
 * "sample"(seed, count), then those of "serving_default"(z) for the z rows in Z_FILE (big-endian
 * floats, count × zDim), as big-endian floats.
 */
public class PlainClient {
  public static void main(String[] args) throws Exception {
    long seed = Long.parseLong(args[1]);
    int count = Integer.parseInt(args[2]);
    byte[] zBytes = Files.readAllBytes(Path.of(args[3]));
    float[] z = new float[zBytes.length / 4];
    java.nio.ByteBuffer.wrap(zBytes).asFloatBuffer().get(z);
    try (SavedModelBundle model = SavedModelBundle.load(args[0], "serve");
        DataOutputStream out = new DataOutputStream(new FileOutputStream(args[4]))) {
      // Every signature input is fed: truncation 0 means "off".
      try (TInt64 s = TInt64.scalarOf(seed); TInt32 c = TInt32.scalarOf(count); TFloat32 t = TFloat32.scalarOf(0f);
          Result r = model.function("sample").call(Map.of("seed", s, "count", c, "truncation", t))) {
        write((TFloat32) r.get("images").get(), out);
      }
      try (TFloat32 zt = TFloat32.tensorOf(Shape.of(count, z.length / count), DataBuffers.of(z, true, false));
          Result r = model.function("serving_default").call(Map.of("z", zt))) {
        write((TFloat32) r.get("images").get(), out);
      }
    }
  }

  static void write(TFloat32 t, DataOutputStream out) throws Exception {
    float[] v = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(v, false, false));
    for (float f : v) {
      out.writeFloat(f);
    }
  }
}
