package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.sdk.Preset;
import io.gan4j.sdk.data.GaussianMixture2d;
import io.gan4j.sdk.data.Shapes;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainerSmokeTest {
  Path dir = Path.of(System.getProperty("outdir", "/tmp/smoke"));

  @Test
  void mlpOnRing() {
    GaussianMixture2d data = GaussianMixture2d.ring8();
    var dataName = System.getProperty("data", "ring8");
    var mix = dataName.equals("grid25") ? GaussianMixture2d.grid25() : data;
    var b = Preset.MLP.config(dataName, mix.elementShape()).steps(Long.getLong("steps", 2000)).seed(Long.getLong("seed", 1));
    if (System.getProperty("loss") != null) b.loss(System.getProperty("loss"));
    if (System.getProperty("lr") != null) { b.lrG(Float.parseFloat(System.getProperty("lr"))); b.lrD(Float.parseFloat(System.getProperty("lr"))); }
    if (System.getProperty("beta1") != null) b.beta1(Float.parseFloat(System.getProperty("beta1")));
    if (System.getProperty("beta2") != null) b.beta2(Float.parseFloat(System.getProperty("beta2")));
    if (System.getProperty("batch") != null) b.batch(Integer.parseInt(System.getProperty("batch")));
    if (Boolean.getBoolean("sn")) b.discriminator(Preset.MLP.discriminator(mix.elementShape()).newBuilder().spectralNorm(true).build());
    TrainConfig c = b.build();
    data = mix;
    try (Trainer t = Trainer.open(dir.resolve("mlp"), c, data, false)) {
      TrainingResult r = t.train(TrainingListener.NONE);
      System.out.println("RESULT " + r.toJson());
    }
  }

  @Test
  void dcganOnShapes() {
    var data = Shapes.generate(2000, 1);
    TrainConfig c = Preset.DCGAN.config("shapes", data.elementShape()).steps(Long.getLong("isteps", 30)).seed(1).build();
    try (Trainer t = Trainer.open(dir.resolve("dcgan"), c, data, false)) {
      TrainingResult r = t.train(TrainingListener.NONE);
      System.out.println("RESULT " + r.toJson());
    }
  }
}
