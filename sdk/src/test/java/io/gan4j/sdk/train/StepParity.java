package io.gan4j.sdk.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The comparison half of the step-parity harness: runs the PyTorch reference
 * ({@code tools/reference/step_reference.py}) on what {@link StepDump} wrote and compares every
 * quantity. The reference runs three times: in float64 ({@code ref64}, the reference proper), in
 * float32 ({@code ref32}, which measures how far float32 arithmetic alone lands from exact) and in
 * float64 applying gan4j's own gradients in the updates ({@code upd64}, which checks the update
 * rule alone).
 *
 * <p>The metric, per tensor (all elements of one file): {@code rel(a, r) = max|a − r| / max|r|},
 * the largest absolute difference relative to the largest magnitude of the reference tensor. For
 * losses, gradients and images the tensor is the quantity itself. For a variable after the step it
 * is the variable's change in the step, {@code after − before} (the same absolute error, but judged
 * against the size of the update: a weight that moves by 2e-4 with a 50 % wrong update is still
 * within 1e-4 of its value; the brief's value-relative number is reported too). A tensor passes when
 *
 * <pre>
 *   max|gan4j − ref64| ≤ max(1e-4 · max|ref64|,  4 ulp,  min(10 · max|ref32 − ref64|,  1e-4 · group scale))
 * </pre>
 *
 * <ul>
 *   <li>1e-4 relative to its own scale (the rule for every well-conditioned tensor);
 *   <li>4 ulp: float32 ulps of the variable's largest value (after the step): a float32 variable
 *       cannot store a change finer than that (an EMA of a weight near 1 moves by 2e-7, one ulp);
 *   <li>for a tensor whose value float32 arithmetic itself cannot pin down (ref32 lands further than
 *       1e-5 from ref64: gradients that are zero in exact arithmetic, such as a bias right before a
 *       batch norm, or sums of O(1) terms that cancel to 1e-5), ten times that float32 noise, but
 *       never looser than 1e-4 of the largest tensor of its group (same quantity kind and player;
 *       Adam m, v and β powers are separate groups), so a broken float32 run cannot widen the
 *       tolerance without bound.
 * </ul>
 *
 * <p>A parameter whose gradient is judged by its float32 noise has no well-defined value after the
 * step: Adam turns a noise gradient into a step of about the learning rate in the direction of the
 * noise. Its change, its Adam slots' and its EMA's are judged against {@code upd64} instead (the
 * update applied to the gradient gan4j actually had): {@code ≤ max(1e-4 · max|upd64 change|, 4 ulp)}.
 * So is a variable whose change float32 itself cannot pin down ({@code ref32} misses the bound above):
 * Adam divides each gradient element by its own root mean square, so an element 1e-6 of its tensor's
 * largest, whose float32 rounding is a few per cent of it, moves the weight by a few per cent of the
 * learning rate although the gradient passes at 1e-4 of its scale (sagan + ADC, {@code D_attn8_o_w}:
 * PyTorch float32 lands 6.3e-7 from float64 where 4 ulp allow 2.4e-7). Its gradient is still judged
 * against {@code ref64} and its update rule against {@code upd64}.
 * Integer counters must be equal.
 */
final class StepParity {

  static final double TOLERANCE = 1e-4;
  static final double NOISE_FACTOR = 10;
  static final int ROUNDING_ULPS = 4;
  static final String PYTHON = "/usr/bin/python3";

  /** How a tensor was judged. */
  enum Judged {
    /** Within 1e-4 of ref64 relative to its own scale. */
    TOLERANCE,
    /** Within 4 float32 ulps of the variable's largest value (its change is below float32 resolution at 1e-4). */
    ULP,
    /** By its float32 noise (see the class comment). */
    NOISE,
    /** Against the update of gan4j's own gradient (upd64), its gradient being noise. */
    UPDATE,
    /** Integer, must be equal. */
    EXACT
  }

  /**
   * One compared tensor: {@code vs64}, {@code vs32}, {@code noise32} and {@code vsUpdate} are
   * {@code rel} of gan4j vs ref64, gan4j vs ref32, ref32 vs ref64 and gan4j vs upd64 on the compared
   * quantity (the change, for a variable after the step); {@code valueRel} is gan4j vs ref64 on the
   * variable's value after the step. NaN where not applicable.
   */
  record Row(String kind, String file, double vs32, double vs64, double noise32, double vsUpdate, double valueRel,
      double absErr, double allowed, Judged judged) {
    boolean passes() {
      return absErr <= allowed;
    }

    /** The error over what is allowed: at most 1 passes. */
    double ratio() {
      return absErr == 0 ? 0 : absErr / allowed;
    }
  }

