package io.gan4j.sdk.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * Translation data from folders: paired as two folders {@code DIR/A} and {@code DIR/B} whose files
 * match by relative path, or as side-by-side images in {@code DIR} (pix2pix: A left, B right);
 * unpaired as any two folders. Every folder is read by {@link ImageFolder} with the same options
 * (labels are not used) and held in memory.
 *
 * <p>Usage: {@code PairedImages p = TranslationFolders.paired(Path.of("edges2shoes/train"), options);}
 */
public final class TranslationFolders {

  private TranslationFolders() {}

  /**
   * Pairs from {@code dir}: {@code A/} and {@code B/} with matching names when both exist, else
   * side-by-side images.
   *
   * @throws DataException naming a file without a partner (unless bad images are skipped), or what
   *     else {@link ImageFolder} refuses
   */
  public static PairedImages paired(Path dir, ImageFolderOptions options) {
    ImageFolderOptions o = options.newBuilder().labels(ImageFolderOptions.LabelSource.NONE).build();
    Path da = dir.resolve("A");
    Path db = dir.resolve("B");
    String name = dir.toAbsolutePath().normalize().getFileName().toString();
    if (Files.isDirectory(da) && Files.isDirectory(db)) {
      ImageFolder a = ImageFolder.scan(da, o);
      ImageFolder b = ImageFolder.scan(db, o);
      Set<Path> inA = relative(a);
      Set<Path> inB = relative(b);
      Set<Path> both = new HashSet<>(inA);
      both.retainAll(inB);
      a = a.restrictTo(absolute(a, both), "no partner of the same name in " + b.root());
      b = b.restrictTo(absolute(b, both), "no partner of the same name in " + a.root());
      return PairedImages.of(name, load(a, o), load(b, o));
    }
    ImageFolder sideBySide = ImageFolder.scan(dir, o);
    return PairedImages.of(name, load(sideBySide.half(FolderDecoder.Half.LEFT), o), load(sideBySide.half(FolderDecoder.Half.RIGHT), o));
  }

  /** Unaligned sets from two folders, each in its own order ({@link UnpairedImages}). */
  public static UnpairedImages unpaired(Path a, Path b, ImageFolderOptions options) {
    ImageFolderOptions o = options.newBuilder().labels(ImageFolderOptions.LabelSource.NONE).build();
    String name = a.toAbsolutePath().normalize().getFileName() + "-" + b.toAbsolutePath().normalize().getFileName();
    return UnpairedImages.of(name, load(ImageFolder.scan(a, o), o), load(ImageFolder.scan(b, o), o));
  }

  private static ImageDataset load(ImageFolder f, ImageFolderOptions o) {
    return f.loadInMemory(o);
  }

  private static Set<Path> relative(ImageFolder f) {
    Set<Path> out = new HashSet<>();
    f.files().forEach(p -> out.add(f.root().relativize(p)));
    return out;
  }

  private static Set<Path> absolute(ImageFolder f, Set<Path> relative) {
    Set<Path> out = new HashSet<>();
    relative.forEach(p -> out.add(f.root().resolve(p)));
    return out;
  }
}
