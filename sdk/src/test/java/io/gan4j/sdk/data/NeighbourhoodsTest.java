package io.gan4j.sdk.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gan4j.sdk.metrics.Npy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeighbourhoodsTest {
  @TempDir Path dir;

  /**
   * 24 points on a circle at angles 2πi/24 with radii 1…3 (normalisation must remove them) in 3-D
   * (third coordinate 0): by cosine, the nearest of i are i ± 1, then i ± 2 (indices mod 24).
   */
  static float[] circle(int n) {
    float[] f = new float[n * 3];
    for (int i = 0; i < n; i++) {
      double a = 2 * Math.PI * i / n;
      double r = 1 + (i % 3);
      f[i * 3] = (float) (r * Math.cos(a));
      f[i * 3 + 1] = (float) (r * Math.sin(a));
    }
    return f;
  }

  @Test
  void neighboursOnACircleAreTheAdjacentPointsAndNeverTheInstanceItself() {
    int n = 24;
    for (int block : new int[] {1, 5, 24, 100}) {
      Neighbourhoods.Result r = Neighbourhoods.compute(circle(n), n, 3, 4, block);
      assertThat(r.n()).isEqualTo(n);
      assertThat(r.k()).isEqualTo(4);
      for (int i = 0; i < n; i++) {
        Set<Integer> first = Set.of(r.get(i, 0), r.get(i, 1));
        Set<Integer> second = Set.of(r.get(i, 2), r.get(i, 3));
        assertThat(first).as("block %s, instance %s", block, i).containsExactlyInAnyOrder((i + 1) % n, (i + n - 1) % n);
        assertThat(second).as("block %s, instance %s", block, i).containsExactlyInAnyOrder((i + 2) % n, (i + n - 2) % n);
      }
    }
  }

  @Test
  void duplicatesAreEachOthersNearestButNotTheirOwn() {
    // instances 0 and 1 are the same vector (up to scale), 2 is orthogonal to them, 3 opposite
    float[] f = {1, 0, 2, 0, 0, 1, -1, 0};
    Neighbourhoods.Result r = Neighbourhoods.compute(f, 4, 2, 1, 2);
    // 2's cosines to 0, 1 and 3 all tie at 0: the lowest index wins; 3 is nearest to the orthogonal 2
    assertThat(r.indices()).containsExactly(1, 0, 0, 2);
  }

  @Test
  void normaliseGivesUnitRowsAndKeepsZeroRows() {
    float[] u = Neighbourhoods.normalise(new float[] {3, 4, 0, 0}, 2, 2);
    assertThat(u).containsExactly(new float[] {0.6f, 0.8f, 0, 0}, org.assertj.core.data.Offset.offset(1e-7f));
  }

  @Test
  void cacheIsWrittenOnceAndRecomputedForAnotherKey() throws Exception {
    int n = 24;
    Neighbourhoods.Result first = Neighbourhoods.cached(dir, "features@a|data@b", n, 3, 4, () -> circle(n));
    assertThat(dir.resolve(Neighbourhoods.FILE)).exists();
    // same key: read back, the features are never asked for
    Neighbourhoods.Result again = Neighbourhoods.cached(dir, "features@a|data@b", n, 3, 4, () -> {
      throw new AssertionError("recomputed although cached");
    });
    assertThat(again.indices()).containsExactly(first.indices());
    assertThat(Npy.readArray(dir.resolve(Neighbourhoods.FILE)).dtype()).isEqualTo("<i4");
    // another key (another feature network) recomputes and overwrites
    float[] shuffled = circle(n);
    float[] swapped = shuffled.clone();
    System.arraycopy(shuffled, 0, swapped, 3, 3);
    System.arraycopy(shuffled, 3, swapped, 0, 3);
    Neighbourhoods.Result other = Neighbourhoods.cached(dir, "features@c|data@b", n, 3, 4, () -> swapped);
    assertThat(other.get(2, 0) == 0 || other.get(2, 1) == 0).as("instance 2's neighbour 1 is now at index 0").isTrue();
    assertThat(Files.readString(dir.resolve(Neighbourhoods.KEY_FILE))).contains("features@c|data@b");
  }

  @Test
  void npyWriterRoundTripsFloatsAndInts() throws Exception {
    Path f = dir.resolve("f.npy");
    Npy.write(f, new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6.5f});
    assertThat(Npy.readMatrix(f)[1]).containsExactly(4, 5, 6.5);
    assertThat(Npy.readFloats(f, new long[] {2, 3})).containsExactly(1, 2, 3, 4, 5, 6.5f);
    Path i = dir.resolve("i.npy");
    Npy.write(i, new long[] {3}, new int[] {7, -1, 2});
    assertThat(Npy.readLabels(i)).containsExactly(7, -1, 2);
    assertThatThrownBy(() -> Npy.readInts(i, new long[] {3, 1})).isInstanceOf(DataException.class).hasMessageContaining("shape");
  }

  @Test
  void rejectsKAsLargeAsTheData() {
    assertThatThrownBy(() -> Neighbourhoods.compute(circle(4), 4, 3, 4)).hasMessageContaining("k must be in [1, 3]");
  }
}
