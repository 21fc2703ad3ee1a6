// Notebook 4: compose your own GAN from gan4j's parts: a hand-written generator and discriminator,
// the non-saturating loss plus the R1 penalty, trained by the same Trainer as every recipe.
// Run: tools/jshell examples/notebooks/04-compose-a-gan.jsh   (the README's "Compose your own GAN" is this file)
import io.gan4j.ops.*;
import io.gan4j.sdk.data.*;
import io.gan4j.sdk.gan.*;
import io.gan4j.sdk.gan.terms.*;
import io.gan4j.sdk.nets.Generator;
import io.gan4j.sdk.train.*;
import java.nio.file.*;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.*;

// G: z → dense 8×8×32 → ×2 transposed conv to 16 channels (batch norm, ReLU) → ×2 transposed conv to RGB, tanh.
record SmallGenerator(int zDim, List<Integer> outputShape) implements GeneratorNetwork {
  public int classes() { return 0; }
  public Generator.Output generate(NetScope scope, Operand<TFloat32> z, Operand<TInt32> labels) {
    Ops tf = scope.tf();
    Operand<TFloat32> h = tf.nn.relu(Dense.of(8 * 8 * 32).apply(scope.child("fc"), z));
    h = tf.reshape(h, tf.constant(new int[] {-1, 8, 8, 32}));
    h = ConvTranspose2d.of(16, 4).stride(2).apply(scope.child("up1"), h);
    h = tf.nn.relu(BatchNorm.withAffine().apply(scope.child("bn1"), h));
    h = ConvTranspose2d.of(outputShape.get(2), 4).stride(2).apply(scope.child("up2"), h);
    return new Generator.Output(tf.math.tanh(h), List.of());
  }
}

// D: two 4×4 stride-2 convolutions with LeakyReLU 0.2, then one logit per image.
record SmallCritic(List<Integer> inputShape) implements DiscriminatorNetwork {
  public int classes() { return 0; }
  public Heads judge(NetScope scope, Operand<TFloat32> x, Operand<TInt32> labels) {
    Ops tf = scope.tf();
    Activation leaky = Activation.leakyRelu(0.2f);
    Operand<TFloat32> h = leaky.apply(tf, Conv2d.of(16, 4).stride(2).apply(scope.child("conv1"), x));
    h = leaky.apply(tf, Conv2d.of(32, 4).stride(2).apply(scope.child("conv2"), h));
    h = tf.reshape(h, tf.constant(new int[] {-1, 8 * 8 * 32}));
    return Heads.of(tf.reshape(Dense.of(1).apply(scope.child("out"), h), tf.constant(new int[] {-1})));
  }
}

// The built-in 32×32 coloured shapes (no download); any TrainingData works the same way.
TrainingData data = Shapes.generate(1024, 1);
TrainConfig config = TrainConfig.builder().model("small-r1").data("shapes")
    .generator(new SmallGenerator(64, data.elementShape()))
    .discriminator(new SmallCritic(data.elementShape()))
    .loss("non-saturating")
    .terms(List.of(new R1Penalty(1f)))          // D adds γ/2·E‖∇D(x)‖² on real data
    .lrG(2e-4f).lrD(2e-4f).beta1(0.5f).beta2(0.999f)
    .batch(32).steps(300).checkpointEvery(300).logEvery(10)
    .build();

Path run = Files.createTempDirectory("gan4j-compose-");
TrainingResult result;
try (Trainer trainer = Trainer.open(run, config, data, Trainer.Start.FRESH)) {
  result = trainer.train(TrainingListener.NONE);
}
System.out.printf("%d steps, %.1f steps/s, d_loss %.3f, g_loss %.3f; wrote %s%n",
    result.steps(), result.stepsPerSecond(), result.dLoss(), result.gLoss(), run.resolve("samples.png"));
if (!Float.isFinite(result.dLoss()) || !Files.exists(run.resolve("samples.png"))) throw new IllegalStateException("did not train");
