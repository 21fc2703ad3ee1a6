package io.gan4j.sdk.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A folder of PNG, JPEG, GIF or BMP images as training data. The tree is listed recursively in
 * sorted order; class labels come from first-level subfolders (torchvision's {@code ImageFolder}:
 * label = index of the subfolder in sorted order) or from a CSV of {@code path,label} rows. Every
 * file's header is read when the folder is scanned ({@link ImageHeader}), so an empty, truncated,
 * mislabelled or foreign file is named before any training starts. {@link #load} decodes the set
 * once into the graph when it fits the memory budget and otherwise streams it from disk every
 * step; both give the same batches ({@link EpochOrder}).
 *
 * <p>Usage: {@code TrainingData d = ImageFolder.scan(dir, options).load(options);}
 */
public final class ImageFolder {

  private static final Logger LOG = Logger.getLogger(ImageFolder.class.getName());
  private static final int HEADER_THREADS = 8;
  private static final Set<String> READ = Set.of("png", "jpg", "jpeg", "gif", "bmp");
  /** Extensions of image formats gan4j does not read: reported as bad, not ignored. */
  private static final Set<String> OTHER_IMAGES = Set.of("webp", "tif", "tiff", "heic", "heif", "avif", "svg", "ico", "jp2", "psd");

  private final Path root;
  private final List<Path> files;
  private final List<ImageHeader> headers;
  private final int[] labels;
  private final List<String> classNames;
  private final String labelOrigin;
  private final List<BadImage> bad;
  private final List<Path> ignored;
  private final FolderDecoder.Half half;

  private ImageFolder(Path root, List<Path> files, List<ImageHeader> headers, int[] labels, List<String> classNames,
      String labelOrigin, List<BadImage> bad, List<Path> ignored, FolderDecoder.Half half) {
    this.root = root;
    this.files = files;
    this.headers = headers;
    this.labels = labels;
    this.classNames = classNames;
    this.labelOrigin = labelOrigin;
    this.bad = bad;
    this.ignored = ignored;
    this.half = half;
  }

  /** True when {@code dir} holds no IDX files but images: what {@code --data DIR} reads as a folder. */
  public static boolean looksLikeImageFolder(Path dir) {
    return Files.isDirectory(dir) && FashionMnist.find(dir, "train-images-idx3-ubyte") == null;
  }

  /**
   * Lists {@code dir}, reads every image header and assigns labels.
   *
   * @throws DataException for a folder that cannot be data at all: missing, no images, a malformed
   *     labels CSV
   */
  public static ImageFolder scan(Path dir, ImageFolderOptions options) {
    if (!Files.isDirectory(dir)) {
      throw new DataException(dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
    }
    Path root = dir.toAbsolutePath().normalize();
    List<Path> candidates = new ArrayList<>();
    List<Path> ignored = new ArrayList<>();
    List<Path> classDirs = new ArrayList<>();
    List<Path> found = new ArrayList<>();
    try {
      // One walk with the attributes it already read: a separate isDirectory per path cost 1.5 s on 200,000 files.
      Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
        @Override
        public java.nio.file.FileVisitResult preVisitDirectory(Path d, java.nio.file.attribute.BasicFileAttributes a) {
          if (d.equals(root)) {
            return java.nio.file.FileVisitResult.CONTINUE;
          }
          if (d.getFileName().toString().startsWith(".")) {
            return java.nio.file.FileVisitResult.SKIP_SUBTREE;
          }
          if (d.getParent().equals(root)) {
            classDirs.add(d);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }

        @Override
        public java.nio.file.FileVisitResult visitFile(Path f, java.nio.file.attribute.BasicFileAttributes a) {
          if (!f.getFileName().toString().startsWith(".")) {
            found.add(f);
          }
          return java.nio.file.FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new DataException(dir + ": cannot list (" + e.getMessage() + ")", e);
    }
    Collections.sort(classDirs);
    Collections.sort(found);
    for (Path p : found) {
      String ext = extension(p);
      if (READ.contains(ext) || OTHER_IMAGES.contains(ext)) {
        candidates.add(p);
      } else {
        ignored.add(p);
      }
    }
    List<BadImage> bad = new ArrayList<>();
    int[] labels = null;
    List<String> classNames = List.of();
    String origin = "none";
    List<Path> listed = candidates;
    switch (options.labels()) {
      case CSV -> {
        CsvLabels csv = CsvLabels.read(options.labelsFile(), root, bad);
        listed = csv.files();
        labels = csv.labels();
        classNames = csv.classNames();
        origin = options.labelsFile().getFileName().toString();
      }
      case SUBFOLDERS -> {
        if (!classDirs.isEmpty()) {
          origin = "subfolders";
          classNames = classDirs.stream().map(p -> p.getFileName().toString()).toList();
          List<Path> inClasses = new ArrayList<>();
          List<Integer> ls = new ArrayList<>();
          int[] counts = new int[classDirs.size()];
          for (Path p : candidates) {
            Path first = root.relativize(p).getName(0);
            int k = classNames.indexOf(first.toString());
            if (k < 0 || root.relativize(p).getNameCount() == 1) {
              bad.add(new BadImage(p, "image beside the class folders, so it has no class"));
              continue;
            }
            inClasses.add(p);
            ls.add(k);
            counts[k]++;
          }
          for (int k = 0; k < counts.length; k++) {
            if (counts[k] == 0) {
              bad.add(new BadImage(classDirs.get(k), "class folder with no images (class " + k + ")"));
            }
          }
          listed = inClasses;
          labels = ls.stream().mapToInt(Integer::intValue).toArray();
        }
      }
      case NONE -> { }
    }
    if (listed.isEmpty() && candidates.isEmpty()) {
      throw new DataException(dir + ": no images (PNG, JPEG, GIF or BMP) in this folder or its subfolders, and no IDX train-images-idx3-ubyte[.gz] file"
          + (ignored.isEmpty() ? "" : "; " + ignored.size() + " other files, e.g. " + root.relativize(ignored.get(0))));
    }
    List<Path> ordered = listed;
    Object[] read = readHeaders(ordered);
    List<Path> good = new ArrayList<>();
    List<ImageHeader> headers = new ArrayList<>();
    List<Integer> goodLabels = new ArrayList<>();
    for (int i = 0; i < read.length; i++) {
      if (read[i] instanceof BadImage b) {
        bad.add(b);
      } else {
        good.add(ordered.get(i));
        headers.add((ImageHeader) read[i]);
        if (labels != null) {
          goodLabels.add(labels[i]);
        }
      }
    }
    return new ImageFolder(root, List.copyOf(good), List.copyOf(headers),
        labels == null ? null : goodLabels.stream().mapToInt(Integer::intValue).toArray(), classNames, origin,
        List.copyOf(bad), List.copyOf(ignored), FolderDecoder.Half.WHOLE);
  }

  /**
   * This folder read as one half of side-by-side pairs (pix2pix's layout: A left, B right): sizes
   * are the half's, and a file of odd width becomes a bad file.
   */
  ImageFolder half(FolderDecoder.Half which) {
    List<Path> fs = new ArrayList<>();
    List<ImageHeader> hs = new ArrayList<>();
    List<Integer> ls = new ArrayList<>();
    List<BadImage> bs = new ArrayList<>(bad);
    for (int i = 0; i < files.size(); i++) {
      ImageHeader h = headers.get(i);
      if (h.width() % 2 != 0) {
        bs.add(new BadImage(files.get(i), "odd width " + h.width() + " cannot be split into two side-by-side images"));
        continue;
      }
      fs.add(files.get(i));
      hs.add(new ImageHeader(h.format(), h.width() / 2, h.height(), h.channels()));
      if (labels != null) {
        ls.add(labels[i]);
      }
    }
    return new ImageFolder(root, List.copyOf(fs), List.copyOf(hs), labels == null ? null : ls.stream().mapToInt(Integer::intValue).toArray(),
        classNames, labelOrigin, List.copyOf(bs), ignored, which);
  }

  /** The same folder restricted to {@code keep} (e.g. files with a partner in a paired set); the others become {@code dropped} bad files. */
  ImageFolder restrictTo(Set<Path> keep, String dropped) {
    List<Path> fs = new ArrayList<>();
    List<ImageHeader> hs = new ArrayList<>();
    List<Integer> ls = new ArrayList<>();
    List<BadImage> bs = new ArrayList<>(bad);
    for (int i = 0; i < files.size(); i++) {
      if (!keep.contains(files.get(i))) {
        bs.add(new BadImage(files.get(i), dropped));
        continue;
      }
      fs.add(files.get(i));
      hs.add(headers.get(i));
      if (labels != null) {
        ls.add(labels[i]);
      }
    }
    return new ImageFolder(root, List.copyOf(fs), List.copyOf(hs), labels == null ? null : ls.stream().mapToInt(Integer::intValue).toArray(),
        classNames, labelOrigin, List.copyOf(bs), ignored, half);
  }

  /**
   * Every file's header (or why it is bad). Reading 200,000 small files is bound by opening them,
   * not by the cores, so more threads than cores help: 8 took a warm scan of 200,000 PNGs from 9.4 s
   * (the common pool, 2 cores) to the figure in the README.
   */
  private static Object[] readHeaders(List<Path> files) {
    java.util.concurrent.ForkJoinPool pool = new java.util.concurrent.ForkJoinPool(HEADER_THREADS);
    try {
      return pool.submit(() -> IntStream.range(0, files.size()).parallel().mapToObj(i -> {
        try {
          return (Object) ImageHeader.read(files.get(i));
        } catch (DataException e) {
          return new BadImage(files.get(i), e.getMessage());
        }
      }).toArray()).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("interrupted while reading image headers", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new DataException(e.getCause().getMessage(), e.getCause());
    } finally {
      pool.shutdown();
    }
  }

  public Path root() {
    return root;
  }

  /** The readable images, in sorted order. */
  public List<Path> files() {
    return files;
  }

  /** Files that cannot be trained on, in the order found. */
  public List<BadImage> badImages() {
    return bad;
  }

  /** Files that are not images by their extension (text, hidden files are not even listed). */
  public List<Path> ignoredFiles() {
    return ignored;
  }

  /** Class names in label order; empty without labels. */
  public List<String> classNames() {
    return classNames;
  }

  /**
   * Decodes every readable image fully (the same TensorFlow decode training uses) and returns all
   * bad files: those the scan found and those that do not decode. What {@code gan4j data --check} runs.
   */
  public List<BadImage> check(ImageFolderOptions options) {
    List<BadImage> all = new ArrayList<>(bad);
    if (!files.isEmpty()) {
      Target t = target(options, true);
      decoder(t, options).decodeAll(files.stream().map(Path::toString).toList(), all);
    }
    return all;
  }

  /**
   * The folder as training data: decoded once into the graph when N·S·S·C bytes fit
   * {@link ImageFolderOptions#memoryBudget()}, else streamed (each step reads and decodes its batch).
   *
   * @throws DataException naming the first bad file (and how many more) unless
   *     {@link ImageFolderOptions#skipBadImages()}; naming what to pass when sizes or channels differ
   */
  public TrainingData load(ImageFolderOptions options) {
    refuseBad(bad, options);
    Target t = target(options, false);
    FolderDecoder decoder = decoder(t, options);
    String name = root.getFileName().toString();
    List<String> paths = files.stream().map(Path::toString).toList();
    if (decodedBytes(t) <= options.memoryBudget()) {
      List<BadImage> undecodable = new ArrayList<>();
      FolderDecoder.Decoded d = decoder.decodeAll(paths, undecodable);
      refuseBad(undecodable, options);
      List<BadImage> skipped = new ArrayList<>(bad);
      skipped.addAll(undecodable);
      warnSkipped(skipped, d.indices().length);
      int[] kept = labels == null ? null : IntStream.of(d.indices()).map(i -> labels[i]).toArray();
      return new ImageDataset(name, d.indices().length, t.size, t.size, t.channels, d.pixels(), kept);
    }
    warnSkipped(bad, files.size());
    return new StreamedImages(name, paths, labels, classNames.size(), t.size, t.channels, decoder);
  }

  /**
   * The folder decoded into memory whatever its size (for translation pairs, which are held as
   * {@link ImageDataset}s); refused when it decodes to more than the memory budget.
   */
  ImageDataset loadInMemory(ImageFolderOptions options) {
    Target t = target(options, false);
    if (decodedBytes(t) > options.memoryBudget()) {
      throw new DataException(root + ": decodes to " + mb(decodedBytes(t)) + ", over the " + mb(options.memoryBudget())
          + " memory budget; translation data is held in memory (raise --data-memory)");
    }
    TrainingData d = load(options);
    return (ImageDataset) d;
  }

  /** What {@code gan4j data --check} and {@code gan4j train} print before anything else runs. */
  public String summary(ImageFolderOptions options) {
    StringBuilder s = new StringBuilder();
    s.append(root).append(": ").append(String.format(Locale.ROOT, "%,d", files.size())).append(" images");
    if (labels != null) {
      s.append(", ").append(classNames.size()).append(classNames.size() == 1 ? " class from " : " classes from ").append(labelOrigin);
      int[] counts = new int[classNames.size()];
      for (int l : labels) {
        counts[l]++;
      }
      s.append("\n  classes: ").append(IntStream.range(0, counts.length)
          .mapToObj(k -> classNames.get(k) + " " + String.format(Locale.ROOT, "%,d", counts[k])).collect(Collectors.joining(" · ")));
    } else {
      s.append(", no labels");
    }
    s.append("\n  sizes: ").append(tally(headers.stream().map(h -> h.width() + "x" + h.height()).toList()));
    s.append("\n  formats: ").append(tally(headers.stream().map(h -> h.format().toString()).toList()))
        .append(" · ").append(tally(headers.stream().map(h -> h.channels() == 1 ? "grey" : "colour").toList()));
    try {
      Target t = target(options, true);
      s.append("\n  to ").append(t.size).append('x').append(t.size).append('x').append(t.channels).append(": ")
          .append(describeFit(t, options.fit()));
      long bytes = decodedBytes(t);
      s.append("\n  memory: ").append(mb(bytes)).append(" decoded (uint8); ").append(bytes <= options.memoryBudget()
          ? "within the " + mb(options.memoryBudget()) + " budget: decoded once, held in the graph"
          : "over the " + mb(options.memoryBudget()) + " budget: streamed from disk, each step decodes its batch");
    } catch (DataException e) {
      s.append("\n  cannot train yet: ").append(e.getMessage());
    }
    s.append("\n  bad files: ").append(bad.isEmpty() ? "none" : bad.size() + (options.skipBadImages() ? " (skipped)" : ""));
    if (!ignored.isEmpty()) {
      s.append("\n  ignored: ").append(ignored.size()).append(" files that are not images, e.g. ").append(root.relativize(ignored.get(0)));
    }
    return s.toString();
  }

  private record Target(int size, int channels, boolean resampled) {}

  /** Training size and channels from the options or, when they leave them open, from the images. */
  private Target target(ImageFolderOptions options, boolean lenient) {
    if (files.isEmpty()) {
      throw new DataException(root + ": no readable images (" + bad.size() + " bad)");
    }
    int channels = options.channels();
    if (channels == 0) {
      long grey = headers.stream().filter(h -> h.channels() == 1).count();
      if (grey != 0 && grey != headers.size()) {
        int firstGrey = IntStream.range(0, headers.size()).filter(i -> headers.get(i).channels() == 1).findFirst().getAsInt();
        int firstColour = IntStream.range(0, headers.size()).filter(i -> headers.get(i).channels() == 3).findFirst().getAsInt();
        throw new DataException("mixed channel counts: " + grey + " grey images (e.g. " + files.get(firstGrey) + ") and "
            + (headers.size() - grey) + " colour (e.g. " + files.get(firstColour) + "); pass --channels 1 or --channels 3");
      }
      channels = grey == 0 ? 3 : 1;
    }
    Set<String> sizes = new TreeSet<>();
    headers.forEach(h -> sizes.add(h.width() + "x" + h.height()));
    int size = options.imageSize();
    if (size == 0) {
      ImageHeader h0 = headers.get(0);
      if (sizes.size() != 1 || h0.width() != h0.height()) {
        throw new DataException("images of " + (sizes.size() == 1 ? "the non-square size " : sizes.size() + " sizes ")
            + sizes.stream().limit(3).collect(Collectors.joining(", ")) + (sizes.size() > 3 ? ", ..." : "")
            + "; pass --image-size S (and --fit crop|pad|stretch|center)");
      }
      size = h0.width();
    }
    int s = size;
    boolean resampled = headers.stream().anyMatch(h -> h.width() != s || h.height() != s);
    return new Target(size, channels, resampled);
  }

  private FolderDecoder decoder(Target t, ImageFolderOptions options) {
    return new FolderDecoder(t.size, t.channels, options.fit(), t.resampled, half);
  }

  private long decodedBytes(Target t) {
    return (long) files.size() * t.size * t.size * t.channels;
  }

  /** The first ten skipped files by name, then how many in all. */
  private static void warnSkipped(List<BadImage> skipped, int kept) {
    skipped.stream().limit(10).forEach(b -> LOG.warning("skipped " + b));
    if (!skipped.isEmpty()) {
      LOG.warning("skipped " + skipped.size() + " bad files; training on " + kept + " images");
    }
  }

  private void refuseBad(List<BadImage> found, ImageFolderOptions options) {
    if (found.isEmpty() || options.skipBadImages()) {
      return;
    }
    String more = found.size() == 1 ? "" : "; and " + (found.size() - 1) + " more bad files (gan4j data --check lists them)";
    throw new DataException(found.get(0) + more + "; --skip-bad-images trains on the other images");
  }

  private String describeFit(Target t, Fit fit) {
    if (!t.resampled) {
      return "already that size, used as they are";
    }
    String s = t.size + "x" + t.size;
    return switch (fit) {
      case CROP -> "crop the centred square, resample to " + s + " (fit crop; antialiased bilinear)";
      case PAD -> "pad with black to a centred square, resample to " + s + " (fit pad; antialiased bilinear)";
      case STRETCH -> "resample to " + s + ", aspect ratio not kept (fit stretch; antialiased bilinear)";
      case CENTER -> "crop or pad with black around the centre to " + s + ", no resampling (fit center)";
    };
  }

  private static String tally(List<String> values) {
    Map<String, Integer> counts = new TreeMap<>();
    values.forEach(v -> counts.merge(v, 1, Integer::sum));
    List<Map.Entry<String, Integer>> byCount = new ArrayList<>(counts.entrySet());
    byCount.sort(Map.Entry.<String, Integer>comparingByValue(Collections.reverseOrder()));
    Map<String, Integer> top = new LinkedHashMap<>();
    byCount.stream().limit(5).forEach(e -> top.put(e.getKey(), e.getValue()));
    return top.entrySet().stream().map(e -> e.getKey() + " (" + String.format(Locale.ROOT, "%,d", e.getValue()) + ")")
        .collect(Collectors.joining(", ")) + (byCount.size() > 5 ? ", and " + (byCount.size() - 5) + " more" : "");
  }

  private static String mb(long bytes) {
    return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }

  static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Labels from a {@code path,label} CSV: integer labels are used as they are, names are numbered in sorted order. */
  record CsvLabels(List<Path> files, int[] labels, List<String> classNames) {

    static CsvLabels read(Path csv, Path root, List<BadImage> bad) {
      List<String> lines;
      try {
        lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new DataException(csv + ": unreadable labels file (" + e.getMessage() + ")", e);
      }
      List<Path> files = new ArrayList<>();
      List<String> names = new ArrayList<>();
      Set<Path> seen = new java.util.HashSet<>();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i).strip();
        if (line.isEmpty() || (i == 0 && line.toLowerCase(Locale.ROOT).startsWith("path,"))) {
          continue;
        }
        int comma = line.lastIndexOf(',');
        if (comma <= 0 || comma == line.length() - 1) {
          throw new DataException(csv + ":" + (i + 1) + ": expected path,label, got '" + line + "'");
        }
        Path file = root.resolve(line.substring(0, comma).strip()).normalize();
        String label = line.substring(comma + 1).strip();
        if (!seen.add(file)) {
          throw new DataException(csv + ":" + (i + 1) + ": " + file + " is labelled twice");
        }
        if (!Files.isRegularFile(file)) {
          bad.add(new BadImage(file, "named on line " + (i + 1) + " of " + csv.getFileName() + ", no such file"));
          continue;
        }
        files.add(file);
        names.add(label);
      }
      if (files.isEmpty()) {
        throw new DataException(csv + ": no rows naming existing images");
      }
      boolean numeric = names.stream().allMatch(n -> n.matches("\\d{1,6}"));
      List<String> classes;
      int[] labels;
      if (numeric) {
        labels = names.stream().mapToInt(Integer::parseInt).toArray();
        int k = IntStream.of(labels).max().getAsInt() + 1;
        classes = IntStream.range(0, k).mapToObj(Integer::toString).toList();
      } else {
        classes = List.copyOf(new TreeSet<>(names));
        labels = names.stream().mapToInt(classes::indexOf).toArray();
      }
      return new CsvLabels(files, labels, classes);
    }
  }
}
