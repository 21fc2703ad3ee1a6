package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlacementTest {

  @Test
  void replicasNeedAVariableDevice() {
    assertThatThrownBy(() -> new Placement(List.of("/cpu:0", "/cpu:1"), "", "", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blank variable device '': name the device that holds the variables, e.g. /cpu:0");
    assertThatThrownBy(() -> new Placement(List.of("/cpu:1"), "  ", "", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blank variable device '  ': name the device that holds the variables, e.g. /cpu:1");
  }

  @Test
  void onlyTheDefaultPlacementLeavesTheVariableDeviceEmpty() {
    assertThatThrownBy(() -> new Placement(List.of(), " ", "", 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("blank variable device ' ': name the device that holds the variables, e.g. /cpu:0 (or \"\" for TensorFlow's"
            + " default, without replica devices)");
    assertThat(new Placement(List.of(), "", "", 1)).isEqualTo(Placement.LOCAL);
    assertThat(Placement.devices(List.of("/cpu:0", "/cpu:1")).variableDevice()).isEqualTo("/cpu:0");
  }
}
