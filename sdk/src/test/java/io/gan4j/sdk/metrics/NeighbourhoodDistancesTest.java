package io.gan4j.sdk.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** {@link NeighbourhoodDistances} on unit vectors whose distances are known by hand. */
class NeighbourhoodDistancesTest {

  private static final float R = (float) Math.sqrt(0.5);
  /** Unit vectors in 3-D: e1, e2, e3 and (e1 + e2)/√2. */
  private static final float[] E1 = {1, 0, 0};
  private static final float[] E2 = {0, 1, 0};
  private static final float[] E3 = {0, 0, 1};
  private static final float[] E12 = {R, R, 0};

  @Test
  void distancesAreMeansOverAllPairsInFloat64() {
    // |e1 - e1| = 0, |e1 - e2| = √2, |e1 - e12| = sqrt(2 - √2)
    double d1e12 = Math.sqrt(2 - Math.sqrt(2));
    assertThat(NeighbourhoodDistances.meanDistance(new float[][] {E1}, new float[][] {E1, E2})).isCloseTo(Math.sqrt(2) / 2, within(1e-7));
    assertThat(NeighbourhoodDistances.meanDistance(new float[][] {E1, E2}, new float[][] {E12}))
        .isCloseTo(d1e12, within(1e-7));
    // distinct pairs of {e1, e2, e3}: all √2
    assertThat(NeighbourhoodDistances.meanDistinctDistance(new float[][] {E1, E2, E3})).isCloseTo(Math.sqrt(2), within(1e-7));

    NeighbourhoodDistances d = NeighbourhoodDistances.of(new float[][] {E1, E12}, new float[][] {E1, E12}, new float[][] {E3},
        new float[][] {E2}, 1);
    assertThat(d.toOwn()).isCloseTo((0 + d1e12 + d1e12 + 0) / 4, within(1e-7));
    assertThat(d.toRandom()).isCloseTo(Math.sqrt(2), within(1e-7));
    assertThat(d.toOther()).isCloseTo((Math.sqrt(2) + d1e12) / 2, within(1e-7));
    assertThat(d.ownSpread()).isCloseTo(d1e12, within(1e-7));
    assertThat(d.neighbourHitRate()).isEqualTo(0.5);
  }

  @Test
  void nearestRanksByCosineExcludesTheInstanceAndBreaksTiesByIndex() {
    float[] base = new float[] {1, 0, 0, /* 1 */ R, R, 0, /* 2 */ 0, 1, 0, /* 3 */ 0, 0, 1, /* 4 */ 1, 0, 0};
    assertThat(NeighbourhoodDistances.nearest(E1, base, 5, 3, -1)).containsExactly(0, 4, 1);
    assertThat(NeighbourhoodDistances.nearest(E1, base, 5, 3, 0)).containsExactly(4, 1, 2);
    assertThat(NeighbourhoodDistances.nearest(E2, base, 5, 2, -1)).containsExactly(2, 1);
    assertThatThrownBy(() -> NeighbourhoodDistances.nearest(E1, base, 5, 5, 0)).hasMessage("k must be in [1, 4], got 5");
    assertThatThrownBy(() -> NeighbourhoodDistances.of(new float[][] {E1}, new float[][] {E1, E2}, new float[][] {E3},
        new float[][] {E2}, 2)).hasMessage("hits must be in [0, 1], got 2");
  }
}
