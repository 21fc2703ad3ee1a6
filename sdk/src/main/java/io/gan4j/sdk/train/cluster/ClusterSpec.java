package io.gan4j.sdk.train.cluster;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.tensorflow.proto.ClusterDef;
import org.tensorflow.proto.JobDef;

/**
 * The tasks of a TensorFlow cluster: {@code worker=h1:p1,h2:p2}. Task i is the i-th address. Task 0
 * is the chief: it holds the variables and writes checkpoints, events and samples. {@code worker} is
 * the only job: the trainer runs one replica per worker task and keeps the variables on the chief
 * (see {@code Placement}), so a {@code ps} or any other job would start servers nothing uses.
 *
 * <p>Usage: {@code ClusterSpec spec = ClusterSpec.parse("worker=localhost:2222,localhost:2223");}
 */
public record ClusterSpec(Map<String, List<String>> jobs) {

  /** The job whose tasks run replicas of the step. */
  public static final String WORKER = "worker";

  private static final Pattern JOB = Pattern.compile("[a-z][a-z0-9_]*");
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+]");

  public ClusterSpec {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    jobs.forEach((job, tasks) -> copy.put(job, List.copyOf(tasks)));
    jobs = Collections.unmodifiableMap(copy);
    for (String job : jobs.keySet()) {
      if (!job.equals(WORKER)) {
        throw unsupportedJob(job, format(jobs));
      }
    }
    if (!jobs.containsKey(WORKER) || jobs.get(WORKER).isEmpty()) {
      throw new IllegalArgumentException("cluster spec " + format(jobs) + " has no worker task; write it as worker=host:port,host:port");
    }
  }

  /**
   * Parses {@code worker=host:port,host:port}: the addresses after {@code worker=} are its tasks
   * 0, 1, ...; another {@code job=} is refused by name.
   *
   * @throws IllegalArgumentException naming the bad part and what is allowed
   */
  public static ClusterSpec parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new IllegalArgumentException("empty cluster spec; write it as worker=host:port,host:port");
    }
    Map<String, List<String>> jobs = new LinkedHashMap<>();
    List<String> current = null;
    for (String part : spec.strip().split(",", -1)) {
      String address = part.strip();
      int eq = address.indexOf('=');
      if (eq >= 0) {
        String job = address.substring(0, eq).strip();
        if (!JOB.matcher(job).matches()) {
          throw new IllegalArgumentException("bad job name '" + job + "' in cluster spec '" + spec + "' (lower-case letters, digits, _)");
        }
        if (!job.equals(WORKER)) {
          throw unsupportedJob(job, spec);
        }
        if (jobs.containsKey(job)) {
          throw new IllegalArgumentException("job '" + job + "' appears twice in cluster spec '" + spec + "'");
        }
        current = new ArrayList<>();
        jobs.put(job, current);
        address = address.substring(eq + 1).strip();
      }
      if (current == null) {
        throw new IllegalArgumentException("cluster spec '" + spec + "' must start with a job name, e.g. worker=" + address);
      }
      checkAddress(address, spec);
      for (List<String> tasks : jobs.values()) {
        if (tasks.contains(address)) {
          throw new IllegalArgumentException("address " + address + " appears twice in cluster spec '" + spec + "'");
        }
      }
      current.add(address);
    }
    return new ClusterSpec(jobs);
  }

  private static IllegalArgumentException unsupportedJob(String job, String spec) {
    return new IllegalArgumentException("cluster spec '" + spec + "' has job '" + job + "'; only worker=host:port,... is supported"
        + " (the trainer runs one replica per worker task and uses no other job)");
  }

  private static void checkAddress(String address, String spec) {
    int colon = address.lastIndexOf(':');
    if (address.isEmpty()) {
      throw new IllegalArgumentException("empty address in cluster spec '" + spec + "'");
    }
    if (colon <= 0 || !HOST.matcher(address.substring(0, colon)).matches()) {
      throw new IllegalArgumentException("bad address '" + address + "' in cluster spec '" + spec + "' (want host:port)");
    }
    int port;
    try {
      port = Integer.parseInt(address.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad port in '" + address + "' of cluster spec '" + spec + "' (1 to 65535)");
    }
  }

  /** Number of tasks of {@code job} (0 when the spec has no such job). */
  public int tasks(String job) {
    return jobs.getOrDefault(job, List.of()).size();
  }

  /** {@code host:port} of task {@code task} of {@code job}. */
  public String address(String job, int task) {
    checkTask(job, task);
    return jobs.get(job).get(task);
  }

  /** Fails with a message naming the job's task range unless {@code task} is one of its tasks. */
  public void checkTask(String job, int task) {
    int n = tasks(job);
    if (n == 0) {
      throw new IllegalArgumentException("cluster spec " + this + " has no job '" + job + "'");
    }
    if (task < 0 || task >= n) {
      throw new IllegalArgumentException("task " + task + " is not in job '" + job + "' of cluster spec " + this
          + " (tasks 0 to " + (n - 1) + ")");
    }
  }

  /** TensorFlow's device name of a task, e.g. {@code /job:worker/replica:0/task:1/device:CPU:0}. */
  public static String device(String job, int task) {
    return "/job:" + job + "/replica:0/task:" + task + "/device:CPU:0";
  }

  /** The spec as TensorFlow's {@code ClusterDef} proto. */
  public ClusterDef toClusterDef() {
    ClusterDef.Builder b = ClusterDef.newBuilder();
    jobs.forEach((job, tasks) -> {
      JobDef.Builder j = JobDef.newBuilder().setName(job);
      for (int i = 0; i < tasks.size(); i++) {
        j.putTasks(i, tasks.get(i));
      }
      b.addJob(j);
    });
    return b.build();
  }

  @Override
  public String toString() {
    return format(jobs);
  }

  private static String format(Map<String, List<String>> jobs) {
    List<String> parts = new ArrayList<>();
    jobs.forEach((job, tasks) -> parts.add(job + "=" + String.join(",", tasks)));
    return String.join(",", parts);
  }
}
