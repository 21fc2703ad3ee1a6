package io.gan4j.tools;

import io.gan4j.sdk.data.DataException;
import io.gan4j.sdk.train.CheckpointException;
import io.gan4j.sdk.train.TrainingDivergedException;
import io.gan4j.sdk.train.TrainingStoppedException;
import io.gan4j.sdk.train.cluster.ClusterUnavailableException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.tensorflow.exceptions.TensorFlowException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gan4j} command line. Every expected failure (bad data, bad option, missing checkpoint,
 * divergence) ends with one {@code gan4j: error: ...} line and a non-zero exit, never a stack trace;
 * {@code GAN4J_DEBUG=1} adds the trace.
 *
 * <p>Usage: {@code tools/gan4j train --model sngan --data fashion-mnist --steps 5000 --out runs/sngan}
 */
@Command(
    name = "gan4j",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Build, train and sample generative adversarial networks as TensorFlow graphs.",
    subcommands = {DemoCommand.class, TrainCommand.class, SampleCommand.class, BenchCommand.class, MetricsCommand.class,
        TrainFeaturesCommand.class, EvalCommand.class, ExportCommand.class, CalibrateCommand.class, AttentionCommand.class,
        ExperimentCommand.class, ServeCommand.class, UNetMapCommand.class, DataCommand.class, TruncationCommand.class,
        ProbeCommand.class, InstancesCommand.class, TranslateCommand.class, WorkerCommand.class,
        CommandLine.HelpCommand.class})
public final class Main {

  /** Exit code for a failure of the job itself (data, checkpoint, divergence). */
  static final int EXIT_FAILURE = 1;
  /** Exit code for a bad command line. */
  static final int EXIT_USAGE = 2;
  /**
   * Exit code when training stopped on request. After a signal the JVM exits with 128 + the signal
   * instead (130 for Ctrl-C, 143 for SIGTERM), as shells report it; this is the same for Ctrl-C.
   */
  static final int EXIT_STOPPED = 130;
  /** Exit code when a task of the cluster cannot be reached at startup or fails during training. */
  static final int EXIT_CLUSTER = 3;

  public static void main(String[] args) {
    // The library warns through java.util.logging (e.g. a corrupt checkpoint skipped on resume); on
    // the console that is one line in the CLI's own voice, not the default two-line record.
    if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
      System.setProperty("java.util.logging.SimpleFormatter.format", "gan4j: warning: %5$s%n");
    }
    System.exit(run(args));
  }

  /** Runs the CLI and returns the exit code (tests call this; only {@link #main} exits). */
  public static int run(String... args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof TrainingStoppedException) {
        return EXIT_STOPPED; // TrainingRun has said where the checkpoint is and how to continue
      }
      if (e instanceof ClusterUnavailableException) {
        cmd.getErr().println("gan4j: error: " + e.getMessage());
        if (System.getenv("GAN4J_DEBUG") != null) {
          e.printStackTrace(cmd.getErr());
        }
        return EXIT_CLUSTER;
      }
      cmd.getErr().println("gan4j: error: " + message(e));
      if (System.getenv("GAN4J_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return EXIT_FAILURE;
    });
    cli.setParameterExceptionHandler((e, a) -> {
      PrintWriter err = e.getCommandLine().getErr();
      err.println("gan4j: error: " + e.getMessage());
      err.println("Run 'gan4j " + commandPath(e.getCommandLine()) + "--help' for usage.");
      return EXIT_USAGE;
    });
    return cli.execute(args);
  }

  private static String commandPath(CommandLine cmd) {
    String name = cmd.getCommandName();
    return name.equals("gan4j") ? "" : name + " ";
  }

  static String message(Throwable e) {
    // TensorFlow's errors come as several Java types (TFInvalidArgumentException is an IllegalArgumentException).
    if (e.getClass().getPackageName().equals(TensorFlowException.class.getPackageName())) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().split("\n")[0];
      int pipeline = m.indexOf("transformation with iterator: ");
      if (pipeline >= 0) {
        // A streamed folder's file that passed the header checks but does not decode.
        String reason = m.substring(m.indexOf(": ", pipeline + "transformation with iterator: ".length()) + 2);
        return "an image failed to decode while training (" + reason + "); `gan4j data --check DIR` names the file;"
            + " checkpoints written so far are intact";
      }
      return "TensorFlow: " + m;
    }
    if (e instanceof DataException || e instanceof CheckpointException || e instanceof TrainingDivergedException
        || e instanceof IllegalArgumentException || e instanceof UncheckedIOException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  /** Version from the jar manifest, falling back to "dev". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Main.class.getPackage().getImplementationVersion();
      return new String[] {"gan4j " + (v == null ? "dev" : v) + ", TensorFlow " + org.tensorflow.TensorFlow.version()};
    }
  }
}
