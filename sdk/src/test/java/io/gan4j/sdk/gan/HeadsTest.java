package io.gan4j.sdk.gan;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.ops.ForwardPass;
import io.gan4j.ops.Mode;
import io.gan4j.ops.NetScope;
import io.gan4j.ops.VariableStore;
import io.gan4j.sdk.DiscriminatorSpec;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The heads terms read: features under the logit, and slicing a concatenated judgement back into its batches. */
class HeadsTest {

  @Test
  void builtInDiscriminatorsExposeTheirFeaturesAndPartsSliceEveryHead() {
    List<Integer> shape = List.of(16, 16, 1);
    DiscriminatorSpec resnet = DiscriminatorSpec.builder().architecture(DiscriminatorSpec.Architecture.RESNET).inputShape(shape)
        .stemWidth(0).widths(4, 8).build();
    DiscriminatorSpec unet = resnet.newBuilder().architecture(DiscriminatorSpec.Architecture.UNET).build();
    DiscriminatorSpec conv = DiscriminatorSpec.builder().inputShape(shape).stemWidth(4).widths(4, 8).refine(false).build();
    // Pooled ResNet/U-Net features: the last width; conv: the flattened last block, 4×4×8.
    int[] widths = {8, 8, 4 * 4 * 8};
    DiscriminatorSpec[] specs = {resnet, unet, conv};
    for (int k = 0; k < specs.length; k++) {
      try (Graph g = new Graph(); Session s = new Session(g)) {
        Ops tf = Ops.create(g);
        float[] pixels = new float[6 * 16 * 16];
        for (int i = 0; i < pixels.length; i++) {
          pixels[i] = (float) Math.sin(i * 0.37);
        }
        Operand<TFloat32> x = tf.constant(org.tensorflow.ndarray.Shape.of(6, 16, 16, 1), DataBuffers.of(pixels, true, false));
        Heads all = specs[k].judge(NetScope.root(new VariableStore(tf, 1), ForwardPass.of(Mode.INFER), GanModel.D), x, null);
        Heads second = all.part(tf, 1, 2); // rows 2 and 3 of 6, as the trainer slices real | generated | extra
        assertThat(all.features().shape().get(1)).as("features of %s", specs[k].architecture()).isEqualTo(widths[k]);
        s.initialize();
        try (Result r = s.runner().fetch(all.features()).fetch(second.features()).fetch(all.logits()).fetch(second.logits()).run()) {
          float[] f = values(r, 0);
          float[] l = values(r, 2);
          assertThat(values(r, 1)).containsExactly(Arrays.copyOfRange(f, 2 * widths[k], 4 * widths[k]));
          assertThat(values(r, 3)).containsExactly(l[2], l[3]);
        }
        assertThat(second.pixelLogits() == null).isEqualTo(all.pixelLogits() == null);
      }
    }
  }

  private static float[] values(Result r, int i) {
    TFloat32 t = (TFloat32) r.get(i);
    float[] out = new float[(int) t.shape().size()];
    t.copyTo(DataBuffers.of(out, false, false));
    return out;
  }
}
