package io.gan4j.sdk.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.tensorflow.Session;

/**
 * The {@code checkpoints/} directory of a run. A checkpoint is written into a hidden temporary
 * directory and renamed to {@code step-00001000} only once complete, so a crash mid-write never
 * replaces the last good checkpoint; the newest {@code keep} are kept.
 *
 * <p>Usage: {@code Checkpoints ckpts = new Checkpoints(runDir.resolve("checkpoints"), 3); ckpts.latest();}
 */
public final class Checkpoints {

  private static final Pattern NAME = Pattern.compile("step-(\\d{8,})");
  private static final String PREFIX = "variables";

  /** Test seam: runs after the variables are written and before the rename. */
  interface BeforeCommit {
    void run(Path temporary) throws IOException;
  }

  private final Path dir;
  private final int keep;

  public Checkpoints(Path dir, int keep) {
    this.dir = dir;
    this.keep = keep;
  }

  public Path directory() {
    return dir;
  }

  /**
   * The checkpoints of the run {@code runDir} for reading (nothing is pruned).
   *
   * @throws CheckpointException when the run has no complete checkpoint
   */
  public static Checkpoints forReading(Path runDir) {
    Checkpoints checkpoints = new Checkpoints(runDir.resolve("checkpoints"), Integer.MAX_VALUE);
    if (checkpoints.latest().isEmpty()) {
      throw new CheckpointException("no checkpoint in " + checkpoints.directory());
    }
    return checkpoints;
  }

  /** Writes the session's variables as the checkpoint of {@code step}; returns its directory. */
  public Path save(Session session, long step) {
    return save(session, step, tmp -> {});
  }

  Path save(Session session, long step, BeforeCommit beforeCommit) {
    Path target = dir.resolve(String.format("step-%08d", step));
    Path tmp = dir.resolve(String.format(".tmp-step-%08d-%d", step, System.nanoTime()));
    try {
      Files.createDirectories(tmp);
      session.save(tmp.resolve(PREFIX).toString());
      beforeCommit.run(tmp);
      if (Files.exists(target)) {
        deleteRecursively(target);
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      deleteQuietly(tmp);
      throw new CheckpointException("could not write checkpoint " + target + ": " + e.getMessage(), e);
    }
    prune();
    return target;
  }

  /** The newest complete checkpoint. */
  public Optional<Path> latest() {
    return complete().stream().max(Comparator.comparingLong(Checkpoints::stepOf));
  }

  /** The checkpoint that was restored and one warning line per newer checkpoint that could not be. */
  public record Restored(Path checkpoint, List<String> warnings) {
    public Restored {
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * Restores the newest checkpoint that restores, trying older ones when a newer one is corrupt
   * (truncated, zero-byte or missing files, bad magic number ...): a crash or a full disk can leave
   * the newest one bad, and older complete ones are kept for this. A bad checkpoint is left in place
   * (a later {@link #save} of its step replaces it). Each warning reads {@code checkpoint <bad> is
   * unreadable (<reason>); resuming from <restored>}.
   *
   * <p>Usage: {@code Checkpoints.Restored r = ckpts.restoreNewest(session); r.warnings().forEach(System.err::println);}
   *
   * @throws CheckpointException naming every checkpoint tried when none restores, or when there is none
   */
  public Restored restoreNewest(Session session) {
    List<Path> newestFirst =
        complete().stream().sorted(Comparator.comparingLong(Checkpoints::stepOf).reversed()).toList();
    if (newestFirst.isEmpty()) {
      throw new CheckpointException("no checkpoint in " + dir + " to restore");
    }
    List<String> failures = new ArrayList<>();
    List<Path> failed = new ArrayList<>();
    for (Path checkpoint : newestFirst) {
      try {
        restore(session, checkpoint);
      } catch (RuntimeException e) { // TensorFlowException subclasses, CheckpointException
        failed.add(checkpoint);
        failures.add(reasonOf(e));
        continue;
      }
      List<String> warnings = new ArrayList<>();
      for (int i = 0; i < failed.size(); i++) {
        warnings.add("checkpoint " + failed.get(i) + " is unreadable (" + failures.get(i) + "); resuming from "
            + checkpoint);
      }
      return new Restored(checkpoint, warnings);
    }
    StringBuilder msg = new StringBuilder("no checkpoint in " + dir + " restores: ");
    for (int i = 0; i < failed.size(); i++) {
      msg.append(i == 0 ? "" : ", ").append(failed.get(i)).append(" (").append(failures.get(i)).append(')');
    }
    throw new CheckpointException(msg.toString());
  }

  /** The first line of the exception's message, or its class name when it has none. */
  private static String reasonOf(RuntimeException e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      return e.getClass().getSimpleName();
    }
    return m.strip().lines().findFirst().orElse("").strip();
  }

  public void restore(Session session, Path checkpoint) {
    if (!Files.exists(checkpoint.resolve(PREFIX + ".index"))) {
      throw new CheckpointException(checkpoint + ": not a gan4j checkpoint (no " + PREFIX + ".index)");
    }
    session.restore(checkpoint.resolve(PREFIX).toString());
  }

  public static long stepOf(Path checkpoint) {
    Matcher m = NAME.matcher(checkpoint.getFileName().toString());
    if (!m.matches()) {
      throw new CheckpointException(checkpoint + ": not a checkpoint directory name (step-NNNNNNNN)");
    }
    return Long.parseLong(m.group(1));
  }

  private List<Path> complete() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> NAME.matcher(p.getFileName().toString()).matches())
          .filter(p -> Files.exists(p.resolve(PREFIX + ".index")))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void prune() {
    List<Path> all = complete().stream().sorted(Comparator.comparingLong(Checkpoints::stepOf)).toList();
    for (int i = 0; i < all.size() - keep; i++) {
      deleteQuietly(all.get(i));
    }
    // Leftovers of a crashed writer are never read; clear them.
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> p.getFileName().toString().startsWith(".tmp-")).forEach(Checkpoints::deleteQuietly);
    } catch (IOException e) {
      // pruning is best effort
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      deleteRecursively(p);
    } catch (IOException e) {
      // best effort
    }
  }

  private static void deleteRecursively(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(q);
      }
    }
  }
}
