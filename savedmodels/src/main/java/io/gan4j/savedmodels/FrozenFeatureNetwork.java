package io.gan4j.savedmodels;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * A feature network SavedModel ({@link FeatureModel}'s contract) copied into another graph as
 * constants, so an exported generator can compute instance features itself (IC-GAN's {@code sample}
 * signature). The part of the feature graph that computes {@code features} is frozen: variables
 * ({@code VariableV2}, and {@code ReadVariableOp} of resource variables) become {@code Const} nodes
 * with their values; the image placeholder becomes the output of a small conversion that takes images
 * float32 {@code [N, H, W, C]} in [−1, 1] to the model's input as {@link FeatureModel} does (bilinear
 * resize to its fixed size, 1 → 3 channels, [0, 1] or uint8 inputs). Standard ops only.
 *
 * <p>Usage: {@code FrozenFeatureNetwork.Imported f = FrozenFeatureNetwork.importInto(graph, dir, "instance_features", 32, 32, 1);}
 */
final class FrozenFeatureNetwork {

  /** The images placeholder (float32 [−1, 1], {@code [N, h, w, c]}) and the raw features {@code [N, F]} in the target graph. */
  record Imported(Operand<TFloat32> images, Operand<TFloat32> features) {}

  private static final String PRE = "gan4j_pre_";

  private FrozenFeatureNetwork() {}

  /** Imports the frozen network of {@code dir} into {@code graph} under {@code prefix}, for images of {@code h × w × c}. */
  @SuppressWarnings("unchecked")
  static Imported importInto(Graph graph, Path dir, String prefix, int h, int w, int c) {
    GraphDef frozen = freeze(dir, h, w, c);
    graph.importGraphDef(frozen, prefix);
    Operand<TFloat32> images = (Operand<TFloat32>) (Operand<?>) graph.operation(prefix + "/" + PRE + "images").output(0);
    String[] out = frozen.getNode(frozen.getNodeCount() - 1).getInput(0).split(":");
    Operand<TFloat32> features = (Operand<TFloat32>) (Operand<?>) graph.operation(prefix + "/" + out[0])
        .output(out.length > 1 ? Integer.parseInt(out[1]) : 0);
    return new Imported(images, features);
  }

