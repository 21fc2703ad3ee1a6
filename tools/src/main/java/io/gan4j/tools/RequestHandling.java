package io.gan4j.tools;

import io.gan4j.tools.RestApi.Reply;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * How the model server handles one request without ever blocking a thread on the client: the body is
 * read as it arrives (Jetty calls back when bytes are there, so a stalled client holds no thread), it
 * must be complete within the read timeout of the request's first byte or the client gets 408 and the
 * connection is closed, the model runs on the inference threads only once the whole body is in, and
 * the answer is written asynchronously (a client that does not read it is cut off by Jetty's idle
 * timeout). A request on a connection beyond the limit is answered 503 and its connection closed.
 * Every answer is recorded in the {@link ServerMetrics}.
 *
 * <p>Usage: {@code jetty.setHandler(new GracefulHandler(new RequestHandling(api, metrics, watch, workers, timers, timeout, max)));}
 */
final class RequestHandling extends Handler.Abstract.NonBlocking {

  /** Prometheus metrics, at TensorFlow Serving's path. */
  static final String METRICS_PATH = "/monitoring/prometheus/metrics";

  private final RestApi api;
  private final ServerMetrics metrics;
  private final ConnectionWatch watch;
  private final Executor workers;
  private final ScheduledExecutorService timers;
  private final long readTimeoutNanos;
  private final int maxBody;

  RequestHandling(RestApi api, ServerMetrics metrics, ConnectionWatch watch, Executor workers, ScheduledExecutorService timers,
      Duration readTimeout, int maxBody) {
    this.api = api;
    this.metrics = metrics;
    this.watch = watch;
    this.workers = workers;
    this.timers = timers;
    this.readTimeoutNanos = readTimeout.toNanos();
    this.maxBody = maxBody;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    new InFlight(request, response, callback).start();
    return true;
  }

  /** One request from its header to its last response byte; answers exactly once. */
  private final class InFlight implements Runnable {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private final Connection connection;
    private final String path;
    private final String endpoint;
    private final AtomicBoolean answered = new AtomicBoolean();
    private ByteArrayOutputStream body;
    private long received;
    private volatile ScheduledFuture<?> deadline;

    InFlight(Request request, Response response, Callback callback) {
      this.request = request;
      this.response = response;
      this.callback = callback;
      this.connection = request.getConnectionMetaData().getConnection();
      this.path = Request.getPathInContext(request);
      this.endpoint = endpoint(path);
    }

    void start() {
      if (!endpoint.equals("metrics")) {
        metrics.began();
      }
      if (!watch.admit(connection)) {
        metrics.refused();
        answer(Reply.error(503, "too many connections: " + watch.open() + " open, the limit is " + watch.maxConnections()
            + " (--max-connections); retry later"), true);
        return;
      }
      if (path.equals(METRICS_PATH)) {
        answer(request.getMethod().equals("GET")
            ? new Reply(200, ServerMetrics.CONTENT_TYPE, metrics.render().getBytes(StandardCharsets.UTF_8), 0)
            : Reply.error(405, request.getMethod() + " is not allowed here; use GET"), false);
        return;
      }
      if (!request.getMethod().equals("POST")) {
        dispatch(null);
        return;
      }
      long length = request.getLength();
      if (length > 4L * maxBody) {
        // Far too large to drain politely: answer now and close rather than read it.
        answer(tooLarge(), true);
        return;
      }
      body = new ByteArrayOutputStream(length > 0 && length <= maxBody ? (int) length : 8192);
      long left = readTimeoutNanos - (System.nanoTime() - request.getBeginNanoTime());
      deadline = timers.schedule(this::timedOut, Math.max(0, left), TimeUnit.NANOSECONDS);
      run();
    }

