package io.gan4j.savedmodels;

import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.io.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Assign;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Writes an inference-only graph and trained values as a SavedModel (tag {@code serve}, every
 * signature with method {@code tensorflow/serving/predict}). The graph is built twice: once to load
 * the values into its variables and checkpoint them, once clean to restore that checkpoint and
 * export, so the SavedModel holds no assignment or feed ops. The directory appears atomically
 * (written beside it, then renamed); an earlier SavedModel there is replaced, anything else refused.
 *
 * <p>Usage: {@code SavedModelWriter.write(dir, (tf, store) -> List.of(signature), values, Map.of("gan4j.json", json));}
 */
public final class SavedModelWriter {

  /** Method name TensorFlow Serving's predict API expects. */
  public static final String PREDICT_METHOD = "tensorflow/serving/predict";

  /** Emits the inference graph into {@code store}'s graph and returns its signatures. */
  @FunctionalInterface
  public interface GraphBuilder {
    List<Signature> build(Ops tf, VariableStore store);
  }

  private SavedModelWriter() {}

  /**
   * @param values a value (flattened, row-major) for every variable the builder creates, by name
   * @param extraAssets files written under {@code assets.extra/}, by name
   */
  public static void write(Path dir, GraphBuilder builder, Map<String, float[]> values, Map<String, String> extraAssets) {
    Path target = dir.toAbsolutePath().normalize();
    if (Files.exists(target) && !isSavedModel(target) && !isEmptyDirectory(target)) {
      throw new IllegalArgumentException(target + " exists and is not a SavedModel; choose another output directory");
    }
    Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp");
    try {
      Files.createDirectories(target.getParent());
      deleteTree(tmp);
      Files.createDirectories(tmp);
      Path values0 = tmp.resolve("values");
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        VariableStore store = new VariableStore(tf, 0);
        builder.build(tf, store);
        for (VariableStore.Entry e : store.entries()) {
          float[] v = values.get(e.name());
          if (v == null) {
            throw new IllegalArgumentException("no value for variable " + e.name());
          }
          if (v.length != e.shape().size()) {
            throw new IllegalArgumentException("variable " + e.name() + " has shape " + e.shape() + " but its value has "
                + v.length + " elements");
          }
          Placeholder<TFloat32> feed = tf.placeholder(TFloat32.class);
          Assign<TFloat32> assign = tf.assign(e.variable(), feed);
          try (TFloat32 t = TFloat32.tensorOf(e.shape(), DataBuffers.of(v, true, false))) {
            s.runner().addTarget(assign).feed(feed, t).run().close();
          }
        }
        Files.createDirectories(values0);
        s.save(values0.resolve("v").toString());
      }
      Path model = tmp.resolve("model");
      try (Graph g = new Graph(); Session s = new Session(g, false)) {
        Ops tf = Ops.create(g);
        List<Signature> signatures = builder.build(tf, new VariableStore(tf, 0));
        s.restore(values0.resolve("v").toString());
        SavedModelBundle.Exporter exporter = SavedModelBundle.exporter(model.toString()).withSession(s);
        for (Signature sig : signatures) {
          exporter.withSignature(sig);
        }
        exporter.export();
      }
      if (!extraAssets.isEmpty()) {
        Path assets = Files.createDirectories(model.resolve("assets.extra"));
        for (Map.Entry<String, String> a : extraAssets.entrySet()) {
          Files.writeString(assets.resolve(a.getKey()), a.getValue(), StandardCharsets.UTF_8);
        }
      }
      Path old = target.resolveSibling("." + target.getFileName() + ".old");
      deleteTree(old);
      if (Files.exists(target)) {
        Files.move(target, old);
      }
      Files.move(model, target);
      deleteTree(old);
      deleteTree(tmp);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write SavedModel to " + target + ": " + e.getMessage(), e);
    }
  }

  /** Adds (or replaces) {@code assets.extra/name} of an existing SavedModel, atomically. */
  public static void writeExtraAsset(Path model, String name, String content) {
    try {
      AtomicFile.write(model.resolve("assets.extra").resolve(name), tmp -> Files.writeString(tmp, content, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + name + " into " + model + ": " + e.getMessage(), e);
    }
  }

  /** Whether {@code dir} holds a {@code saved_model.pb}. */
  public static boolean isSavedModel(Path dir) {
    return Files.isRegularFile(dir.resolve("saved_model.pb"));
  }

  private static boolean isEmptyDirectory(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
