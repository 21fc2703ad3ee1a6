package io.gan4j.ops;

/**
 * Ghost batch normalisation (Hoffer, Hubara and Soudry 2017, "Train longer, generalize better"):
 * batch norm takes its statistics over each of {@code groups} equal groups of the batch's rows
 * rather than over the whole batch, and normalises each row with its own group's mean and
 * variance. A batch may be the concatenation of {@code parts} equal parts (D judges
 * {@code [real; generated]} in one pass); group g then holds the g-th of {@code groups} equal
 * slices of every part. These are exactly the rows data-parallel replica g of {@code groups}
 * normalises together, because each replica judges {@code [its real slice; its generated slice]}.
 * In a TRAIN pass the moving statistics follow group 0, the way replicated training keeps replica
 * 0's. {@link #NONE} (one group) is ordinary batch norm and builds the same ops as before.
 *
 * <p>Usage: {@code ForwardPass.of(Mode.TRAIN).withGhostBatch(GhostBatch.groups(2).ofParts(2))}
 */
public record GhostBatch(int groups, int parts) {

  /** Ordinary batch norm: one group, statistics over the whole batch. */
  public static final GhostBatch NONE = new GhostBatch(1, 1);

  public GhostBatch {
    if (groups < 1 || parts < 1) {
      throw new IllegalArgumentException("ghost batch norm needs groups >= 1 and parts >= 1, got " + groups + " and " + parts);
    }
  }

  /** {@code groups} ghost groups of a batch that is one part. */
  public static GhostBatch groups(int groups) {
    return new GhostBatch(groups, 1);
  }

  /** The same groups over a batch that concatenates {@code parts} equal parts. */
  public GhostBatch ofParts(int parts) {
    return new GhostBatch(groups, parts);
  }

  /** Whether statistics are over the whole batch (one group), so batch norm is the ordinary one. */
  public boolean whole() {
    return groups == 1;
  }

  /**
   * The rows in each (part, group) cell, for a batch of {@code rows} rows: {@code rows / (parts·groups)}.
   *
   * @throws IllegalArgumentException when the rows do not split into equal cells
   */
  public long rowsPerCell(long rows) {
    long cells = (long) groups * parts;
    if (rows < 0 || rows % cells != 0) {
      throw new IllegalArgumentException("ghost batch norm: " + rows + " rows do not split into " + parts + " part(s) of "
          + groups + " equal groups");
    }
    return rows / cells;
  }
}
