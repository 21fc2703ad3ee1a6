package io.gan4j.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gan4j.savedmodels.TranslatorModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A {@link TranslatorModel} (one direction of a csgan/cyclegan export) behind the REST API. An
 * instance is an encoded image, {@code {"b64": PNG}} (or {@code {"image_bytes": {"b64": ...}}}),
 * answered as {@code {"b64": PNG}} by the model's own {@code translate_png} signature, so the answer
 * is the PNG any TensorFlow runtime gives for that export (any size in, resized to H×W); or a float
 * image {@code [H][W][C_in]} in [−1, 1] (or {@code {"image": ...}}), answered as a float image by
 * {@code serving_default} in one batch ({@code "output_format": "png"} for PNGs). Columnar requests
 * take a list of either, {@code {"image": [...]}} or {@code {"image_bytes": [...]}}. One request holds
 * one kind.
 *
 * <p>Usage: {@code ModelServer.listen(new ServedTranslator(TranslatorModel.load(dir.resolve("ab"))), "edges", 8501, options)}
 */
final class ServedTranslator implements ServedModel {

  private static final String TRAINED_ON = "images in [-1, 1]";

  private final TranslatorModel model;

  ServedTranslator(TranslatorModel model) {
    this.model = model;
  }

  /** One input image: where it is in the request, its JSON value, and whether it is encoded ({"b64"}) or floats. */
  private record Item(String where, JsonNode value, boolean encoded) {}

  @Override
  public String summary() {
    return "translator" + (model.direction().isEmpty() ? "" : " " + model.direction()) + ", images " + model.inputShape() + " -> "
        + model.outputShape();
  }

  @Override
  public ObjectNode metadata() {
    List<Integer> in = model.inputShape();
    List<Integer> out = model.outputShape();
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    ObjectNode sigs = meta.putObject("metadata").putObject("signature_def");
    sigs.putObject("serving_default")
        .put("inputs", "image float32 [N, " + join(in) + "] in [-1, 1]; or {\"b64\": PNG/JPEG} images, answered by translate_png")
        .put("outputs", "image float32 [N, " + join(out) + "] in [-1, 1]");
    sigs.putObject(TranslatorModel.PNG_SIGNATURE)
        .put("inputs", "image_bytes {\"b64\": PNG, JPEG, GIF or BMP}, 1 to " + EncodedImage.MAX_SIDE + " pixels a side, resized bilinearly to "
            + in.get(0) + " x " + in.get(1))
        .put("outputs", "png {\"b64\": PNG}, " + out.get(0) + " x " + out.get(1) + " x " + out.get(2));
    meta.putObject("translator").put("direction", model.direction()).put("input", join(in)).put("output", join(out));
    meta.put("output_format", "request \"output_format\": \"png\" for float images answered as {\"b64\": PNG}");
    return meta;
  }

  private static String join(List<Integer> shape) {
    return shape.get(0) + ", " + shape.get(1) + ", " + shape.get(2);
  }

  @Override
  public List<WarmUp> warmUps() {
    List<Integer> in = model.inputShape();
    String black = PredictOutputs.b64(PredictOutputs.png(PredictOutputs.picture(filled(-1f), in.get(0), in.get(1), in.get(2)))).toString();
    return List.of(new WarmUp("serving_default", "{\"instances\": [" + floatsJson(filled(0f)) + "]}"),
        new WarmUp(TranslatorModel.PNG_SIGNATURE, "{\"signature_name\": \"translate_png\", \"instances\": [" + black + "]}"));
  }

  private float[] filled(float v) {
    List<Integer> in = model.inputShape();
    float[] x = new float[in.get(0) * in.get(1) * in.get(2)];
    Arrays.fill(x, v);
    return x;
  }

  private String floatsJson(float[] image) {
    return PredictOutputs.floats(image, 1, model.inputShape()).get(0).toString();
  }

  /** {@code count} PNGs of uniform noise at the model's size per request: the path a client of {@code translate_png} takes. */
  @Override
  public BenchLoad benchLoad(int count) {
    List<Integer> in = model.inputShape();
    Random random = new Random(1);
    StringBuilder body = new StringBuilder("{\"instances\": [");
    for (int i = 0; i < count; i++) {
      float[] noise = new float[in.get(0) * in.get(1) * in.get(2)];
      for (int k = 0; k < noise.length; k++) {
        noise[k] = random.nextFloat() * 2 - 1;
      }
      body.append(i > 0 ? ", " : "").append(PredictOutputs.b64(PredictOutputs.png(PredictOutputs.picture(noise, in.get(0), in.get(1), in.get(2)))));
    }
    String fixed = body.append("]}").toString();
    return new BenchLoad("signature 'translate_png', " + count + " b64 PNGs of " + in.get(0) + " x " + in.get(1) + " per request", seed -> fixed);
  }

  @Override
  public boolean hasSamplePng() {
    return false;
  }

  @Override
  public RestApi.Reply samplePng(Map<String, String> query) {
    throw new BadRequest(404, "this model is an image translator: it has no sample.png; POST images to :predict as"
        + " {\"instances\": [{\"b64\": \"<PNG, base64>\"}]}");
  }