  /** The frozen GraphDef; its last node is an Identity {@code gan4j_features} of the features tensor. */
  static GraphDef freeze(Path dir, int h, int w, int c) {
    try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelBundle.DEFAULT_TAG)) {
      SignatureDef sig = bundle.metaGraphDef().getSignatureDefMap().get(FeatureModel.SIGNATURE);
      if (sig == null || sig.getInputsCount() != 1 || !sig.getOutputsMap().containsKey("features")) {
        throw new IllegalArgumentException(dir + ": a feature network needs signature '" + FeatureModel.SIGNATURE
            + "' with one image input and a 'features' output");
      }
      TensorInfo input = sig.getInputsMap().values().iterator().next();
      TensorInfo features = sig.getOutputsMap().get("features");
      String inputNode = node(input.getName());
      long[] want = input.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
      boolean uint8 = input.getDtype() == DataType.DT_UINT8;
      GraphDef source = bundle.graph().toGraphDef();
      Map<String, NodeDef> byName = new HashMap<>();
      for (NodeDef n : source.getNodeList()) {
        byName.put(n.getName(), n);
      }
      // The nodes features depend on, stopping at the input and at variables (they become constants).
      Set<String> needed = new LinkedHashSet<>();
      Deque<String> todo = new ArrayDeque<>(java.util.List.of(node(features.getName())));
      while (!todo.isEmpty()) {
        String name = todo.pop();
        if (!needed.add(name)) {
          continue;
        }
        NodeDef n = byName.get(name);
        if (n == null) {
          throw new IllegalArgumentException(dir + ": node " + name + " of the features is not in the graph");
        }
        if (name.equals(inputNode) || isVariable(n)) {
          continue;
        }
        for (String in : n.getInputList()) {
          todo.push(node(in));
        }
      }
      GraphDef.Builder out = GraphDef.newBuilder().setVersions(source.getVersions()).setLibrary(source.getLibrary());
      out.addAllNode(conversion(h, w, c, want, uint8, unitRange(dir)));
      for (String name : needed) {
        NodeDef n = byName.get(name);
        if (name.equals(inputNode)) {
          out.addNode(NodeDef.newBuilder().setName(name).setOp("Identity").addInput(PRE + "converted")
              .putAttr("T", AttrValue.newBuilder().setType(input.getDtype()).build()));
        } else if (isVariable(n)) {
          out.addNode(constant(name, bundle, name + ":0"));
        } else {
          NodeDef.Builder b = n.toBuilder().clearDevice();
          b.removeAttr("_class");
          out.addNode(b);
        }
      }
      out.addNode(NodeDef.newBuilder().setName("gan4j_features").setOp("Identity").addInput(features.getName())
          .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build()));
      return out.build();
    }
  }

  private static boolean isVariable(NodeDef n) {
    return n.getOp().equals("VariableV2") || n.getOp().equals("ReadVariableOp") || n.getOp().equals("Variable");
  }

  private static String node(String tensor) {
    String s = tensor.startsWith("^") ? tensor.substring(1) : tensor;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  /** A Const node holding the current value of {@code tensor} in the bundle's session. */
  private static NodeDef constant(String name, SavedModelBundle bundle, String tensor) {
    try (Result r = bundle.session().runner().fetch(tensor).run()) {
      Tensor t = r.get(0);
      TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
      for (long d : t.shape().asArray()) {
        shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
      }
      byte[] bytes = new byte[(int) t.numBytes()];
      t.asRawTensor().data().read(bytes);
      TensorProto value = TensorProto.newBuilder().setDtype(t.dataType()).setTensorShape(shape)
          .setTensorContent(ByteString.copyFrom(bytes)).build();
      return NodeDef.newBuilder().setName(name).setOp("Const")
          .putAttr("dtype", AttrValue.newBuilder().setType(t.dataType()).build())
          .putAttr("value", AttrValue.newBuilder().setTensor(value).build()).build();
    }
  }

  /** Images float32 [−1, 1] {@code [N, h, w, c]} ({@code gan4j_pre_images}) to the model's input ({@code gan4j_pre_converted}). */
  private static java.util.List<NodeDef> conversion(int h, int w, int c, long[] want, boolean uint8, boolean unitRange) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, h, w, c)));
      Operand<TFloat32> y = in;
      long wantH = want.length == 4 && want[1] > 0 ? want[1] : h;
      long wantW = want.length == 4 && want[2] > 0 ? want[2] : w;
      long wantC = want.length == 4 && want[3] > 0 ? want[3] : c;
      if (wantH != h || wantW != w) {
        y = tf.image.resizeBilinear(y, tf.constant(new int[] {(int) wantH, (int) wantW}), ResizeBilinear.halfPixelCenters(true));
      }
      if (wantC != c) {
        y = tf.tile(y, tf.constant(new int[] {1, 1, 1, (int) wantC}));
      }
      Operand<?> converted;
      if (uint8) {
        converted = tf.dtypes.cast(tf.math.round(tf.clipByValue(tf.math.mul(tf.math.add(y, tf.constant(1f)), tf.constant(127.5f)),
            tf.constant(0f), tf.constant(255f))), TUint8.class);
      } else {
        converted = unitRange ? tf.math.mul(tf.math.add(y, tf.constant(1f)), tf.constant(0.5f)) : y;
      }
      tf.withName("converted").identity(converted);
      java.util.List<NodeDef> nodes = new java.util.ArrayList<>();
      for (NodeDef n : g.toGraphDef().getNodeList()) {
        NodeDef.Builder b = n.toBuilder().setName(PRE + n.getName()).clearInput();
        for (String i : n.getInputList()) {
          b.addInput(i.startsWith("^") ? "^" + PRE + i.substring(1) : PRE + i);
        }
        nodes.add(b.build());
      }
      return nodes;
    }
  }

  private static boolean unitRange(Path dir) {
    Path file = dir.resolve("assets.extra").resolve(FeatureModel.METADATA);
    if (!Files.exists(file)) {
      return false;
    }
    try {
      JsonNode range = new ObjectMapper().readTree(file.toFile()).get("input_range");
      return range != null && range.size() == 2 && range.get(0).asDouble() == 0.0;
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": unreadable metadata (" + e.getMessage() + ")", e);
    }
  }
}
