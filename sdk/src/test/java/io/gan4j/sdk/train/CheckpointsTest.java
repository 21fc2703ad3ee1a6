package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Op;
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
  /** Two variables (a scalar and a vector) whose values identify the step they were saved at. */
  private static final class Fixture implements AutoCloseable {
    static final int N = 512;
    final Graph g = new Graph();
    final Session s = new Session(g);
    final Variable<TFloat32> v;
    final Variable<TFloat32> w;
    final Ops tf;

    Fixture() {
      tf = Ops.create(g);
      v = tf.withName("v").variable(tf.constant(0f));
      w = tf.withName("w").variable(tf.constant(new float[N]));
      s.initialize();
    }

    static float[] wAt(float value) {
      float[] a = new float[N];
      for (int i = 0; i < N; i++) {
        a[i] = value + i / 1024f;
      }
      return a;
    }

    void set(float value) {
      Op a = tf.assign(v, tf.constant(value));
      Op b = tf.assign(w, tf.constant(wAt(value)));
      s.runner().addTarget(a).addTarget(b).run();
    }

    float v() {
      try (Result r = s.runner().fetch(v).run()) {
        return ((TFloat32) r.get(0)).getFloat();
      }
    }

    float[] w() {
      try (Result r = s.runner().fetch(w).run()) {
        TFloat32 t = (TFloat32) r.get(0);
        float[] a = new float[N];
        for (int i = 0; i < N; i++) {
          a[i] = t.getFloat(i);
        }
        return a;
      }
    }

    /** Saves steps 10, 20, 30 holding values 10, 20, 30, then sets the session to -1 everywhere. */
    Checkpoints saveThree(Path dir) {
      Checkpoints ckpts = new Checkpoints(dir, 3);
      for (long step : new long[] {10, 20, 30}) {
        set(step);
        ckpts.save(s, step);
      }
      set(-1f);
      return ckpts;
    }

    @Override
    public void close() {
      s.close();
      g.close();
    }
  }

  private static void truncate(Path file, long size) throws IOException {
    try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
      c.truncate(size);
    }
  }

  private static void halve(Path file) throws IOException {
    long size = Files.size(file);
    assertThat(size).isGreaterThan(1);
    truncate(file, size / 2);
  }

  private static Path index(Path checkpoint) {
    return checkpoint.resolve("variables.index");
  }

  private static Path data(Path checkpoint) {
    return checkpoint.resolve("variables.data-00000-of-00001");
  }

  @Test
  void truncatedNewestIndexFallsBackToThePreviousCheckpoint() throws IOException {
    try (Fixture f = new Fixture()) {
      Checkpoints ckpts = f.saveThree(dir);
      Path c20 = dir.resolve("step-00000020");
      Path c30 = dir.resolve("step-00000030");
      halve(index(c30));

      Checkpoints.Restored r = ckpts.restoreNewest(f.s);

      assertThat(r.checkpoint()).isEqualTo(c20);
      assertThat(r.warnings()).containsExactly(
          "checkpoint " + c30 + " is unreadable (not an sstable (bad magic number)); resuming from " + c20);
      assertThat(f.v()).isEqualTo(20f);
      assertThat(f.w()).containsExactly(Fixture.wAt(20f));
      // The bad checkpoint is left in place, and saving its step again replaces it.
      assertThat(c30).exists();
      f.set(31f);
      assertThat(ckpts.save(f.s, 30)).isEqualTo(c30);
      f.set(-1f);
      assertThat(ckpts.restoreNewest(f.s)).isEqualTo(new Checkpoints.Restored(c30, List.of()));
      assertThat(f.v()).isEqualTo(31f);
      assertThat(f.w()).containsExactly(Fixture.wAt(31f));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"zero-bytes", "half", "missing"})
  void damagedNewestDataFileFallsBackToThePreviousCheckpoint(String damage) throws IOException {
    try (Fixture f = new Fixture()) {
      Checkpoints ckpts = f.saveThree(dir);
      Path c20 = dir.resolve("step-00000020");
      Path c30 = dir.resolve("step-00000030");
      switch (damage) {
        case "zero-bytes" -> truncate(data(c30), 0);
        case "half" -> halve(data(c30));
        case "missing" -> Files.delete(data(c30));
        default -> throw new AssertionError(damage);
      }

      Checkpoints.Restored r = ckpts.restoreNewest(f.s);

      assertThat(r.checkpoint()).isEqualTo(c20);
      assertThat(r.warnings()).singleElement().asString()
          .startsWith("checkpoint " + c30 + " is unreadable (")
          .endsWith("); resuming from " + c20)
          .doesNotContain("\n");
      assertThat(f.v()).isEqualTo(20f);
      assertThat(f.w()).containsExactly(Fixture.wAt(20f));
    }
  }

  @Test
  void twoBadCheckpointsBothWarnAndNameTheOneRestored() throws IOException {
    try (Fixture f = new Fixture()) {
      Checkpoints ckpts = f.saveThree(dir);
      Path c10 = dir.resolve("step-00000010");
      halve(index(dir.resolve("step-00000030")));
      truncate(data(dir.resolve("step-00000020")), 0);

      Checkpoints.Restored r = ckpts.restoreNewest(f.s);

      assertThat(r.checkpoint()).isEqualTo(c10);
      assertThat(r.warnings()).hasSize(2);
      assertThat(r.warnings().get(0)).startsWith("checkpoint " + dir.resolve("step-00000030") + " is unreadable (")
          .endsWith("resuming from " + c10);
      assertThat(r.warnings().get(1)).startsWith("checkpoint " + dir.resolve("step-00000020") + " is unreadable (")
          .endsWith("resuming from " + c10);
      assertThat(f.v()).isEqualTo(10f);
      assertThat(f.w()).containsExactly(Fixture.wAt(10f));
    }
  }

  @Test
  void everyCheckpointCorruptNamesTheDirectoryAndEachCheckpoint() throws IOException {
    try (Fixture f = new Fixture()) {
      Checkpoints ckpts = f.saveThree(dir);
      Path c10 = dir.resolve("step-00000010");
      Path c20 = dir.resolve("step-00000020");
      Path c30 = dir.resolve("step-00000030");
      halve(index(c30));
      truncate(data(c20), 0);
      truncate(index(c10), 0);

      assertThatThrownBy(() -> ckpts.restoreNewest(f.s))
          .isInstanceOf(CheckpointException.class)
          .hasMessageStartingWith("no checkpoint in " + dir + " restores: " + c30 + " (not an sstable (bad magic number)), "
              + c20 + " (")
          .hasMessageContaining(", " + c10 + " (")
          .hasMessageNotContaining("\n");
      assertThat(c10).exists();
      assertThat(c20).exists();
      assertThat(c30).exists();
    }
  }

  @Test
  void noCheckpointIsAnError() {
    try (Fixture f = new Fixture()) {
      assertThatThrownBy(() -> new Checkpoints(dir.resolve("checkpoints"), 3).restoreNewest(f.s))
          .isInstanceOf(CheckpointException.class)
          .hasMessageContaining("no checkpoint in " + dir.resolve("checkpoints"));
    }
    // what TrainedGenerator, TrainedTranslator, DecoderMaps and probe open a run with
    assertThatThrownBy(() -> Checkpoints.forReading(dir))
        .isInstanceOf(CheckpointException.class)
        .hasMessage("no checkpoint in " + dir.resolve("checkpoints"));
  }

  @Test
  void intactCheckpointsRestoreTheNewestWithoutWarnings() {
    try (Fixture f = new Fixture()) {
      Checkpoints ckpts = f.saveThree(dir);

      Checkpoints.Restored r = ckpts.restoreNewest(f.s);

      assertThat(r.checkpoint()).isEqualTo(dir.resolve("step-00000030"));
      assertThat(r.warnings()).isEmpty();
      assertThat(f.v()).isEqualTo(30f);
      assertThat(f.w()).containsExactly(Fixture.wAt(30f));
    }
  }
}
