package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gan4j.sdk.data.DataSources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Opt-in: writes gan4j's initial state of a run's full-size config with {@link StepDump} (no warm-up,
 * no overrides), so that {@code tools/reference/train_reference.py} can start its PyTorch training
 * loop from exactly the weights, spectral-norm {@code u}, batch-norm statistics and optimiser slots
 * gan4j starts from. Also dumps gan4j's first step (batches, z, labels, losses, gradients, state after),
 * which {@code step_reference.py} can check at full size.
 *
 * <pre>
 *   tools/gan4j train --model sagan --data fashion-mnist --seed 1 --steps 3000 --out RUN --dry-run  (or any run dir)
 *   mvn -B -o -q -pl sdk -am test -Dtest=InitialStateDumpTest -Dsurefire.failIfNoSpecifiedTests=false \
 *       -Ddump.run=RUN -Ddump.out=DIR
 * </pre>
 *
 * {@code dump.run} is a directory holding a gan4j {@code config.json} (what {@code gan4j train} writes);
 * the data is {@code config.data()} resolved as {@code gan4j train} does for the built-in names and paths.
 */
class InitialStateDumpTest {

  @Test
  void dumpsTheInitialStateOfARunConfig() {
    String run = System.getProperty("dump.run");
    String out = System.getProperty("dump.out");
    assumeTrue(run != null && out != null, "-Ddump.run=RUN_DIR -Ddump.out=DIR runs this");
    TrainConfig config = Trainer.readConfig(Path.of(run));
    Path dir = Path.of(out);
    StepDump.run(config, DataSources.resolve(config.data()), dir, 0, Map.of());
    assertThat(Files.exists(dir.resolve("before/train_step.npy"))).isTrue();
    assertThat(Files.exists(dir.resolve("gstep/g_loss.npy"))).isTrue();
  }
}
