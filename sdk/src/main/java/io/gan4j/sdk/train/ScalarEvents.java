package io.gan4j.sdk.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.summary.SummaryWriter;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * TensorBoard scalar events written by TensorFlow's own summary ops into {@code events/}. The write
 * ops are extra targets of a training run, so they log exactly the values that run computed.
 *
 * <p>Usage: {@code List<Op> w = new ScalarEvents(tf, dir).writes(step, Map.of("loss/d", dLoss));}
 */
final class ScalarEvents {

  final Op create;
  final Op flush;
  /** A write of any scalar: feed {@link #fedStep}, {@link #fedTag} and {@link #fedValue}. */
  final Op fedWrite;
  final Placeholder<TInt64> fedStep;
  final Placeholder<TString> fedTag;
  final Placeholder<TFloat32> fedValue;

  private final Ops tf;
  private final SummaryWriter writer;

  ScalarEvents(Ops tf, Path dir) {
    this.tf = tf;
    writer = tf.summary.summaryWriter(SummaryWriter.sharedName("gan4j_events"));
    create = tf.summary.createSummaryFileWriter(
        writer, tf.constant(dir.toAbsolutePath().toString()), tf.constant(16), tf.constant(10_000), tf.constant(".v2"));
    fedStep = tf.placeholder(TInt64.class, Placeholder.shape(Shape.scalar()));
    fedTag = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
    fedValue = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    fedWrite = tf.summary.writeScalarSummary(writer, fedStep, fedTag, fedValue);
    flush = tf.summary.flushSummaryWriter(writer);
  }

  /** Write ops for {@code scalars} at {@code step}, to add as targets of the run that computes them. */
  List<Op> writes(Operand<TInt64> step, Map<String, Operand<TFloat32>> scalars) {
    List<Op> out = new ArrayList<>();
    for (Map.Entry<String, Operand<TFloat32>> e : scalars.entrySet()) {
      out.add(tf.summary.writeScalarSummary(writer, step, tf.constant(e.getKey()), e.getValue()));
    }
    return out;
  }
}