  private StepParity() {}

  static boolean torchAvailable() {
    try {
      Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code tools/reference/step_reference.py}, found from the working directory (a module or the repository root). */
  static Path script() {
    Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      Path s = d.resolve("tools/reference/step_reference.py");
      if (Files.isRegularFile(s)) {
        return s;
      }
    }
    throw new IllegalStateException("tools/reference/step_reference.py not found above " + dir);
  }

  /** Runs the reference on {@code java} into {@code out} with extra arguments; fails with its output on error. */
  static void reference(Path java, Path out, String... args) {
    List<String> cmd = new ArrayList<>(List.of(PYTHON, script().toString()));
    cmd.addAll(List.of(args));
    cmd.add(java.toString());
    cmd.add(out.toString());
    try {
      Path log = Files.createTempFile("step-reference", ".log");
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("OPENBLAS_NUM_THREADS", "1");
      pb.environment().put("OMP_NUM_THREADS", "1");
      Process p = pb.start();
      if (!p.waitFor(600, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("the reference timed out: " + String.join(" ", cmd));
      }
      String output = Files.readString(log);
      Files.deleteIfExists(log);
      if (p.exitValue() != 0) {
        throw new IllegalStateException("the reference failed (" + String.join(" ", cmd) + "):\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The kind of quantity a file holds, from its path relative to the dump directory. */
  static String kind(String file) {
    String f = file.replace('\\', '/').replaceAll("\\.npy$", "");
    String name = f.substring(f.lastIndexOf('/') + 1);
    if (f.endsWith("/d_loss")) {
      return "d_loss";
    }
    if (f.endsWith("/g_loss")) {
      return "g_loss";
    }
    if (f.endsWith("/fake")) {
      return "G images";
    }
    if (f.contains("/grad/")) {
      return "grads " + name.charAt(0);
    }
    if (name.startsWith("train_")) {
      return "step counters";
    }
    if (name.endsWith("_sn_u")) {
      return "SN u";
    }
    if (name.endsWith("_moving_mean") || name.endsWith("_moving_var")) {
      return "BN stats";
    }
    if (name.contains("_adam_")) {
      return "Adam slots " + name.charAt(0);
    }
    if (name.contains("_rmsprop_")) {
      return "RMSProp slots " + name.charAt(0);
    }
    if (name.endsWith("_ema")) {
      return "EMA";
    }
    return "weights after " + name.charAt(0);
  }

  /** The group whose largest tensor caps a tensor's float32-noise allowance. */
  static String group(String file) {
    String k = kind(file);
    if (k.startsWith("Adam")) {
      return k + (file.contains("_power") ? " power" : file.contains("_adam_m") ? " m" : " v");
    }
    if (k.startsWith("RMSProp")) {
      return k + (file.contains("_rmsprop_ms") ? " ms" : " mom");
    }
    return k;
  }

  /** The trainable variable an after-step file belongs to (itself, its Adam slots, its EMA), or null. */
  static String parameterOf(String file) {
    String f = file.replace('\\', '/').replaceAll("\\.npy$", "");
    if (!f.startsWith("after/")) {
      return null;
    }
    String kind = kind(file);
    if (!kind.startsWith("weights") && !kind.startsWith("Adam") && !kind.startsWith("RMSProp") && !kind.equals("EMA")) {
      return null;
    }
    return f.substring("after/".length()).replaceAll("(_adam_m|_adam_v|_rmsprop_ms|_rmsprop_mom|_ema)$", "");
  }

  /**
   * Compares every file of {@code ref64} with gan4j's (shapes must agree; every variable gan4j has must
   * be in the reference too); see the class comment for the rules.
   */
  static List<Row> compare(Path java, Path ref32, Path ref64, Path upd64) {
    /** A compared tensor: what is compared (values, or changes of a variable) and its scale after the step. */
    record Loaded(String rel, boolean integer, double[] j, double[] r32, double[] r64, double[] u64, double valueRel,
        double ulps64, double ulpsU64) {}
    List<Loaded> loaded = new ArrayList<>();
    Map<String, Double> groupScale = new LinkedHashMap<>();
    // With β1 = 0 ApplyAdam's m += (g − m)(1 − β1) is m ← g: the new m does not depend on the old one,
    // so it is compared on its value (the gradient), not on a "change" g − m_old that can be much
    // smaller than g and would amplify the gradient's float32 rounding.
    boolean overwritesM = Trainer.readConfig(java).beta1() == 0f;
    List<Path> files;
    try (Stream<Path> s = Files.walk(ref64)) {
      files = s.filter(p -> p.toString().endsWith(".npy")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path f : files) {
      String rel = ref64.relativize(f).toString();
      Path jf = java.resolve(rel);
      if (!Files.exists(jf)) {
        throw new AssertionError("the reference wrote " + rel + " but gan4j has no such quantity");
      }
      NpyFiles.Array j = NpyFiles.read(jf);
      NpyFiles.Array r64 = NpyFiles.read(f);
      NpyFiles.Array r32 = NpyFiles.read(ref32.resolve(rel));
      if (!Arrays.equals(j.shape(), r64.shape()) || !Arrays.equals(j.shape(), r32.shape())) {
        throw new AssertionError(rel + ": gan4j shape " + Arrays.toString(j.shape()) + ", reference "
            + Arrays.toString(r64.shape()));
      }
      boolean integer = j.descr().startsWith("<i");
      boolean variable = rel.replace('\\', '/').startsWith("after/");
      double[] u64 = variable ? NpyFiles.read(upd64.resolve(rel)).values() : null;
      double[] jv = j.values();
      double[] v64 = r64.values();
      double[] v32 = r32.values();
      double valueRel = variable ? rel(jv, v64) : Double.NaN;
      double ulps64 = integer ? 0 : ROUNDING_ULPS * Math.ulp((float) maxAbs(v64));
      double ulpsU64 = u64 == null ? 0 : ROUNDING_ULPS * Math.ulp((float) maxAbs(u64));
      if (variable && !integer && !(overwritesM && rel.replace('\\', '/').endsWith("_adam_m.npy"))) { // compare the change in the step
        double[] before = NpyFiles.read(java.resolve(rel.replaceFirst("^after", "before"))).values();
        jv = minus(jv, before);
        v64 = minus(v64, before);
        v32 = minus(v32, before);
        u64 = minus(u64, before);
      }
      loaded.add(new Loaded(rel, integer, jv, v32, v64, u64, valueRel, ulps64, ulpsU64));
      groupScale.merge(group(rel), maxAbs(v64), Math::max);
    }
    try (Stream<Path> s = Files.walk(java.resolve("after"))) {
      for (Path p : s.filter(p -> p.toString().endsWith(".npy")).toList()) {
        String rel = java.relativize(p).toString();
        if (!Files.exists(ref64.resolve(rel))) {
          throw new AssertionError("gan4j has " + rel + " but the reference did not produce it");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<Row> rows = new ArrayList<>();
    java.util.Set<String> noisyGradients = new java.util.HashSet<>();
    for (boolean afterStep : new boolean[] {false, true}) { // gradients first: they decide how updates are judged
      for (Loaded l : loaded) {
        if (l.rel().startsWith("after") != afterStep) {
          continue;
        }
        double vsUpdate = l.u64() == null ? Double.NaN : rel(l.j(), l.u64());
        Judged judged;
        double abs;
        double allowed;
        String parameter = parameterOf(l.rel());
        double own = Math.max(TOLERANCE * maxAbs(l.r64()), l.ulps64()); // the bound at the tensor's own scale
        double noise32 = maxAbsDiff(l.r32(), l.r64());
        if (l.integer()) {
          judged = Judged.EXACT;
          abs = maxAbsDiff(l.j(), l.r64());
          allowed = 0;
        } else if (parameter != null && l.u64() != null && (noisyGradients.contains(parameter)
            || noise32 > own)) {
          judged = Judged.UPDATE;
          abs = maxAbsDiff(l.j(), l.u64());
          allowed = Math.max(TOLERANCE * maxAbs(l.u64()), l.ulpsU64());
        } else {
          double noiseAllowance = Math.min(NOISE_FACTOR * noise32, TOLERANCE * groupScale.get(group(l.rel())));
          judged = noiseAllowance > own ? Judged.NOISE
              : l.ulps64() > TOLERANCE * maxAbs(l.r64()) ? Judged.ULP : Judged.TOLERANCE;
          abs = maxAbsDiff(l.j(), l.r64());
          allowed = Math.max(own, noiseAllowance);
          if (judged == Judged.NOISE && l.rel().contains("/grad/")) {
            noisyGradients.add(l.rel().substring(l.rel().lastIndexOf('/') + 1).replaceAll("\\.npy$", ""));
          }
        }
        rows.add(new Row(kind(l.rel()), l.rel(), rel(l.j(), l.r32()), rel(l.j(), l.r64()), rel(l.r32(), l.r64()),
            vsUpdate, l.valueRel(), abs, allowed, judged));
      }
    }
    return rows;
  }

  private static double[] minus(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] - b[i];
    }
    return out;
  }

  /** The worst row per kind, as a printable table, then every tensor not judged at 1e-4 of its own scale. */
  static String table(String title, List<Row> rows) {
    Map<String, List<Row>> byKind = new LinkedHashMap<>();
    for (String k : List.of("d_loss", "g_loss", "G images", "grads D", "grads G", "weights after D", "weights after G",
        "SN u", "BN stats", "Adam slots D", "Adam slots G", "RMSProp slots D", "RMSProp slots G", "EMA",
        "step counters")) {
      byKind.put(k, new ArrayList<>());
    }
    rows.forEach(r -> byKind.computeIfAbsent(r.kind(), k -> new ArrayList<>()).add(r));
    StringBuilder sb = new StringBuilder();
    sb.append("step parity: ").append(title).append('\n');
    sb.append(String.format("%-16s %4s %9s %9s %9s %9s %9s %4s %5s %4s %9s  %s%n", "quantity", "n", "rel ref64",
        "rel ref32", "ref32/64", "rel upd64", "value rel", "ulp", "noise", "upd", "err/allow", "worst tensor (err/allow)"));
    for (Map.Entry<String, List<Row>> e : byKind.entrySet()) {
      List<Row> rs = e.getValue();
      if (rs.isEmpty()) {
        continue;
      }
      List<Row> plain = rs.stream().filter(r -> r.judged() == Judged.TOLERANCE || r.judged() == Judged.EXACT).toList();
      Row worst = rs.stream().max(Comparator.comparingDouble(Row::ratio)).orElseThrow();
      sb.append(String.format("%-16s %4d %9.2e %9.2e %9.2e %9s %9s %4d %5d %4d %9.3f  %s%s%n", e.getKey(), rs.size(),
          plain.stream().mapToDouble(Row::vs64).max().orElse(0), plain.stream().mapToDouble(Row::vs32).max().orElse(0),
          plain.stream().mapToDouble(Row::noise32).max().orElse(0),
          worstOf(rs.stream().mapToDouble(Row::vsUpdate)), worstOf(rs.stream().mapToDouble(Row::valueRel)),
          rs.stream().filter(r -> r.judged() == Judged.ULP).count(),
          rs.stream().filter(r -> r.judged() == Judged.NOISE).count(),
          rs.stream().filter(r -> r.judged() == Judged.UPDATE).count(),
          worst.ratio(), worst.file(), worst.passes() ? "" : "  FAILS"));
    }
    sb.append("rel ref64, rel ref32: worst max|gan4j - r| / max|r| over the tensors judged at 1e-4 of their own scale"
        + " (ulp, noise and upd excluded), r = the PyTorch step in float64, float32; for variables after the step on their"
        + " change in the step. ref32/64: the same for the float32 step against the float64 one. rel upd64: worst over all"
        + " tensors against the float64 update of gan4j's own gradients. value rel: worst over all variables on their"
        + " value after the step. ulp, noise, upd: tensors judged by the 4-ulp floor, by their float32 noise, or by the"
        + " update alone (the last two listed below). err/allow: worst error / allowed (<= 1 passes)\n");
    rows.stream().filter(r -> r.judged() == Judged.NOISE || r.judged() == Judged.UPDATE).forEach(r -> sb.append(
        String.format("  %-6s %-38s rel ref64 %.2e  ref32/64 %.2e  rel upd64 %s  value rel %s  err/allow %.3f%n",
            r.judged() == Judged.NOISE ? "noise" : "update", r.file(), r.vs64(), r.noise32(),
            Double.isNaN(r.vsUpdate()) ? "-" : String.format("%.2e", r.vsUpdate()),
            Double.isNaN(r.valueRel()) ? "-" : String.format("%.2e", r.valueRel()), r.ratio())));
    return sb.toString();
  }

  private static String worstOf(java.util.stream.DoubleStream values) {
    double w = values.filter(d -> !Double.isNaN(d)).max().orElse(Double.NaN);
    return Double.isNaN(w) ? "-" : String.format("%9.2e", w);
  }

  static double maxAbs(double[] a) {
    double m = 0;
    for (double x : a) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  static double maxAbsDiff(double[] a, double[] b) {
    double m = 0;
    for (int i = 0; i < a.length; i++) {
      double d = Math.abs(a[i] - b[i]);
      m = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(m, d);
    }
    return m;
  }

  /** max|a − r| / max|r| (0 when both are all zero). */
  static double rel(double[] a, double[] r) {
    double d = maxAbsDiff(a, r);
    double s = maxAbs(r);
    return d == 0 ? 0 : s == 0 ? Double.POSITIVE_INFINITY : d / s;
  }
}
