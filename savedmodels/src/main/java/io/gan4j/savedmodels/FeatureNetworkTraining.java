package io.gan4j.savedmodels;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gan4j.ops.AutoDiff;
import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.ops.optim.Optimizer;
import io.gan4j.sdk.data.ImageDataset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Trains the {@link FeatureNetwork} classifier with Adam on softmax cross-entropy, exports it as a
 * SavedModel ({@code serving_default}: {@code images} float32 {@code [N, 32, 32, 1]} in [−1, 1] →
 * {@code features}, {@code logits}) and measures the exported model's accuracy on a test set.
 * Batches are a function of (seed, step), so a seed fixes the result.
 *
 * <p>Usage: {@code FeatureNetworkTraining.Result r = FeatureNetworkTraining.run(train, test, Options.DEFAULT, out, s -> {});}
 */
public final class FeatureNetworkTraining {

  /** Training settings; {@link #DEFAULT} made the shipped model. */
  public record Options(long seed, int steps, int batch, float learningRate) {
    public static final Options DEFAULT = new Options(1, 3000, 128, 1e-3f);
  }

  /** Test accuracy of the exported model, the final mean training loss and the training time. */
  public record Result(double testAccuracy, double trainLoss, double seconds) {}

  private static final String SCOPE = "F";

  private FeatureNetworkTraining() {}

  public static Result run(ImageDataset train, ImageDataset test, Options options, Path out, LongConsumer progress) {
    List<Integer> shape = train.elementShape();
    if (!shape.equals(List.of(FeatureNetwork.SIZE, FeatureNetwork.SIZE, 1))) {
      throw new IllegalArgumentException("the feature network takes 32x32x1 images, " + train.name() + " has " + shape);
    }
    int classes = classes(train);
    long start = System.nanoTime();
    Map<String, float[]> values = new LinkedHashMap<>();
    double loss;
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      VariableStore store = new VariableStore(tf, options.seed());
      Variable<TInt64> step = tf.withName("train_step").variable(tf.constant(0L));
      ImageDataset.LabeledBatch batch = train.labeledBatch(tf, tf.snapshot(step), options.batch(), options.seed());
      ForwardPass pass = ForwardPass.of(Mode.TRAIN);
      Operand<TFloat32> logits = FeatureNetwork.build(NetScope.root(store, pass, SCOPE), batch.images(), classes).logits();
      // The sparse cross-entropy op has no C++ gradient; the dense one does.
      Operand<TFloat32> oneHot = tf.oneHot(batch.labels(), tf.constant(classes), tf.constant(1f), tf.constant(0f));
      Operand<TFloat32> lossOp = tf.math.mean(
          tf.nn.softmaxCrossEntropyWithLogits(logits, oneHot).loss(), tf.constant(0));
      List<VariableStore.Entry> vars = store.entries(SCOPE + "_", VariableStore.Role.TRAINABLE);
      List<Operand<TFloat32>> reads = new ArrayList<>();
      vars.forEach(v -> reads.add(pass.reads().get(v.name())));
      Op apply = Optimizer.adam(options.learningRate(), 0.9f, 0.999f)
          .apply(store, SCOPE, vars, AutoDiff.gradients(tf, lossOp, reads));
      Op trainStep = tf.withControlDependencies(List.of(apply)).assignAdd(step, tf.constant(1L));
      double recent = 0;
      int window = Math.min(100, options.steps());
      for (int i = 0; i < options.steps(); i++) {
        try (org.tensorflow.Result r = s.runner().addTarget(trainStep).fetch(lossOp).run()) {
          float l = ((TFloat32) r.get(0)).getFloat();
          if (!Float.isFinite(l)) {
            throw new IllegalStateException("feature network training diverged at step " + (i + 1) + " (loss " + l + ")");
          }
          if (i >= options.steps() - window) {
            recent += l / window;
          }
        }
        progress.accept(i + 1);
      }
      loss = recent;
      for (VariableStore.Entry e : vars) {
        try (org.tensorflow.Result r = s.runner().fetch(e.variable()).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          float[] v = new float[(int) t.shape().size()];
          t.copyTo(DataBuffers.of(v, false, false));
          values.put(e.name(), v);
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double accuracy;
    SavedModelWriter.write(out, (tf, store) -> signatures(tf, store, classes), values, Map.of());
    try (FeatureModel model = FeatureModel.load(out)) {
      accuracy = accuracy(model, test);
    }
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("input", "images: float32 [N, 32, 32, 1] in [-1, 1] (Fashion-MNIST 28x28 zero-padded by 2)");
    meta.put("input_range", List.of(-1, 1));
    meta.put("outputs", Map.of("features", "[N, " + FeatureNetwork.FEATURES + "] penultimate ReLU layer",
        "logits", "[N, " + classes + "]"));
    meta.put("trained_on", train.name() + " (" + train.size() + " images)");
    meta.put("test_accuracy", accuracy);
    meta.put("test_set", test.name() + " (" + test.size() + " images)");
    meta.put("seed", options.seed());
    meta.put("steps", options.steps());
    meta.put("batch", options.batch());
    meta.put("learning_rate", options.learningRate());
    meta.put("optimizer", "Adam(0.9, 0.999)");
    meta.put("train_seconds", Math.round(seconds));
    try {
      String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(meta);
      SavedModelWriter.writeExtraAsset(out, FeatureModel.METADATA, json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new Result(accuracy, loss, seconds);
  }

  private static List<Signature> signatures(Ops tf, VariableStore store, int classes) {
    Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
        Placeholder.shape(Shape.of(-1, FeatureNetwork.SIZE, FeatureNetwork.SIZE, 1)));
    FeatureNetwork.Outputs out = FeatureNetwork.build(NetScope.root(store, ForwardPass.of(Mode.INFER), SCOPE), images, classes);
    return List.of(Signature.builder().key(FeatureModel.SIGNATURE).methodName(SavedModelWriter.PREDICT_METHOD)
        .input("images", images).output("features", out.features()).output("logits", out.logits()).build());
  }

  /** Fraction of {@code data} whose argmax logit is its label. */
  public static double accuracy(FeatureModel model, ImageDataset data) {
    int[] labels = data.labels().orElseThrow(() -> new IllegalArgumentException(data.name() + " has no labels"));
    List<Integer> s = data.elementShape();
    double[][] logits = model.apply(data.toFloats(0, data.size()), data.size(), s.get(0), s.get(1), s.get(2)).logits();
    int[] predicted = FeatureModel.argmax(logits);
    int correct = 0;
    for (int i = 0; i < labels.length; i++) {
      correct += predicted[i] == labels[i] ? 1 : 0;
    }
    return correct / (double) labels.length;
  }

  private static int classes(ImageDataset data) {
    int[] labels = data.labels().orElseThrow(() -> new IllegalArgumentException(data.name() + " has no labels"));
    int max = 0;
    for (int l : labels) {
      max = Math.max(max, l);
    }
    return max + 1;
  }
}
