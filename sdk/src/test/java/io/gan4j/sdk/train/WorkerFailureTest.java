package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.sdk.train.cluster.ClusterUnavailableException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.tensorflow.exceptions.TFInvalidArgumentException;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Which failed cluster steps the trainer blames on a worker: only those whose TensorFlow message
 * names a worker task other than the chief (task 0, this process). The messages are shaped as
 * TensorFlow 2.x writes them.
 */
class WorkerFailureTest {

  private static final String KEPT = "no checkpoint had been written yet";

  @Test
  void aMessageNamingAnotherWorkerIsThatWorkersFailure() {
    TensorFlowException e = new TensorFlowException("From /job:worker/replica:0/task:2:\nConnection reset by peer\n"
        + "\t [[{{node replica_2/Gradients/AddN}}]]");
    ClusterUnavailableException lost = Trainer.workerFailure(e, 201, KEPT).orElseThrow();
    assertThat(lost).hasMessage("worker task 2 failed at step 201 (TensorFlow: Connection reset by peer); " + KEPT).hasCause(e);
    assertThat(lost.job()).isEqualTo("worker");
    assertThat(lost.task()).isEqualTo(2);
  }

  @Test
  void theChiefNamedFirstDoesNotHideTheWorkerNamedAfterIt() {
    TensorFlowException e = new TensorFlowException("Socket closed: recv from /job:worker/replica:0/task:0/device:CPU:0"
        + " to /job:worker/replica:0/task:1/device:CPU:0");
    assertThat(Trainer.workerFailure(e, 7, KEPT).orElseThrow()).hasMessage("worker task 1 failed at step 7 (TensorFlow: Socket closed:"
        + " recv from /job:worker/replica:0/task:0/device:CPU:0 to /job:worker/replica:0/task:1/device:CPU:0); " + KEPT);
  }

  @Test
  void anErrorOfTheChiefsOwnOpsIsNotBlamedOnAWorker() {
    assertThat(Trainer.workerFailure(new TFInvalidArgumentException("Nan in summary histogram for: loss/d\n"
        + "\t [[{{node loss_d}} = ...; device=/job:worker/replica:0/task:0/device:CPU:0]]"), 3, KEPT)).isEmpty();
  }

  @Test
  void anErrorNamingNoTaskOrNoWorkerOfTheClusterIsNotBlamedOnAWorker() {
    assertThat(Trainer.workerFailure(new TensorFlowException("Deadline Exceeded"), 3, KEPT)).isEmpty();
    assertThat(Trainer.workerFailure(new TensorFlowException(null), 3, KEPT)).isEmpty();
    assertThat(Trainer.workerFailure(new TensorFlowException("on /job:localhost/replica:0/task:1/device:CPU:0"), 3, KEPT))
        .isEqualTo(Optional.empty());
  }
}
