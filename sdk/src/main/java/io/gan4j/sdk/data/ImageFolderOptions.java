package io.gan4j.sdk.data;

import java.nio.file.Path;

/**
 * How an image folder becomes training data: the training size and fit, the channel count, where
 * labels come from, whether bad files stop the run, and the memory budget under which the decoded
 * set is held in the graph instead of streamed from disk. A run's {@code config.json} keeps them,
 * so a resumed run reads its folder the same way. Immutable; {@link #newBuilder()} copies.
 *
 * <p>Usage: {@code ImageFolderOptions o = ImageFolderOptions.builder().imageSize(64).channels(3).build();}
 *
 * @param imageSize side S of the square training images; 0 = the images' own size when they all share one square size
 * @param channels 1 or 3; 0 = the images' own when they all agree
 * @param labelsFile the CSV of {@code path,label} rows when {@code labels} is {@link LabelSource#CSV}, else null
 * @param skipBadImages train on the good files and report the bad ones instead of refusing the folder
 * @param memoryBudget decoded bytes (N·S·S·C) up to which the set is decoded once and held in the graph
 */
public record ImageFolderOptions(int imageSize, Fit fit, int channels, LabelSource labels, Path labelsFile,
    boolean skipBadImages, long memoryBudget) {

  /** Decoded sets up to 1 GiB are held in memory. */
  public static final long DEFAULT_MEMORY_BUDGET = 1L << 30;

  /** Where class labels come from. */
  public enum LabelSource {
    /** First-level subfolders when there are any (torchvision's {@code ImageFolder}), else none. */
    SUBFOLDERS,
    /** No labels, every image of the tree. */
    NONE,
    /** A CSV file of {@code path,label} rows ({@link #labelsFile()}). */
    CSV
  }

  public ImageFolderOptions {
    fit = fit == null ? Fit.CROP : fit;
    labels = labels == null ? LabelSource.SUBFOLDERS : labels;
    if (imageSize < 0) {
      throw new IllegalArgumentException("image size must be positive, got " + imageSize);
    }
    if (channels != 0 && channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    if (memoryBudget < 0) {
      throw new IllegalArgumentException("memory budget must be >= 0 bytes, got " + memoryBudget);
    }
    if ((labels == LabelSource.CSV) != (labelsFile != null)) {
      throw new IllegalArgumentException("labels from CSV need a labels file, and only they do");
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Size and channels from the data, {@link Fit#CROP}, labels from subfolders, bad files refused, 1 GiB. */
  public static ImageFolderOptions defaults() {
    return builder().build();
  }

  public Builder newBuilder() {
    Builder b = new Builder();
    b.imageSize = imageSize;
    b.fit = fit;
    b.channels = channels;
    b.labels = labels;
    b.labelsFile = labelsFile;
    b.skipBadImages = skipBadImages;
    b.memoryBudget = memoryBudget;
    return b;
  }

  /** Builder starting from {@link #defaults()}. */
  public static final class Builder {
    private int imageSize;
    private Fit fit = Fit.CROP;
    private int channels;
    private LabelSource labels = LabelSource.SUBFOLDERS;
    private Path labelsFile;
    private boolean skipBadImages;
    private long memoryBudget = DEFAULT_MEMORY_BUDGET;

    private Builder() {}

    public Builder imageSize(int v) { imageSize = v; return this; }
    public Builder fit(Fit v) { fit = v; return this; }
    public Builder channels(int v) { channels = v; return this; }
    /** Labels from subfolders or none; for a CSV use {@link #labelsFile}. */
    public Builder labels(LabelSource v) { labels = v; labelsFile = null; return this; }
    public Builder labelsFile(Path csv) { labels = LabelSource.CSV; labelsFile = csv; return this; }
    public Builder skipBadImages(boolean v) { skipBadImages = v; return this; }
    public Builder memoryBudget(long bytes) { memoryBudget = bytes; return this; }

    public ImageFolderOptions build() {
      return new ImageFolderOptions(imageSize, fit, channels, labels, labelsFile, skipBadImages, memoryBudget);
    }
  }
}
