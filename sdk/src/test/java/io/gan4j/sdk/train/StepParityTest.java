package io.gan4j.sdk.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.recipes.Recipe;
import io.gan4j.sdk.recipes.Recipes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Step parity with PyTorch: one full gan4j training step (n_dis D updates, the G update, EMA) on
 * tiny networks equals the same step written independently in PyTorch
 * ({@code tools/reference/step_reference.py}), quantity by quantity: D and G losses, G's images,
 * every gradient each optimiser applies, and every variable after the step (weights, spectral-norm
 * u, batch-norm moving statistics, Adam slots and β powers, EMA copies, step counters). See
 * {@link StepParity} for the metric. Runs only where {@code /usr/bin/python3 -c "import torch"}
 * works. {@code -Dparity.keep=DIR} keeps the dumps in DIR instead of a temporary directory.
 *
 * <p>Each check starts from a trained state, not from initialisation: one ordinary warm-up step first,
 * so Adam's slots, β powers, u and the moving statistics hold non-trivial values (then
 * {@link #OVERRIDES}).
 */
class StepParityTest {
  @TempDir static Path tmp;

  private static final Map<String, Path> DUMPS = new HashMap<>();

  @BeforeAll
  static void needsTorch() {
    assumeTrue(StepParity.torchAvailable(), "/usr/bin/python3 with torch is not available");
  }

  /** 64 random 16×16×1 images, labelled 0..3 when {@code labelled}. */
  static ImageDataset data(boolean labelled) {
    byte[] pixels = new byte[64 * 16 * 16];
    new Random(11).nextBytes(pixels);
    int[] labels = new int[64];
    for (int i = 0; i < 64; i++) {
      labels[i] = i % 4;
    }
    return new ImageDataset(labelled ? "toy16-labelled" : "toy16", 64, 16, 16, 1, pixels, labelled ? labels : null);
  }

  /** The dcgan recipe (BN in G, LeakyReLU 0.2 D, non-saturating, Adam β (0.5, 0.999), EMA) at tiny widths. */
  static TrainConfig dcgan() {
    List<Integer> shape = data(false).elementShape();
    Recipe r = Recipes.DCGAN;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 16).build())
        .batch(8).steps(10).emaStart(1).build();
  }

  /**
   * dcgan with spectral norm in G too: SN on G's dense stem, transposed convs (u on cin, gan4j's
   * {@code [k·k·filters, cin]} reshape) and output conv, and G's u written by G's update pass.
   */
  static TrainConfig dcganSpectralNormG() {
    List<Integer> shape = data(false).elementShape();
    Recipe r = Recipes.DCGAN;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8).spectralNorm(true).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 16).spectralNorm(true).build())
        .batch(8).steps(10).emaStart(1).build();
  }

  /** The sngan recipe (spectral norm in D with u updates, refine convs, LeakyReLU 0.1, hinge) at tiny widths. */
  static TrainConfig sngan() {
    List<Integer> shape = data(false).elementShape();
    Recipe r = Recipes.SNGAN;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 16).build())
        .batch(8).steps(10).build();
  }

  /**
   * The conditional sagan recipe at tiny widths: ResNet G and D, spectral norm everywhere (dense,
   * conv, embeddings, conditional-BN gains), self-attention at 8×8 in both, conditional BN on a
   * shared class embedding, projection D, hinge, TTUR (G 1e-4, D 4e-4, β (0, 0.9)), EMA; 4 classes.
   */
  static TrainConfig sagan() {
    List<Integer> shape = data(true).elementShape();
    Recipe r = Recipes.SAGAN;
    return r.config("toy16-labelled", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 16, 8).classes(4).build())
        .discriminator(r.discriminator(shape).newBuilder().widths(8, 16).classes(4).build())
        .batch(8).steps(10).emaStart(1).build();
  }

  /**
   * The unetgan recipe at tiny widths: the sagan-style ResNet G (SN, BN, no classes or attention), the
   * U-Net D (residual encoder 8, 16 with a global logit; decoder: nearest ×2, conv, concatenation
   * with the encoder features of that resolution, conv; per-pixel 1×1 logits), SN everywhere, hinge
   * on both heads ({@code UNetPixelLoss}), TTUR, EMA. Its CutMix term is gated by a warm-up of 1,000
   * D steps, so it is inactive (variant 0) at the harness's D step 2: not covered here.
   */
  static TrainConfig unetgan() {
    List<Integer> shape = data(false).elementShape();
    Recipe r = Recipes.UNETGAN;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 16, 8).build())
        .discriminator(r.discriminator(shape).newBuilder().widths(8, 16).build())
        .batch(8).steps(10).emaStart(1).build();
  }

  /**
   * The biggan recipe at tiny widths, 4 classes: BigGAN G (hierarchical z in 3 chunks of 32, shared
   * plain 128-d class embedding, conditional BN on [shared(y), z_i] with SN gain/bias, SN everywhere,
   * self-attention at 8×8), the SAGAN projection D (SN ResNet 8, 16, attention at 8×8), hinge, n_dis 2,
   * Adam G 5e-5 / D 2e-4 β (0, 0.999), orthogonal regularisation β 1e-4 on G, EMA.
   */
  static TrainConfig biggan() {
    List<Integer> shape = data(true).elementShape();
    Recipe r = Recipes.BIGGAN;
    TrainConfig.Builder b = r.config("toy16-labelled", shape);
    io.gan4j.sdk.nets.BigGanGenerator g = (io.gan4j.sdk.nets.BigGanGenerator) b.build().generator();
    return b.generator(new io.gan4j.sdk.nets.BigGanGenerator(g.zDim(), 4, g.sharedDim(), List.of(16, 16, 8), g.attention(), shape))
        .discriminator(r.discriminator(shape).newBuilder().widths(8, 16).classes(4).build())
        .batch(8).steps(10).emaStart(1).build();
  }

  /**
   * The wgan-gp recipe for images at tiny widths: the DCGAN G (BN, transposed convs) and a critic of
   * the same shape without BN or SN (LeakyReLU 0.2, no refine convs), Wasserstein loss, gradient
   * penalty λ 10 on per-sample interpolates (ε dumped from the graph), Adam 1e-4 β (0, 0.9), n_dis 5.
   */
  static TrainConfig wganGp() {
    List<Integer> shape = data(false).elementShape();
    Recipe r = Recipes.WGAN_GP;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 16).build())
        .batch(8).steps(10).build();
  }

  /**
   * The wgan recipe for images at tiny widths: the wgan-gp networks, Wasserstein loss, RMSProp 5e-5
   * (TF's ApplyRMSProp: decay 0.9, ε 1e-10 inside the root, no momentum) for both players, the
   * critic's weights clipped to [−0.01, 0.01] after each update, n_dis 5.
   */
  static TrainConfig wgan() {
    List<Integer> shape = data(false).elementShape();
    Recipe r = Recipes.WGAN;
    return r.config("toy16", shape)
        .generator(r.generator(shape).newBuilder().widths(16, 8, 8).build())
        .discriminator(r.discriminator(shape).newBuilder().stemWidth(8).widths(8, 16).build())
        .batch(8).steps(10).build();
  }

  /**
   * {@link #sagan()} with the {@code --conditioning} of {@code TrainCommand}: {@code ac} or {@code adc}
   * make D unconditional (no projection) and add the classifier term (λ 1) on its pooled features.
   */
  static TrainConfig saganConditionedBy(io.gan4j.sdk.gan.Term term) {
    TrainConfig s = sagan();
    return s.newBuilder().discriminator(s.discriminator().withClasses(0)).terms(List.of(term)).build();
  }

  /**
   * State set after the warm-up: attention's γ starts at 0, which hides the attention branch from
   * every gradient but γ's (0.5 instead); an EMA that has just copied the weights changes by about
   * one float32 ulp in a step, below what 1e-4 can judge (0 instead, so the step's average is
   * (1 − decay)·w and its formula is checked at 1e-4).
   */
  static final Map<String, Float> OVERRIDES = Map.of("[GD]_attn\\d+_gamma", 0.5f, ".*_ema", 0f);

  /**
   * Dumps gan4j's step for {@code config} once per test class (warm-up 1 step, then {@link #OVERRIDES}).
   */
  private static synchronized Path dump(String name, TrainConfig config, ImageDataset data) {
    return DUMPS.computeIfAbsent(name, n -> {
      Path root = Path.of(System.getProperty("parity.keep", tmp.toString())).resolve(n);
      StepDump.run(config, data, root.resolve("java"), 1, OVERRIDES);
      return root;
    });
  }

  /** Compares gan4j's dump in {@code root} with the reference (changed by {@code perturb}, see step_reference.py). */
  private static List<StepParity.Row> check(String name, Path root, String... perturb) {
    List<String> args = new java.util.ArrayList<>();
    for (String p : perturb) {
      args.addAll(List.of("--perturb", p));
    }
    String suffix = perturb.length == 0 ? "" : "-" + String.join("-", perturb);
    Path java = root.resolve("java");
    Path ref32 = root.resolve("torch32" + suffix);
    Path ref64 = root.resolve("torch64" + suffix);
    Path upd64 = root.resolve("torch64-update" + suffix);
    StepParity.reference(java, ref32, args.toArray(String[]::new));
    args.add("--float64");
    StepParity.reference(java, ref64, args.toArray(String[]::new));
    args.add("--grads-from-java");
    StepParity.reference(java, upd64, args.toArray(String[]::new));
    List<StepParity.Row> rows = StepParity.compare(java, ref32, ref64, upd64);
    System.out.println(StepParity.table(name + (perturb.length == 0 ? "" : " (reference perturbed: "
        + String.join(", ", perturb) + ")"), rows));
    return rows;
  }

  private static void assertParity(List<StepParity.Row> rows) {
    List<StepParity.Row> failing = rows.stream().filter(r -> !r.passes()).toList();
    assertThat(failing).as(() -> "quantities off the PyTorch reference:\n" + failing.stream()
        .map(r -> String.format("  %s: |gan4j - ref64| = %.3e > allowed %.3e (rel %.3e)", r.file(), r.absErr(), r.allowed(), r.vs64()))
        .collect(Collectors.joining("\n"))).isEmpty();
  }

  @Test
  void dcganStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("dcgan", dump("dcgan", dcgan(), data(false)));
    assertThat(rows).extracting(StepParity.Row::kind).contains("d_loss", "g_loss", "grads D", "grads G",
        "weights after D", "weights after G", "BN stats", "Adam slots D", "Adam slots G", "EMA", "step counters");
    assertParity(rows);
  }

  @Test
  void dcganWithSpectralNormInGAndDStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("dcgan-sn", dump("dcgan-sn", dcganSpectralNormG(), data(false)));
    assertThat(rows).extracting(StepParity.Row::file).contains("after/G_up1_w_sn_u.npy", "after/G_stem_w_sn_u.npy",
        "after/D_stem_w_sn_u.npy");
    assertParity(rows);
  }

  @Test
  void snganStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("sngan", dump("sngan", sngan(), data(false)));
    assertThat(rows).extracting(StepParity.Row::kind).contains("SN u", "grads D", "weights after D");
    assertParity(rows);
  }

  /** n_dis = 2 (a D-only run, then the full step) and linear learning-rate decay, on the sngan recipe. */
  @Test
  void twoDStepsAndLinearDecayMatchPyTorch() {
    TrainConfig c = sngan().newBuilder().nDis(2).lrDecay("linear").build();
    List<StepParity.Row> rows = check("sngan-ndis2", dump("sngan-ndis2", c, data(false)));
    assertThat(rows).extracting(StepParity.Row::file).contains("dstep0/grad/D_stem_w.npy", "dstep1/grad/D_stem_w.npy");
    assertParity(rows);
  }

  @Test
  void conditionalSaganStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("sagan", dump("sagan", sagan(), data(true)));
    assertThat(rows).extracting(StepParity.Row::file).contains("gstep/grad/G_attn8_theta_w.npy",
        "dstep0/grad/D_attn8_phi_w.npy", "dstep0/grad/D_embed_w.npy", "gstep/grad/G_embed_w.npy",
        "after/G_up1_bn1_gain_w_sn_u.npy", "after/D_embed_w_sn_u.npy");
    assertParity(rows);
  }

  @Test
  void unetganStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("unetgan", dump("unetgan", unetgan(), data(false)));
    assertThat(rows).extracting(StepParity.Row::file).contains("dstep0/grad/D_up1_conv2_w.npy",
        "dstep0/grad/D_pixel_out_w.npy", "gstep/grad/G_up1_conv1_w.npy", "after/D_up2_conv1_w_sn_u.npy",
        "after/G_up2_conv2_w_ema.npy");
    assertParity(rows);
  }

  @Test
  void bigganStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("biggan", dump("biggan", biggan(), data(true)));
    assertThat(rows).extracting(StepParity.Row::file).contains("dstep0/grad/D_embed_w.npy", "dstep1/grad/D_embed_w.npy",
        "gstep/grad/G_shared_embed_w.npy", "gstep/grad/G_up2_bn1_gain_w.npy", "gstep/grad/G_attn8_o_w.npy",
        "after/G_up1_bn2_bias_w_sn_u.npy");
    assertParity(rows);
  }

  @Test
  void wganGpStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("wgan-gp", dump("wgan-gp", wganGp(), data(false)));
    assertThat(rows).extracting(StepParity.Row::file).contains("dstep0/grad/D_stem_w.npy", "dstep4/grad/D_out_w.npy",
        "dstep4/d_loss.npy");
    assertParity(rows);
  }

  @Test
  void wganStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("wgan", dump("wgan", wgan(), data(false)));
    assertThat(rows).extracting(StepParity.Row::kind).contains("RMSProp slots D", "RMSProp slots G");
    assertParity(rows);
  }

  /** AC-GAN's classifier term (Odena et al. 2017) on the sagan networks, D without projection. */
  @Test
  void saganWithAuxiliaryClassifierStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("sagan-ac", dump("sagan-ac",
        saganConditionedBy(new io.gan4j.sdk.gan.terms.AuxiliaryClassifier(1f)), data(true)));
    assertThat(rows).extracting(StepParity.Row::file).contains("dstep0/grad/D_ac_w.npy", "after/D_ac_w_sn_u.npy");
    assertParity(rows);
  }

  /** ADC-GAN's 2K-way classifier term (Hou et al. 2022) on the sagan networks, D without projection. */
  @Test
  void saganWithAuxiliaryDiscriminativeClassifierStepMatchesPyTorch() {
    List<StepParity.Row> rows = check("sagan-adc", dump("sagan-adc",
        saganConditionedBy(new io.gan4j.sdk.gan.terms.AuxiliaryDiscriminativeClassifier(1f)), data(true)));
    assertThat(rows).extracting(StepParity.Row::file).contains("dstep0/grad/D_adc_w.npy", "after/D_adc_w_sn_u.npy");
    assertParity(rows);
  }

  /**
   * What the PyTorch defaults would change, one convention at a time (see step_reference.py
   * --perturb): prints the tables and the quantities that fail. Not a check of gan4j; runs only with
   * {@code -Dparity.sensitivity=true} (nine reference runs per network).
   */
  @Test
  void sensitivityToPyTorchConventions() {
    assumeTrue(Boolean.getBoolean("parity.sensitivity"), "-Dparity.sensitivity=true runs this");
    for (String net : List.of("sngan", "sagan")) {
      Path root = net.equals("sngan") ? dump("sngan", sngan(), data(false))
          : dump("sagan", sagan(), data(true));
      for (String p : List.of("torch-adam", "unbiased-bn", "sn-torch-eps", "no-sn-update")) {
        List<StepParity.Row> rows = check(net, root, p);
        System.out.println(net + " --perturb " + p + ": " + rows.stream().filter(r -> !r.passes())
            .map(r -> String.format("%s (%.2fx allowed)", r.file(), r.ratio())).collect(Collectors.joining(", ")));
      }
    }
  }

  /** The harness can fail: a reference with LeakyReLU slope 0.21 instead of 0.2 is caught. */
  @Test
  void aWrongLeakySlopeInTheReferenceIsCaught() {
    List<StepParity.Row> rows = check("dcgan", dump("dcgan", dcgan(), data(false)), "leaky-slope");
    assertThat(rows.stream().filter(r -> !r.passes()).map(StepParity.Row::kind).distinct())
        .contains("grads D", "grads G", "weights after D", "weights after G");
  }
}
