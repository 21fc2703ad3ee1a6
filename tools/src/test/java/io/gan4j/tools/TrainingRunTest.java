package io.gan4j.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The advice after a run ends early names what works: --resume needs a checkpoint. */
class TrainingRunTest {

  @TempDir Path dir;

  @Test
  void withACheckpointTheAdviceIsResume() throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("checkpoints/step-00000010"));
    Files.createFile(run.resolve("checkpoints/step-00000010/variables.index"));
    assertThat(TrainingRun.howToContinue(run, " --cluster worker=h0:1,h1:1 --task 0"))
        .isEqualTo("continue with: gan4j train --resume --out " + run + " --cluster worker=h0:1,h1:1 --task 0");
  }

  @Test
  void beforeTheFirstCheckpointTheAdviceIsTheSameCommandWithoutResume() throws IOException {
    Path run = dir.resolve("run");
    Files.createDirectories(run.resolve("checkpoints/.tmp-step-00000010")); // a write that never completed
    Files.writeString(run.resolve("config.json"), "{}");
    assertThat(TrainingRun.howToContinue(run, " --cluster worker=h0:1,h1:1 --task 0"))
        .isEqualTo("rerun the same gan4j train command, without --resume (no checkpoint was written to resume from); it starts over in "
            + run);
    assertThat(TrainingRun.howToContinue(dir.resolve("never-created"), ""))
        .isEqualTo("rerun the same gan4j train command, without --resume (no checkpoint was written to resume from); it starts over in "
            + dir.resolve("never-created"));
  }
}