    /** Reads what has arrived of the body, then asks Jetty to call again when there is more. */
    @Override
    public void run() {
      byte[] buf = null;
      while (!answered.get()) {
        Content.Chunk chunk = request.read();
        if (chunk == null) {
          request.demand(this);
          return;
        }
        if (Content.Chunk.isFailure(chunk)) {
          Throwable failure = chunk.getFailure();
          if (failure instanceof TimeoutException) {
            timedOut(); // Jetty's idle timeout: no byte for the whole read timeout
          } else {
            answer(Reply.error(400, "the request body could not be read: " + failure), true);
          }
          return;
        }
        ByteBuffer bytes = chunk.getByteBuffer();
        int n = bytes.remaining();
        received += n;
        if (received <= maxBody && n > 0) {
          buf = buf == null || buf.length < n ? new byte[Math.max(n, 8192)] : buf;
          bytes.get(buf, 0, n);
          body.write(buf, 0, n);
        }
        boolean last = chunk.isLast();
        chunk.release();
        if (last) {
          cancelDeadline();
          if (received > maxBody) {
            answer(tooLarge(), false); // drained: the client is not cut off mid-upload and sees the 400
          } else {
            dispatch(body.toByteArray());
          }
          return;
        }
        if (received > 4L * maxBody) {
          answer(tooLarge(), true);
          return;
        }
      }
    }

    private Reply tooLarge() {
      return Reply.error(400, "request body larger than " + (maxBody >> 20) + " MB");
    }

    private void timedOut() {
      if (claim()) {
        metrics.timedOut("body");
        write(Reply.error(408, "the request was not complete within the read timeout of " + seconds(readTimeoutNanos)
            + " s; closing the connection"), true);
      }
    }

    private void dispatch(byte[] bytes) {
      String method = request.getMethod();
      String query = request.getHttpURI().getQuery();
      if (!api.runsModel(path)) {
        answer(api.handle(method, path, query, bytes), false); // status, metadata, errors: no model run, answered here
        return;
      }
      try {
        workers.execute(() -> {
          Reply r;
          try {
            r = api.handle(method, path, query, bytes);
          } catch (Throwable e) { // e.g. OutOfMemoryError: the client still gets an answer
            r = Reply.error(500, "internal error: " + e);
          }
          answer(r, false);
        });
      } catch (RejectedExecutionException e) {
        answer(Reply.error(503, "the server is shutting down; no new requests"), true);
      }
    }

    private void answer(Reply reply, boolean close) {
      if (claim()) {
        write(reply, close);
      }
    }

    /** True for the one caller that may answer (the body, the deadline and Jetty's idle timeout can race). */
    private boolean claim() {
      if (!answered.compareAndSet(false, true)) {
        return false;
      }
      cancelDeadline();
      return true;
    }

    private void write(Reply reply, boolean close) {
      response.setStatus(reply.status());
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
      response.getHeaders().put(HttpHeader.CONTENT_LENGTH, reply.body().length);
      if (close) {
        response.getHeaders().put(HttpHeader.CONNECTION, "close");
      }
      response.write(true, ByteBuffer.wrap(reply.body()), new Callback() {
        @Override
        public void succeeded() {
          done(reply.status(), reply.images());
          callback.succeeded();
        }

        @Override
        public void failed(Throwable x) {
          done(0, 0); // the client went away before the answer was out
          callback.failed(x);
        }
      });
    }

    private void done(int status, int images) {
      if (!endpoint.equals("metrics")) {
        metrics.ended();
      }
      metrics.record(endpoint, status, System.nanoTime() - request.getBeginNanoTime(), images);
      watch.answered(connection);
    }

    private void cancelDeadline() {
      ScheduledFuture<?> d = deadline;
      if (d != null) {
        d.cancel(false);
      }
    }
  }

  private String endpoint(String path) {
    if (path.equals(METRICS_PATH)) {
      return "metrics";
    } else if (path.endsWith(":predict")) {
      return "predict";
    } else if (path.endsWith("/sample.png")) {
      return "sample_png";
    } else if (path.endsWith("/metadata")) {
      return "metadata";
    } else if (path.startsWith("/v1/models/") && path.indexOf('/', "/v1/models/".length()) < 0) {
      return "status";
    }
    return "other";
  }

  private static String seconds(long nanos) {
    double s = nanos / 1e9;
    return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
  }
}