  @Override
  public Predicted predict(Request r) {
    boolean pngSignature = r.signature().equals(TranslatorModel.PNG_SIGNATURE);
    if (!pngSignature && !r.signature().equals("serving_default")) {
      throw new BadRequest(400, "unknown signature_name '" + r.signature() + "'; use serving_default or " + TranslatorModel.PNG_SIGNATURE);
    }
    List<Item> items = items(r);
    RestApi.checkCount(items.size());
    boolean encoded = items.get(0).encoded();
    for (Item item : items) {
      if (item.encoded() != encoded) {
        throw new BadRequest(400, item.where() + " is " + (item.encoded() ? "an encoded image" : "a float image") + " but "
            + items.get(0).where() + " is " + (encoded ? "an encoded image" : "a float image") + ": one request holds one kind");
      }
    }
    if (encoded) {
      if ("float".equals(r.format())) {
        throw new BadRequest(400, "{\"b64\": ...} images are answered as {\"b64\": PNG} (signature " + TranslatorModel.PNG_SIGNATURE
            + "); send float images for float output");
      }
      return translatePngs(items);
    }
    if (pngSignature) {
      throw new BadRequest(400, "signature '" + TranslatorModel.PNG_SIGNATURE + "' takes {\"b64\": ...} images; " + items.get(0).where()
          + " is a float image (those go to serving_default)");
    }
    List<Integer> in = model.inputShape();
    int per = in.get(0) * in.get(1) * in.get(2);
    float[] x = new float[items.size() * per];
    for (int i = 0; i < items.size(); i++) {
      System.arraycopy(PredictInputs.image(items.get(i).value(), items.get(i).where(), in), 0, x, i * per, per);
    }
    float[] y = model.translate(x, items.size());
    PredictOutputs.checkFinite(y, items.size(), TRAINED_ON);
    return new Predicted("png".equals(r.format()) ? PredictOutputs.pngs(y, items.size(), model.outputShape())
        : PredictOutputs.floats(y, items.size(), model.outputShape()), items.size());
  }

  /** Each image through {@code translate_png}, which takes one at a time; TensorFlow's decoding errors name the image. */
  private Predicted translatePngs(List<Item> items) {
    List<byte[]> inputs = new ArrayList<>();
    for (Item item : items) {
      inputs.add(PredictInputs.encodedImage(item.value(), item.where())); // all checked before any runs
    }
    ArrayNode out = JsonNodeFactory.instance.arrayNode();
    for (int i = 0; i < inputs.size(); i++) {
      byte[] png;
      try {
        png = model.translatePng(inputs.get(i));
      } catch (IllegalArgumentException e) { // TFInvalidArgumentException: a header that reads, data that does not
        throw new BadRequest(400, items.get(i).where() + ": the model could not decode the image: "
            + (e.getMessage() == null ? "" : e.getMessage().split("\n")[0]));
      }
      out.add(PredictOutputs.b64(png));
    }
    return new Predicted(out, inputs.size());
  }

  /** The images of a row or columnar request, in order, each with the name an error gives it. */
  private static List<Item> items(Request r) {
    JsonNode data = r.data();
    String field = r.field();
    List<Item> items = new ArrayList<>();
    if (data.isArray()) {
      for (int i = 0; i < data.size(); i++) {
        items.add(item(data.get(i), field + "[" + i + "]"));
      }
    } else if (!r.rows() && data.isObject() && data.has("b64")) {
      items.add(new Item(field, data, true));
    } else if (!r.rows() && data.isObject() && data.size() == 1 && (data.has("image") || data.has("image_bytes"))) {
      boolean bytes = data.has("image_bytes");
      String key = bytes ? "image_bytes" : "image";
      JsonNode list = data.get(key);
      if (bytes && list.isObject()) {
        items.add(new Item(field + "." + key, list, true)); // translate_png's input is one scalar string
      } else if (list.isArray()) {
        for (int i = 0; i < list.size(); i++) {
          items.add(new Item(field + "." + key + "[" + i + "]", list.get(i), bytes));
        }
      } else {
        throw new BadRequest(400, "'" + field + "." + key + "' must be a list of images");
      }
    } else {
      throw new BadRequest(400, "'" + field + "' must be a list of images: {\"b64\": \"<PNG, base64>\"} or [H][W][C] floats in [-1, 1]"
          + (r.rows() ? "" : ", or {\"image\": [...]} or {\"image_bytes\": [...]}"));
    }
    if (items.isEmpty()) {
      throw new BadRequest(400, "'" + field + "' holds no image");
    }
    return items;
  }

  private static Item item(JsonNode v, String where) {
    if (v.isObject() && v.has("b64")) {
      return new Item(where, v, true);
    }
    if (v.isObject() && v.size() == 1 && v.has("image_bytes")) {
      return new Item(where + ".image_bytes", v.get("image_bytes"), true);
    }
    if (v.isObject() && v.size() == 1 && v.has("image")) {
      return new Item(where + ".image", v.get("image"), false);
    }
    if (v.isArray()) {
      return new Item(where, v, false);
    }
    throw new BadRequest(400, where + " must be an image: {\"b64\": \"<PNG, base64>\"} or [H][W][C] floats in [-1, 1]");
  }
}
