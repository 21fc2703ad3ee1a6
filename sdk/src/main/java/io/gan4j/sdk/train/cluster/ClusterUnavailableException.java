package io.gan4j.sdk.train.cluster;

/**
 * A task of the cluster could not be started ({@link TaskServer}: its port is in use), reached at
 * startup ({@link TaskProbe}) or kept during training (the trainer's step failed because a worker
 * went away). The message is one line naming the task
 * and what to do.
 *
 * <p>Usage: {@code catch (ClusterUnavailableException e) { console.println(e.getMessage()); }}
 */
public class ClusterUnavailableException extends RuntimeException {

  private final String job;
  private final int task;

  public ClusterUnavailableException(String job, int task, String message) {
    super(message);
    this.job = job;
    this.task = task;
  }

  public ClusterUnavailableException(String job, int task, String message, Throwable cause) {
    super(message, cause);
    this.job = job;
    this.task = task;
  }

  /** The job of the missing task. */
  public String job() {
    return job;
  }

  /** The missing task's index, or −1 when it is not known. */
  public int task() {
    return task;
  }
}
