package io.gan4j.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gan4j.savedmodels.GeneratorModel;
import io.gan4j.sdk.image.ImageGrid;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A {@link GeneratorModel} behind the REST API: {@code serving_default} takes {@code z} (and
 * {@code label} for a conditional model), {@code sample} takes {@code seed} and {@code count}; an
 * IC-GAN model takes {@code z} and {@code features} on {@code serving_default} and instance images as
 * {@code {"b64": PNG}} (TF Serving's binary convention) on {@code sample}. {@code sample.png} tiles
 * {@code count} samples into one picture.
 *
 * <p>Usage: {@code ModelServer.listen(new ServedGenerator(GeneratorModel.load(dir)), "demo", 8501, options)}
 */
final class ServedGenerator implements ServedModel {

  private static final String TRAINED_ON = "z ~ N(0, 1)";

  private final GeneratorModel model;

  ServedGenerator(GeneratorModel model) {
    this.model = model;
  }

  @Override
  public String summary() {
    return "z " + model.zDim() + ", images " + model.imageShape() + (model.classes() > 0 ? ", " + model.classes() + " classes" : "");
  }

  @Override
  public List<WarmUp> warmUps() {
    String label = model.classes() > 0 ? ", \"label\": 0" : "";
    String z = Arrays.toString(new float[model.zDim()]);
    if (model.featureDim() > 0) {
      float[] unit = new float[model.featureDim()];
      unit[0] = 1; // features are l2-normalised
      return List.of(new WarmUp("serving_default", "{\"instances\": [{\"z\": " + z + ", \"features\": " + Arrays.toString(unit) + label + "}]}"));
    }
    return List.of(new WarmUp("serving_default", "{\"instances\": [{\"z\": " + z + label + "}]}"),
        new WarmUp("sample", "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": 1, \"count\": 1" + label + "}]}"));
  }

  @Override
  public BenchLoad benchLoad(int count) {
    return new BenchLoad("signature 'sample', " + count + " images per request",
        seed -> "{\"signature_name\": \"sample\", \"instances\": [{\"seed\": " + seed % Integer.MAX_VALUE + ", \"count\": " + count + "}]}");
  }

  @Override
  public ObjectNode metadata() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode sigs = out.putObject("metadata").putObject("signature_def");
    if (model.featureDim() > 0) {
      sigs.putObject("serving_default").put("inputs", "z float32 [N, " + model.zDim() + "], features float32 [N, " + model.featureDim()
          + "] (l2-normalised instance features)").put("outputs", "images float32 [N, " + model.imageShape() + "] in [-1, 1]");
      sigs.putObject("sample").put("inputs", "seed int64, count int32 (per image), truncation float32 (optional),"
          + " image {\"b64\": PNG or JPEG} or a list of them").put("outputs", "images float32, count per image, grouped by image");
      out.put("output_format", "request \"output_format\": \"png\" for images as {\"b64\": PNG}");
      return out;
    }
    ObjectNode serving = sigs.putObject("serving_default");
    serving.put("inputs", "z float32 [N, " + model.zDim() + "]" + (model.classes() > 0 ? ", label int32 [N]" : ""));
    serving.put("outputs", "images float32 [N, " + model.imageShape() + "] in [-1, 1]");
    ObjectNode sample = sigs.putObject("sample");
    sample.put("inputs", "seed int64, count int32" + (model.classes() > 0 ? ", label int32" : "") + ", truncation float32 (optional)");
    sample.put("outputs", "images_uint8 uint8, images float32");
    return out;
  }

  @Override
  public boolean hasSamplePng() {
    return true;
  }

  @Override
  public RestApi.Reply samplePng(Map<String, String> q) {
    int count = intParam(q, "count", 16);
    long seed = intParam(q, "seed", 1);
    int label = intParam(q, "label", -1);
    float truncation;
    String text = q.getOrDefault("truncation", "0");
    try {
      truncation = Float.parseFloat(text);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "query parameter 'truncation' must be a number, got '" + text + "'");
    }
    PredictInputs.finite(truncation, text, "query parameter 'truncation'");
    RestApi.checkCount(count);
    List<Integer> s = model.imageShape();
    float[] images = model.generate(count, seed, label, truncation);
    byte[] png = PredictOutputs.png(ImageGrid.tile(images, count, s.get(0), s.get(1), s.get(2), (int) Math.ceil(Math.sqrt(count)), 2));
    return new RestApi.Reply(200, "image/png", png, count);
  }

  @Override
  public Predicted predict(Request r) {
    JsonNode data = r.data();
    boolean rows = r.rows();
    float[] images;
    int count;
    switch (r.signature()) {
      case "serving_default" -> {
        if (model.featureDim() > 0) {
          float[][][] zf = rows ? zAndFeaturesFromInstances(data) : zAndFeaturesFromInputs(data);
          count = zf[0].length;
          images = model.generateWithFeatures(zf[0], zf[1], model.classes() > 0 ? classLabels(data, rows, count) : null);
          break;
        }
        ZBatch batch = rows ? zFromInstances(data) : zFromInputs(data);
        count = batch.z.length;
        RestApi.checkCount(count);
        images = model.classes() > 0 ? model.generate(batch.z, requireLabels(batch.labels, count)) : noLabels(batch);
      }
      case "sample" -> {
        JsonNode args = rows ? single(data) : data;
        if (model.featureDim() > 0) {
          List<Integer> shape = model.imageShape();
          List<float[]> decoded = instanceImages(args.get("image"), shape);
          int per = PredictInputs.requireInt(args, "count");
          count = per * decoded.size();
          RestApi.checkCount(count);
          float[] flat = new float[decoded.size() * shape.get(0) * shape.get(1) * shape.get(2)];
          for (int i = 0; i < decoded.size(); i++) {
            System.arraycopy(decoded.get(i), 0, flat, i * decoded.get(i).length, decoded.get(i).length);
          }
          if (model.classes() > 0 && !args.has("label")) {
            throw new BadRequest(400, "this model is also class-conditional: give the samples' 'label' (int)");
          }
          images = model.generateForInstances(flat, decoded.size(), PredictInputs.requireInt(args, "seed"), per,
              truncation(args), model.classes() > 0 ? PredictInputs.requireInt(args, "label") : -1).images();
          break;
        }
        count = PredictInputs.requireInt(args, "count");
        RestApi.checkCount(count);
        images = model.generate(count, PredictInputs.requireInt(args, "seed"),
            args.has("label") ? PredictInputs.requireInt(args, "label") : -1, truncation(args));
      }
      default -> throw new BadRequest(400, "unknown signature_name '" + r.signature() + "'; use serving_default or sample");
    }
    PredictOutputs.checkFinite(images, count, TRAINED_ON);
    boolean png = "png".equals(r.format());
    return new Predicted(png ? PredictOutputs.pngs(images, count, model.imageShape())
        : PredictOutputs.floats(images, count, model.imageShape()), count);
  }

  private static float truncation(JsonNode args) {
    return args.has("truncation") ? PredictInputs.requireFloat(args, "truncation") : 0f;
  }

  /** IC-GAN's instance images: {@code {"b64": PNG/JPEG}} or a list of them, each fitted to the model's image shape. */
  private static List<float[]> instanceImages(JsonNode image, List<Integer> shape) {
    if (image == null) {
      throw new BadRequest(400, "this model is instance-conditioned: signature 'sample' needs 'image': {\"b64\": \"<PNG or JPEG, base64>\"}"
          + " (or a list of them)");
    }
    List<JsonNode> items = new ArrayList<>();
    if (image.isArray()) {
      image.forEach(items::add);
    } else {
      items.add(image);
    }
    if (items.isEmpty() || items.size() > RestApi.MAX_IMAGES) {
      throw new BadRequest(400, "'image' must hold 1 to " + RestApi.MAX_IMAGES + " images, got " + items.size());
    }
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      String where = "image[" + i + "]";
      try {
        out.add(InstanceImage.decode(PredictInputs.encodedImage(items.get(i), where), where, shape.get(0), shape.get(1), shape.get(2)));
      } catch (IOException e) {
        throw new BadRequest(400, where + ": " + e.getMessage());
      }
    }
    return out;
  }

  /** The class label of every row: {@code "label"} of each instance, or the {@code "label"} list of the inputs. */
  private static int[] classLabels(JsonNode data, boolean rows, int count) {
    int[] out = new int[count];
    JsonNode list = rows ? null : data.get("label");
    if (!rows && (list == null || !list.isArray() || list.size() != count)) {
      throw new BadRequest(400, "this model is also class-conditional: 'inputs.label' must be a list with one int per z (" + count + ")");
    }
    for (int i = 0; i < count; i++) {
      JsonNode v = rows ? data.get(i).get("label") : list.get(i);
      if (v == null || !v.isIntegralNumber()) {
        throw new BadRequest(400, "this model is also class-conditional: label " + i + " must be an integer" + (v == null ? "" : ", got " + v));
      }
      out[i] = v.intValue();
    }
    return out;
  }

  /** {@code [{"z": [...], "features": [...]}, ...]}: {z, features}. */
  private float[][][] zAndFeaturesFromInstances(JsonNode instances) {
    if (!instances.isArray() || instances.isEmpty()) {
      throw new BadRequest(400, "'instances' must be a non-empty list of {\"z\": [...], \"features\": [...]}");
    }
    RestApi.checkCount(instances.size());
    float[][] z = new float[instances.size()][];
    float[][] f = new float[instances.size()][];
    for (int i = 0; i < instances.size(); i++) {
      JsonNode inst = instances.get(i);
      if (!inst.isObject()) {
        throw new BadRequest(400, "instances[" + i + "] must be {\"z\": [...], \"features\": [...]} (an instance-conditioned model)");
      }
      z[i] = PredictInputs.z(inst.get("z"), "instances[" + i + "].z", model.zDim());
      f[i] = PredictInputs.features(inst.get("features"), "instances[" + i + "].features", model.featureDim());
    }
    return new float[][][] {z, f};
  }

  /** {@code {"z": [[...], ...], "features": [[...], ...]}}. */
  private float[][][] zAndFeaturesFromInputs(JsonNode inputs) {
    JsonNode zs = inputs.get("z");
    JsonNode fs = inputs.get("features");
    if (zs == null || !zs.isArray() || zs.isEmpty() || fs == null || !fs.isArray() || fs.size() != zs.size()) {
      throw new BadRequest(400, "'inputs' must hold 'z' and 'features', lists of vectors of the same non-zero length");
    }
    RestApi.checkCount(zs.size());
    float[][] z = new float[zs.size()][];
    float[][] f = new float[zs.size()][];
    for (int i = 0; i < zs.size(); i++) {
      z[i] = PredictInputs.z(zs.get(i), "inputs.z[" + i + "]", model.zDim());
      f[i] = PredictInputs.features(fs.get(i), "inputs.features[" + i + "]", model.featureDim());
    }
    return new float[][][] {z, f};
  }

  private float[] noLabels(ZBatch batch) {
    if (batch.labels != null) {
      throw new BadRequest(400, "this model is unconditional; remove 'label'");
    }
    return model.generate(batch.z);
  }

  private static int[] requireLabels(int[] labels, int count) {
    if (labels == null) {
      throw new BadRequest(400, "this model is conditional; give a 'label' (int) for every z");
    }
    return labels;
  }

  private record ZBatch(float[][] z, int[] labels) {}

  /** {@code [[z...], ...]} or {@code [{"z": [...], "label": k}, ...]}. */
  private ZBatch zFromInstances(JsonNode instances) {
    if (!instances.isArray() || instances.isEmpty()) {
      throw new BadRequest(400, "'instances' must be a non-empty list");
    }
    RestApi.checkCount(instances.size());
    float[][] z = new float[instances.size()][];
    int[] labels = null;
    for (int i = 0; i < instances.size(); i++) {
      JsonNode inst = instances.get(i);
      if (inst.isObject()) {
        z[i] = PredictInputs.z(inst.get("z"), "instances[" + i + "].z", model.zDim());
        if (inst.has("label")) {
          labels = labels == null ? new int[instances.size()] : labels;
          labels[i] = PredictInputs.requireInt(inst, "label");
        }
      } else {
        z[i] = PredictInputs.z(inst, "instances[" + i + "]", model.zDim());
      }
    }
    return new ZBatch(z, labels);
  }

  /** {@code {"z": [[...], ...], "label": [...]}} or just {@code [[...], ...]}. */
  private ZBatch zFromInputs(JsonNode inputs) {
    JsonNode zs = inputs.isObject() ? inputs.get("z") : inputs;
    if (zs == null || !zs.isArray() || zs.isEmpty()) {
      throw new BadRequest(400, "'inputs' must hold 'z', a non-empty list of vectors");
    }
    RestApi.checkCount(zs.size());
    float[][] z = new float[zs.size()][];
    for (int i = 0; i < zs.size(); i++) {
      z[i] = PredictInputs.z(zs.get(i), "inputs.z[" + i + "]", model.zDim());
    }
    int[] labels = null;
    if (inputs.isObject() && inputs.has("label")) {
      JsonNode l = inputs.get("label");
      if (!l.isArray() || l.size() != zs.size()) {
        throw new BadRequest(400, "'inputs.label' must be a list with one int per z (" + zs.size() + ")");
      }
      labels = new int[l.size()];
      for (int i = 0; i < labels.length; i++) {
        if (!l.get(i).isIntegralNumber()) {
          throw new BadRequest(400, "inputs.label[" + i + "] must be an integer, got " + l.get(i));
        }
        labels[i] = l.get(i).intValue();
      }
    }
    return new ZBatch(z, labels);
  }

  private static JsonNode single(JsonNode instances) {
    if (!instances.isArray() || instances.size() != 1 || !instances.get(0).isObject()) {
      throw new BadRequest(400, "signature 'sample' takes one instance {\"seed\": s, \"count\": n[, \"label\": k]}");
    }
    return instances.get(0);
  }

  private static int intParam(Map<String, String> q, String key, int fallback) {
    String v = q.get(key);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new BadRequest(400, "query parameter '" + key + "' must be an integer, got '" + v + "'");
    }
  }
}
