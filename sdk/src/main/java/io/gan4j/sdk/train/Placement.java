package io.gan4j.sdk.train;

import io.gan4j.sdk.train.cluster.ClusterSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.tensorflow.DeviceSpec;
import org.tensorflow.proto.ConfigProto;

/**
 * Where a training step runs: one replica of the step per device in {@code replicaDevices}, each
 * on its equal slice of the global batch, with the gradients averaged before one update per player;
 * the variables (and the optimiser, the counters, checkpoints, events and the sampler) live on
 * {@code variableDevice} ("" only without replica devices, for TensorFlow's default placement;
 * otherwise a device); the session runs on {@code target} ("" in-process, {@code grpc://host:port}
 * on a TensorFlow cluster). {@link #LOCAL} is the ordinary single-device step. {@code batchNormGroups}
 * above 1 ({@link #emulatingReplicas}) keeps one device but has every batch norm of the step take
 * the statistics that many replicas would: the check that isolates what per-replica statistics change.
 *
 * <p>Variables sit on the chief's task rather than on a {@code ps} job: with synchronous updates
 * every replica needs every weight each step anyway, the chief already owns checkpoints, and a
 * parameter server would add a process and a network hop per variable without sharding anything a
 * GAN of this size needs sharded.
 *
 * <p>Usage: {@code Trainer.open(dir, config, data, Trainer.Start.FRESH, SessionOptions.DEFAULT,
 * Placement.devices(List.of("/cpu:0", "/cpu:1")))}
 */
public record Placement(List<String> replicaDevices, String variableDevice, String target, int batchNormGroups) {

  /** One replica, TensorFlow's default placement, in-process. */
  public static final Placement LOCAL = new Placement(List.of(), "", "", 1);

  /** Ten minutes: far above any step, so only a hung task reaches it. */
  static final long CLUSTER_TIMEOUT_MS = 600_000;

  private static final Pattern PART = Pattern.compile("/(job|replica|task|device|cpu|gpu|CPU|GPU):([A-Za-z0-9_]+(?::[0-9]+)?)");

  public Placement {
    replicaDevices = List.copyOf(replicaDevices);
    if (new HashSet<>(replicaDevices).size() != replicaDevices.size()) {
      throw new IllegalArgumentException("devices " + String.join(",", replicaDevices) + " name a device twice");
    }
    replicaDevices.forEach(Placement::deviceSpec);
    // "" is TensorFlow's default placement, which only the unreplicated step may leave the variables
    // to: with replica devices the shared ops would follow whichever device TensorFlow picks.
    if (variableDevice.isBlank() && (!variableDevice.isEmpty() || !replicaDevices.isEmpty())) {
      throw new IllegalArgumentException("blank variable device '" + variableDevice + "': name the device that holds the variables, e.g. "
          + (replicaDevices.isEmpty() ? "/cpu:0 (or \"\" for TensorFlow's default, without replica devices)" : replicaDevices.get(0)));
    }
    if (!variableDevice.isEmpty()) {
      deviceSpec(variableDevice);
    }
    if (batchNormGroups < 1 || (batchNormGroups > 1 && !(replicaDevices.isEmpty() && target.isEmpty()))) {
      throw new IllegalArgumentException("batch-norm groups (" + batchNormGroups + ") emulate replicas on one in-process device;"
          + " they need >= 1 and, above 1, no devices or cluster");
    }
  }

  /**
   * One device, as {@link #LOCAL} in every respect but batch norm: each batch norm of the step
   * normalises {@code replicas} ghost groups of rows ({@link io.gan4j.ops.GhostBatch}), the rows
   * each of that many replicas would normalise, and keeps group 0's moving statistics as replicated
   * training keeps replica 0's. A run on {@code replicas} devices then differs from this one by float
   * summation order only ({@code BatchNormReplicationTest}), so what separates it from {@link #LOCAL}
   * is the per-replica statistics and nothing else. It covers the step's own passes (G's two, D's
   * two); passes that a term or a latent step builds for itself keep whole-batch statistics.
   */
  public static Placement emulatingReplicas(int replicas) {
    return new Placement(List.of(), "", "", replicas);
  }

