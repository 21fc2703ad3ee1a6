package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gan4j.sdk.train.ModelSummary;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code gan4j bench --suite}'s PyTorch side builds gan4j's networks: for every row, G's and D's
 * parameter counts in {@code tools/bench/torch_gan_bench.py} equal those of the graph gan4j trains
 * (no timing). Skipped where {@code /usr/bin/python3} cannot import torch.
 */
class BenchSuiteTest {

  private static final String PYTHON = "/usr/bin/python3";

  static boolean torchAvailable() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
      return p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void everyRowsPyTorchNetworksHaveGan4jsParameterCounts() throws Exception {
    assumeTrue(torchAvailable(), PYTHON + " with torch is not available");
    for (String model : BenchSuite.MODELS) {
      BenchSuite.Setup setup = BenchSuite.setup(model, 64);
      ModelSummary gan4j = ModelSummary.of(setup.config(), setup.data());
      long[] torch = BenchSuite.torchParameters(PYTHON, model, setup.config().batch());
      assertThat(torch).as(model + ": the PyTorch script ran").isNotNull();
      assertThat(torch).as(model + ": PyTorch G and D parameters")
          .containsExactly(gan4j.generatorParameters(), gan4j.discriminatorParameters());
      assertThat(gan4j.stepFlops()).as(model + ": FLOPs counted").isPositive();
    }
  }

  @Test
  void aParameterMismatchIsAnError() {
    ModelSummary gan4j = new ModelSummary(100, 50, 0, 1, 1e9);
    BenchSuite.checkParameters("x", gan4j, new long[] {100, 50});
    assertThatThrownBy(() -> BenchSuite.checkParameters("x", gan4j, new long[] {100, 51}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("D 51 and 50");
  }

  @Test
  void theRowsAreSelectableAndUnknownOnesRefused() {
    CliTest.Outcome o = CliTest.run("bench", "--suite", "--suite-models", "dcgan32,nope");
    assertThat(o.exit()).isNotZero();
    assertThat(o.err()).contains("--suite-models: unknown row 'nope'; expected some of dcgan32,sagan32,wgan-gp,biggan,csgan");
  }
}
