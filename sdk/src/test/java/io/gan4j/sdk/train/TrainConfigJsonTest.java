package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.ops.NetScope;
import io.gan4j.sdk.gan.GeneratorNetwork;
import io.gan4j.sdk.gan.terms.LazyRegularization;
import io.gan4j.sdk.gan.terms.MixingConfig;
import io.gan4j.sdk.gan.terms.R1Penalty;
import io.gan4j.sdk.gan.terms.SampleMixingTerm;
import io.gan4j.sdk.gan.terms.UNetCutMix;
import io.gan4j.sdk.gan.terms.UNetPixelLoss;
import io.gan4j.sdk.nets.Generator;
import io.gan4j.sdk.recipes.Recipes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/** config.json: what a run is rebuilt from for resume, sample and export. */
class TrainConfigJsonTest {

  @TempDir Path dir;

  /** A user's own generator: a record, so config.json stores it under its class name. */
  public record LinearGenerator(int zDim, List<Integer> outputShape) implements GeneratorNetwork {
    @Override
    public int classes() {
      return 0;
    }

    @Override
    public Generator.Output generate(NetScope scope, Operand<TFloat32> z, Operand<TInt32> labels) {
      return new Generator.Output(io.gan4j.ops.Dense.of(outputShape.get(0)).apply(scope.child("out"), z), List.of());
    }
  }

  @Test
  void configsWrittenBeforeTermsStillLoadWithTheTermsTheirFieldsMeant() {
    // A U-Net run of session 3: D architecture UNET and a "mixing" field, no "terms".
    TrainConfig unet = Trainer.readConfig(Path.of("../examples/results/unetgan"));
    assertThat(unet.terms()).containsExactly(new UNetPixelLoss(), new UNetCutMix(new MixingConfig("cutmix", 1f, 0f, 0.5f, 1000)));
    // A SAGAN run: mixing "none" → no terms.
    assertThat(Trainer.readConfig(Path.of("../examples/results/sagan-exp/tuned-s2")).terms()).isEmpty();
  }

  @Test
  void aLegacyMixingFieldBecomesASampleMixingTerm() throws IOException {
    String legacy = Files.readString(Path.of("../examples/results/sagan-exp/tuned-s2/config.json"));
    TrainConfig sagan = Trainer.readConfig(Path.of("../examples/results/sagan-exp/tuned-s2"));
    TrainConfig dcgan = Recipes.DCGAN.config("shapes", List.of(32, 32, 3)).build();
    String json = Trainer.JSON.writeValueAsString(dcgan)
        .replace("\"terms\" : [ ],", "\"mixing\" : {\"method\" : \"srmix\", \"alpha\" : 1.0, \"sigma\" : 0.25, \"probability\" : 0.5, \"warmup\" : 7},");
    assertThat(json).contains("\"mixing\"").doesNotContain("\"terms\"");
    assertThat(legacy).contains("\"mixing\"");
    Files.writeString(dir.resolve(Trainer.CONFIG_FILE), json);
    assertThat(Trainer.readConfig(dir).terms()).containsExactly(new SampleMixingTerm(new MixingConfig("srmix", 1f, 0.25f, 0.5f, 7)));
    assertThat(sagan.generator().classes()).isEqualTo(10);
  }

  @Test
  void termsAndAUsersOwnNetworkRoundTrip() throws IOException {
    TrainConfig mlp = Recipes.MLP.config("ring8", List.of(2)).build();
    TrainConfig c = mlp.newBuilder().generator(new LinearGenerator(16, List.of(2))).terms(List.of(new R1Penalty(5f),
        new LazyRegularization(new R1Penalty(10f), 16))).build();
    Trainer.writeJson(dir.resolve(Trainer.CONFIG_FILE), c);
    assertThat(Files.readString(dir.resolve(Trainer.CONFIG_FILE)))
        .contains("\"type\" : \"io.gan4j.sdk.train.TrainConfigJsonTest$LinearGenerator\"")
        .contains("\"type\" : \"io.gan4j.sdk.gan.terms.R1Penalty\"");
    assertThat(Trainer.readConfig(dir)).isEqualTo(c);
  }

  @Test
  void anUnknownFieldOrNetworkClassIsNamedInTheError() throws IOException {
    String json = Trainer.JSON.writeValueAsString(Recipes.DCGAN.config("shapes", List.of(32, 32, 3)).build());
    Files.writeString(dir.resolve(Trainer.CONFIG_FILE), json.replace("\"loss\"", "\"lossy\""));
    assertThatThrownBy(() -> Trainer.readConfig(dir)).isInstanceOf(CheckpointException.class)
        .hasMessageStartingWith(dir.resolve(Trainer.CONFIG_FILE) + ": unreadable run config")
        .hasMessageContaining("\"lossy\"");
    Files.writeString(dir.resolve(Trainer.CONFIG_FILE),
        json.replaceFirst("\"generator\" : \\{", "\"generator\" : { \"type\" : \"com.example.Gone\","));
    assertThatThrownBy(() -> Trainer.readConfig(dir)).isInstanceOf(CheckpointException.class)
        .hasMessageContaining("com.example.Gone");
  }
}
