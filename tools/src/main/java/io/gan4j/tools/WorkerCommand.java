package io.gan4j.tools;

import io.gan4j.sdk.train.cluster.ClusterSpec;
import io.gan4j.sdk.train.cluster.TaskServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code gan4j worker}: runs one worker task of a TensorFlow cluster and waits; the chief
 * ({@code gan4j train --cluster ... --task 0}) places a replica of the training step on it. The
 * worker holds no state of the run: a worker that dies is restarted with the same command.
 *
 * <p>Usage: {@code gan4j worker --cluster worker=h0:2222,h1:2222 --task 1}
 */
@Command(name = "worker", mixinStandardHelpOptions = true,
    description = "Run a worker task of a TensorFlow cluster for a chief's distributed training, and wait.")
final class WorkerCommand implements Callable<Integer> {

  @Option(names = "--cluster", required = true, description = "every task of the cluster: worker=host:port,host:port (task 0, the chief, first)")
  String cluster;

  @Option(names = "--task", required = true, description = "this process's task in the worker job (1, 2, ...; 0 is the chief)")
  int task;

  @Override
  public Integer call() {
    ClusterSpec spec = ClusterSpec.parse(cluster);
    spec.checkTask(ClusterSpec.WORKER, task);
    if (task == 0) {
      throw new IllegalArgumentException("worker task 0 is the chief: run gan4j train ... --cluster " + spec + " --task 0 on "
          + spec.address(ClusterSpec.WORKER, 0));
    }
    TaskServer server = TaskServer.start(spec, ClusterSpec.WORKER, task);
    System.out.println("gan4j: " + server + " is up; waiting for the chief (stop with Ctrl-C)");
    System.out.flush();
    server.join();
    return 0;
  }
}
