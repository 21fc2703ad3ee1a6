package io.gan4j.sdk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

/** The installed Debian dataset (skipped where dataset-fashion-mnist is not installed; .ci/run installs it). */
class FashionMnistTest {

  @Test
  void loadsTheInstalledTrainingSet() {
    assumeTrue(FashionMnist.isInstalled(), "dataset-fashion-mnist is not installed");
    ImageDataset data = FashionMnist.load(FashionMnist.DEFAULT_DIR);
    assertThat(data.size()).isEqualTo(60_000);
    assertThat(data.elementShape()).containsExactly(32, 32, 1);
    int[] perClass = new int[10];
    for (int label : data.labels().orElseThrow()) {
      perClass[label]++;
    }
    assertThat(perClass).containsOnly(6000);
  }
}
