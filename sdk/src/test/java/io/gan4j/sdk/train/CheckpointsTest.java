package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

class CheckpointsTest {
  @TempDir Path dir;

  @Test
  void interruptedWriteNeverReplacesTheLastGoodCheckpoint() throws IOException {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> v = tf.withName("v").variable(tf.constant(1f));
      var setTo2 = tf.assign(v, tf.constant(2f));
      s.initialize();
      Checkpoints ckpts = new Checkpoints(dir, 3);
      Path good = ckpts.save(s, 100);

      s.run(setTo2);
      assertThatThrownBy(() -> ckpts.save(s, 200, tmp -> { throw new IOException("disk full (simulated)"); }))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("could not write checkpoint " + dir.resolve("step-00000200"))
          .hasMessageContaining("disk full (simulated)");
      // A writer killed mid-write leaves a temporary directory behind: it must be ignored.
      Files.createDirectories(dir.resolve(".tmp-step-00000300-1"));
      Files.writeString(dir.resolve(".tmp-step-00000300-1/variables.index"), "garbage");

      assertThat(ckpts.latest()).contains(good);
      assertThat(dir.resolve("step-00000200")).doesNotExist();
      ckpts.restore(s, ckpts.latest().orElseThrow());
      try (Result r = s.runner().fetch(v).run()) {
        assertThat(((TFloat32) r.get(0)).getFloat()).isEqualTo(1f);
      }
    }
  }

  @Test
  void keepsOnlyTheNewest() {
    try (Graph g = new Graph(); Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      tf.withName("v").variable(tf.constant(1f));
      s.initialize();
      Checkpoints ckpts = new Checkpoints(dir, 2);
      for (long step : new long[] {10, 20, 30}) {
        ckpts.save(s, step);
      }
      assertThat(dir.resolve("step-00000010")).doesNotExist();
      assertThat(dir.resolve("step-00000020")).exists();
      assertThat(Checkpoints.stepOf(ckpts.latest().orElseThrow())).isEqualTo(30);
    }
  }
}