  /**
   * One replica per device of this process, e.g. {@code /cpu:0,/cpu:1} or {@code /gpu:0,/gpu:1};
   * the variables on the first device.
   */
  public static Placement devices(List<String> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("--devices needs at least one device, e.g. /cpu:0,/cpu:1");
    }
    return new Placement(devices, devices.get(0), "", 1);
  }

  /** One replica per worker task of {@code spec}; variables on worker task 0, the chief, whose server the session uses. */
  public static Placement cluster(ClusterSpec spec) {
    List<String> devices = new ArrayList<>();
    for (int i = 0; i < spec.tasks(ClusterSpec.WORKER); i++) {
      devices.add(ClusterSpec.device(ClusterSpec.WORKER, i));
    }
    return new Placement(devices, ClusterSpec.device(ClusterSpec.WORKER, 0), "grpc://" + spec.address(ClusterSpec.WORKER, 0), 1);
  }

  /** Replicas of the step: at least 1. */
  public int replicas() {
    return Math.max(1, replicaDevices.size());
  }

  /**
   * {@code config} with what this placement needs: for an in-process session as many CPU devices as
   * the highest {@code /cpu:N} asks for (TensorFlow makes one CPU device unless told); on a cluster
   * a bound on every blocking call, so a worker that hangs (rather than dies) ends the run too, and
   * isolated session state: variables live in the servers, and without isolation two sessions on the
   * same servers (two runs from one chief process) would share, and clash over, variables by name.
   */
  public ConfigProto configure(ConfigProto config) {
    if (!target.isEmpty()) {
      return config.toBuilder().setOperationTimeoutInMs(CLUSTER_TIMEOUT_MS).setIsolateSessionState(true).build();
    }
    int cpus = 0;
    for (String d : replicaDevices) {
      DeviceSpec spec = deviceSpec(d);
      if (spec.job() == null && spec.deviceType() == DeviceSpec.DeviceType.CPU && spec.deviceIndex() != null) {
        cpus = Math.max(cpus, spec.deviceIndex() + 1);
      }
    }
    return cpus > 1 ? config.toBuilder().putDeviceCount("CPU", cpus).build() : config;
  }

  /**
   * {@code device} as TensorFlow Java's {@link DeviceSpec}: {@code /job:J/replica:R/task:T/device:TYPE:N}
   * (any of the parts) or the short {@code /cpu:N}, {@code /gpu:N}.
   */
  static DeviceSpec deviceSpec(String device) {
    DeviceSpec.Builder b = DeviceSpec.newBuilder();
    Matcher m = PART.matcher(device);
    int end = 0;
    while (m.find() && m.start() == end) {
      end = m.end();
      String value = m.group(2);
      switch (m.group(1)) {
        case "job" -> b.job(value);
        case "replica" -> b.replica(number(value, device));
        case "task" -> b.task(number(value, device));
        case "device" -> {
          int colon = value.indexOf(':');
          if (colon < 0) {
            throw badDevice(device);
          }
          b.deviceType(type(value.substring(0, colon), device)).deviceIndex(number(value.substring(colon + 1), device));
        }
        default -> b.deviceType(type(m.group(1), device)).deviceIndex(number(value, device));
      }
    }
    if (end != device.length() || end == 0) {
      throw badDevice(device);
    }
    return b.build();
  }

  private static DeviceSpec.DeviceType type(String name, String device) {
    return switch (name.toUpperCase(java.util.Locale.ROOT)) {
      case "CPU" -> DeviceSpec.DeviceType.CPU;
      case "GPU" -> DeviceSpec.DeviceType.GPU;
      default -> throw badDevice(device);
    };
  }

  private static int number(String value, String device) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw badDevice(device);
    }
  }

  private static IllegalArgumentException badDevice(String device) {
    return new IllegalArgumentException("bad device '" + device + "' (want /cpu:N, /gpu:N or /job:NAME/task:N)");
  }
}
