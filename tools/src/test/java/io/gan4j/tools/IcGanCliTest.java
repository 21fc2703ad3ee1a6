package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gan4j.sdk.data.FashionMnist;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.nets.IcGanGenerator;
import io.gan4j.sdk.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gan4j train --model icgan}, resume, and {@code gan4j sample --instance} end to end on 96 Fashion-MNIST images. */
class IcGanCliTest {
  @TempDir Path dir;

  @Test
  void trainPreparesTheInstancesOnceExportsAndSamplesFromAnInstanceImage() throws Exception {
    assumeTrue(FashionMnist.isInstalled(), "needs Fashion-MNIST");
    ImageDataset original = FashionMnist.loadOriginal(FashionMnist.DEFAULT_DIR, "train").select("f96", IntStream.range(0, 96).toArray());
    Path idx = dir.resolve("f96-idx3-ubyte");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.writeInt(0x00000803);
    out.writeInt(96);
    out.writeInt(28);
    out.writeInt(28);
    out.write(original.pixels());
    Files.write(idx, bytes.toByteArray());
    Path run = dir.resolve("run");

    CliTest.Outcome o = CliTest.run("train", "--model", "icgan", "--data", idx.toString(), "--steps", "2", "--batch", "8",
        "--neighbours", "5", "--checkpoint-every", "2", "--out", run.toString());
    assertThat(o.exit()).as(o.err()).isZero();
    assertThat(o.out()).contains("IC-GAN instances of").contains("96 instances, 128-d features (");
    assertThat(run.resolve("instances/features.npy")).exists();
    assertThat(run.resolve("instances/neighbours.npy")).exists();
    assertThat(run.resolve("model/saved_model.pb")).exists();
    IcGanGenerator g = (IcGanGenerator) Trainer.readConfig(run).generator();
    assertThat(g.instances().k()).isEqualTo(5);
    assertThat(g.instances().count()).isEqualTo(96);

    CliTest.Outcome resumed = CliTest.run("train", "--resume", "--steps", "3", "--out", run.toString());
    assertThat(resumed.exit()).as(resumed.err()).isZero();
    assertThat(resumed.out()).contains("features and neighbourhoods reused from the run directory");

    Path png = dir.resolve("instance.png");
    BufferedImage img = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
    img.getRaster().setDataElements(0, 0, 28, 28, java.util.Arrays.copyOfRange(original.pixels(), 7 * 784, 8 * 784));
    ImageIO.write(img, "png", png.toFile());
    Path grid = dir.resolve("grid.png");
    CliTest.Outcome s = CliTest.run("sample", "--run", run.toString(), "--instance", png.toString(), "--n", "4", "--out", grid.toString());
    assertThat(s.exit()).as(s.err()).isZero();
    assertThat(s.out()).contains("conditioned on " + png);
    BufferedImage written = ImageIO.read(grid.toFile());
    assertThat(written.getWidth()).isGreaterThanOrEqualTo(2 * 32 * 2); // 2 columns of 32×32 at scale 2
    CliTest.Outcome spread = CliTest.run("sample", "--run", run.toString(), "--n", "6", "--out", dir.resolve("spread.png").toString());
    assertThat(spread.exit()).as(spread.err()).isZero();
    assertThat(spread.out()).contains("wrote 6 samples").contains("instances spread over the training set");
  }
}
