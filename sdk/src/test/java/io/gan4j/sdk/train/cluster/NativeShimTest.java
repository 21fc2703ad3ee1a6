package io.gan4j.sdk.train.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tensorflow.DeviceSpec;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.DeviceStepStats;
import org.tensorflow.proto.RunOptions;
import org.tensorflow.types.TFloat32;

class NativeShimTest {

  /** A session on task 0 of a two-task loopback cluster runs an op placed on task 1, and TensorFlow says so. */
  @Test
  void aSessionOnTheChiefRunsOpsOnAnotherTask() throws Exception {
    ClusterSpec spec = ClusterSpec.parse("worker=localhost:" + freePort() + ",localhost:" + freePort());
    try (TaskServer chief = TaskServer.start(spec, ClusterSpec.WORKER, 0);
        TaskServer worker = TaskServer.start(spec, ClusterSpec.WORKER, 1);
        Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      var a = tf.withDevice(DeviceSpec.newBuilder().job("worker").task(0).build()).constant(3f);
      var b = tf.withDevice(DeviceSpec.newBuilder().job("worker").task(1).build()).math.mul(a, tf.constant(2f));
      try (Session s = NativeShim.openSession(g, "grpc://" + spec.address("worker", 0), ConfigProto.getDefaultInstance());
          Result r = s.runner().fetch(b).setOptions(RunOptions.newBuilder().setTraceLevel(RunOptions.TraceLevel.FULL_TRACE).build())
              .runAndFetchMetadata()) {
        assertThat(((TFloat32) r.get(0)).getFloat()).isEqualTo(6f);
        Set<String> devices = new HashSet<>();
        for (DeviceStepStats d : r.getMetadata().orElseThrow().getStepStats().getDevStatsList()) {
          devices.add(d.getDevice());
        }
        assertThat(devices).contains("/job:worker/replica:0/task:0/device:CPU:0", "/job:worker/replica:0/task:1/device:CPU:0");
      }
    }
  }

  /** The Session holds the only reference to the native session, so closing it closes and deletes that. */
  @Test
  void closingTheSessionFreesTheNativeSession() throws Exception {
    try (Graph g = new Graph()) {
      Ops.create(g).constant(1f);
      Session s = NativeShim.openSession(g, "", ConfigProto.getDefaultInstance());
      Field field = Session.class.getDeclaredField("nativeHandle");
      field.setAccessible(true);
      TF_Session handle = (TF_Session) field.get(s);
      assertThat(handle.referenceCount()).isEqualTo(1);
      s.close();
      assertThat(handle.isNull()).as("deallocated").isTrue();
    }
  }

  /** When the wrap fails, no Session owns the native session: adopt() frees it rather than leak it. */
  @Test
  void aFailedWrapFreesTheNativeSession() {
    try (Graph g = new Graph()) {
      TF_Session handle = NativeShim.newSession(g, "", ConfigProto.getDefaultInstance());
      Graph closed = new Graph();
      closed.close();
      assertThatThrownBy(() -> NativeShim.adopt(closed, handle)).isInstanceOf(IllegalStateException.class)
          .hasMessage("cannot wrap the native session: java.lang.IllegalStateException: close() has been called on the Graph");
      assertThat(handle.isNull()).as("deallocated").isTrue();
    }
  }

  /** Gradient ops come from C++ without a device; place() gives them one but leaves variable writes unplaced. */
  @Test
  void placeSetsDevicesOnUnplacedOpsButNotOnRefWriters() {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Variable<TFloat32> w = tf.variable(tf.constant(2f));
      Set<String> before = names(g);
      var read = tf.identity(w);
      var loss = tf.math.square(read);
      var grad = tf.gradients(loss, List.of(read));
      var write = tf.assign(w, tf.constant(1f));
      List<GraphOperation> added = new ArrayList<>();
      g.operations().forEachRemaining(op -> {
        if (!before.contains(op.name())) {
          added.add(op);
        }
      });
      NativeShim.place(g, added, "/device:CPU:0");
      assertThat(((GraphOperation) grad.dy(0).op()).device()).isEqualTo("/device:CPU:0");
      assertThat(((GraphOperation) loss.op()).device()).isEqualTo("/device:CPU:0");
      assertThat(((GraphOperation) write.op()).device()).isEmpty();
      try (Session s = new Session(g); Result r = s.runner().fetch(grad.dy(0)).run()) {
        assertThat(((TFloat32) r.get(0)).getFloat()).isEqualTo(4f);
      }
    }
  }

  private static Set<String> names(Graph g) {
    Set<String> out = new HashSet<>();
    g.operations().forEachRemaining(op -> out.add(op.name()));
    return out;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
