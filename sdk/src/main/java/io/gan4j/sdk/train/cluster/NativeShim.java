package io.gan4j.sdk.train.cluster;

import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationInputType;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_OperationNumInputs;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetConfig;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetRequestedDevice;
import static org.tensorflow.internal.c_api.global.tensorflow.TF_SetTarget;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.internal.c_api.TF_Graph;
import org.tensorflow.internal.c_api.TF_Input;
import org.tensorflow.internal.c_api.TF_Session;
import org.tensorflow.internal.c_api.TF_SessionOptions;
import org.tensorflow.internal.c_api.TF_Status;
import org.tensorflow.proto.ConfigProto;

/**
 * The only code in gan4j that reaches into TensorFlow Java's internals, for the two things its
 * public API cannot do in 1.1.0: a {@link Session} on a remote target ({@code grpc://host:port}: the
 * public constructors always run in-process), and a device for ops that TensorFlow's C++ gradient
 * builder adds (they ignore the builder's device scope and would all land on the chief).
 * The session is made through the C API ({@code TF_SetTarget}, {@code TF_SetConfig},
 * {@code TF_NewSession}, with TensorFlow Java's deallocator) and wrapped with {@code Session}'s
 * package-private {@code (Graph, TF_Session)} constructor; the wrapper owns it, so
 * {@link Session#close()} frees it.
 *
 * <p>Usage: {@code try (Session s = NativeShim.openSession(graph, "grpc://localhost:2222", config)) {...}}
 */
public final class NativeShim {

  /** DataType numbers from 101 on are reference types ({@code DT_FLOAT_REF} = 101). */
  private static final int FIRST_REF_TYPE = 101;

  private NativeShim() {}

  /**
   * A session of {@code graph} on {@code target} ({@code grpc://host:port} of a running
   * {@code org.tensorflow.Server}, or "" for in-process). Variables start uninitialised: call
   * {@link Session#initialize()}. The caller closes the session before the graph.
   */
  public static Session openSession(Graph graph, String target, ConfigProto config) {
    return adopt(graph, newSession(graph, target, config));
  }

  /**
   * The native session, made as TensorFlow Java's own constructors make theirs: with the
   * deallocator that closes and deletes it, and one reference kept past the pointer scope, the one
   * {@link Session#close()} releases. (A bare {@code TF_NewSession} has no deallocator: closing its
   * wrapper would free nothing, and the session would keep its graph's native memory alive too.)
   */
  static TF_Session newSession(Graph graph, String target, ConfigProto config) {
    try (PointerScope scope = new PointerScope()) {
      TF_Status status = TF_Status.newStatus();
      TF_SessionOptions opts = TF_SessionOptions.newSessionOptions();
      TF_SetTarget(opts, target);
      BytePointer bytes = new BytePointer(config.toByteArray());
      TF_SetConfig(opts, bytes, bytes.capacity(), status);
      status.throwExceptionIfNotOK();
      TF_Session handle;
      try (AutoCloseable ref = graphReference(graph)) {
        handle = TF_Session.newSession(nativeHandle(ref), opts, status);
      } catch (RuntimeException e) {
        throw e;
      } catch (Exception e) {
        throw new IllegalStateException("cannot release the graph reference: " + e, e);
      }
      status.throwExceptionIfNotOK();
      return handle.retainReference();
    }
  }

  /** {@code handle} wrapped as a {@link Session} that owns it; when the wrap fails, the native session is closed and deleted here. */
  static Session adopt(Graph graph, TF_Session handle) {
    try {
      return wrap(graph, handle);
    } catch (RuntimeException e) {
      try {
        handle.releaseReference(); // the last reference: TF_CloseSession and TF_DeleteSession
      } catch (RuntimeException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
  }

  /**
   * Requests {@code device} for every op of {@code ops} that has no device yet and reads no
   * variable by reference: an op that writes a ref variable ({@code Assign}, {@code ApplyAdam}) must
   * stay where the variable is, and TensorFlow's placer puts it there when it has no device.
   */
  public static void place(Graph graph, Iterable<GraphOperation> ops, String device) {
    try (AutoCloseable ref = graphReference(graph); PointerScope scope = new PointerScope()) {
      TF_Graph g = nativeHandle(ref);
      TF_Input input = new TF_Input();
      for (GraphOperation op : ops) {
        if (!op.device().isEmpty() || readsRef(op, input)) {
          continue;
        }
        TF_SetRequestedDevice(g, op.getUnsafeNativeHandle(), device);
      }
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("cannot release the graph reference: " + e, e);
    }
  }

  private static boolean readsRef(GraphOperation op, TF_Input input) {
    int n = TF_OperationNumInputs(op.getUnsafeNativeHandle());
    for (int i = 0; i < n; i++) {
      input.oper(op.getUnsafeNativeHandle()).index(i);
      if (TF_OperationInputType(input) >= FIRST_REF_TYPE) {
        return true;
      }
    }
    return false;
  }

  // --- reflection on org.tensorflow's package-private members (checked against 1.1.0)

  private static AutoCloseable graphReference(Graph graph) {
    try {
      Method ref = Graph.class.getDeclaredMethod("ref");
      ref.setAccessible(true);
      return (AutoCloseable) ref.invoke(graph);
    } catch (ReflectiveOperationException e) {
      throw incompatible(e);
    }
  }

  private static TF_Graph nativeHandle(AutoCloseable reference) {
    try {
      Method handle = reference.getClass().getDeclaredMethod("nativeHandle");
      handle.setAccessible(true);
      return (TF_Graph) handle.invoke(reference);
    } catch (ReflectiveOperationException e) {
      throw incompatible(e);
    }
  }

  private static Session wrap(Graph graph, TF_Session handle) {
    try {
      Constructor<Session> c = Session.class.getDeclaredConstructor(Graph.class, TF_Session.class);
      c.setAccessible(true);
      return c.newInstance(graph, handle);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot wrap the native session: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw incompatible(e);
    }
  }

  private static IllegalStateException incompatible(ReflectiveOperationException e) {
    return new IllegalStateException("this TensorFlow Java is not the 1.1.0 gan4j's cluster shim was written for ("
        + e + ")", e);
  }
}
