package io.gan4j.tools;

import io.gan4j.sdk.recipes.Recipe;
import io.gan4j.sdk.gan.FeatureConditioned;
import io.gan4j.sdk.gan.InstanceFeatures;
import io.gan4j.savedmodels.InstanceSetup;
import io.gan4j.sdk.recipes.Recipes;
import io.gan4j.savedmodels.FeatureModel;
import io.gan4j.savedmodels.FeatureScorer;
import io.gan4j.sdk.data.ImageDataset;
import io.gan4j.sdk.data.ImageFolderOptions;
import io.gan4j.sdk.metrics.Evaluation;
import io.gan4j.sdk.train.PeriodicEvaluation;
import io.gan4j.sdk.data.TrainingData;
import io.gan4j.sdk.data.StackedDomains;
import io.gan4j.sdk.data.TranslationSources;
import io.gan4j.sdk.gan.Term;
import io.gan4j.sdk.gan.terms.AuxiliaryClassifier;
import io.gan4j.sdk.gan.terms.AuxiliaryDiscriminativeClassifier;
import io.gan4j.sdk.gan.terms.GradientPenalty;
import io.gan4j.sdk.gan.terms.R1Penalty;
import io.gan4j.sdk.train.ModelSummary;
import io.gan4j.sdk.train.TrainConfig;
import io.gan4j.sdk.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code gan4j train}: trains a preset on a dataset into a run directory, or resumes one.
 *
 * <p>Usage: {@code gan4j train --model mlp --data grid25 --seed 2 --out runs/grid-2}
 */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train a GAN and write a run directory (samples, checkpoints, events, metrics.json).")
final class TrainCommand implements Callable<Integer> {

  @Option(names = "--model", defaultValue = "dcgan", description = "dcgan | sngan | sagan | biggan | biggan-deep | logan | icgan | unetgan | wgan | wgan-gp | mlp | dcgan32 | sagan32 | csgan | cyclegan (default: ${DEFAULT-VALUE})")
  String model;

  @Option(names = "--data", defaultValue = "fashion-mnist",
      description = "fashion-mnist | ring8 | grid25 | shapes | PATH to IDX files | DIR of images (default: ${DEFAULT-VALUE});"
          + " csgan/cyclegan: fmnist-edges (the default for them) or, with --paired, DIR of pairs (DIR/A + DIR/B, or side-by-side images)")
  String data;

  @Option(names = "--paired", description = "csgan/cyclegan: --data DIR holds aligned pairs (DIR/A and DIR/B with matching names, or A|B side by side)")
  boolean paired;

  @Option(names = "--data-a", description = "csgan/cyclegan: folder of domain A images (unpaired, with --data-b)")
  Path dataA;

  @Option(names = "--data-b", description = "csgan/cyclegan: folder of domain B images (unpaired, with --data-a)")
  Path dataB;

  @Option(names = "--lambda-cs", description = "csgan/cyclegan: weight of the cyclic-synthesized loss per direction (csgan 30, cyclegan 0)")
  Float lambdaCs;

  @Option(names = "--identity", description = "csgan/cyclegan: weight of the identity loss per direction (default 0 = off; CycleGAN's is 5)")
  Float identity;

  @Option(names = "--steps", description = "G steps (default: the preset's)")
  Long steps;

  @Option(names = "--batch", description = "batch size (default: the preset's)")
  Integer batch;

  @Option(names = "--seed", defaultValue = "1", description = "seed of weights, z and data order (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--out", description = "run directory (default: runs/<model>-<data>)")
  Path out;

  @Option(names = "--loss", description = "minimax | non-saturating | hinge | wasserstein | least-squares")
  String loss;

  @Option(names = "--lr-g", description = "G learning rate")
  Float lrG;

  @Option(names = "--lr-d", description = "D learning rate")
  Float lrD;

  @Option(names = "--beta1", description = "Adam beta1")
  Float beta1;

  @Option(names = "--beta2", description = "Adam beta2")
  Float beta2;

  @Option(names = "--n-dis", description = "D steps per G step (default: 1)")
  Integer nDis;

  @Option(names = "--lr-decay", description = "none | linear (to 0 at --steps) (default: the preset's)")
  String lrDecay;

  @Option(names = "--ema", description = "decay of the moving average of G's weights used for samples; 0 = off (default: the preset's)")
  Float ema;

  @Option(names = "--checkpoint-every", description = "steps between checkpoints (default: 1000)")
  Integer checkpointEvery;

  @Option(names = "--classes", description = "classes of a conditional sagan (0 = unconditional; default: the preset's);"
      + " icgan: class conditioning on top over this many classes (default: instances only)")
  Integer classes;

  @Option(names = "--attention", split = ",", description = "feature resolutions with self-attention in G and D, e.g. 16; 'none' for none (sagan)")
  List<String> attention;

  @Option(names = "--sn-g", arity = "1", description = "spectral norm in G: true | false (default: the preset's)")
  Boolean snG;

  @Option(names = "--sn-g-embedding", description = "spectral norm on G's shared class embedding (conditional sagan): on (with "
      + "the rest of G, the default) | off (BigGAN-PyTorch's plain nn.Embedding; the gain and bias layers keep theirs)")
  String snGEmbedding;

  @Option(names = "--sn-d", arity = "1", description = "spectral norm in D: true | false (default: the preset's)")
  Boolean snD;

  @Mixin
  WidthOptions widths;

  @Mixin
  ImageFolderFlags folder;

  @Mixin
  PrecisionOption precision;

  @Option(names = "--ema-start", description = "step from which G's moving average averages (a copy before; default: the preset's)")
  Long emaStart;

  @Option(names = "--mixing", description = "sample mixing for D: none | mixup | cutmix | srmix (default: none)")
  String mixing;

  @Option(names = "--mix-alpha", defaultValue = "1.0", description = "λ ~ Beta(α, α) (default: ${DEFAULT-VALUE})")
  float mixAlpha;

  @Option(names = "--mix-sigma", defaultValue = "0.25", description = "SRMix edge smoothing, relative to the box side (default: ${DEFAULT-VALUE})")
  float mixSigma;

  @Option(names = "--mix-prob", defaultValue = "1.0", description = "probability that a D step adds the mixed loss (default: ${DEFAULT-VALUE})")
  float mixProb;

  @Option(names = "--mix-warmup", defaultValue = "0", description = "D steps before mixing starts (default: ${DEFAULT-VALUE})")
  long mixWarmup;

  @Option(names = "--eval-every", description = "score FID and KID every N steps into metrics.json and TensorBoard (off by default)")
  Integer evalEvery;

  @Option(names = "--eval-every-minutes", description = "score FID and KID every M (decimal) minutes of training time, evaluations"
      + " not counted, and at the end (instead of --eval-every; off by default)")
  Double evalEveryMinutes;

  @Option(names = "--eval-n", defaultValue = "2000", description = "samples per --eval-every(-minutes) evaluation (default: ${DEFAULT-VALUE})")
  int evalN;

  @Option(names = "--max-minutes", description = "stop cleanly (checkpoint, summary.json, export) after M (decimal) minutes of training"
      + " in this invocation, time in --eval-every(-minutes) evaluations not counted (default: no limit; --steps still ends it)")
  Double maxMinutes;

  @Option(names = "--features", description = "feature network SavedModel for --eval-every and for icgan's instance features"
      + " (default: the shipped one)")
  Path features;

  @Option(names = "--neighbours", description = "icgan: nearest neighbours per instance (default: the recipe's, 50)")
  Integer neighbours;

  @Option(names = "--optimizer", description = "adam | rmsprop, for both players (default: the recipe's)")
  String optimizer;

  @Option(names = "--clip-d", description = "clip D's weights to [-C, C] after every D update, as WGAN does (default: off)")
  Float clipD;

  @Option(names = "--conditioning", description = "how a conditional model's D uses the class: projection | ac (AC-GAN "
      + "classifier, no projection) | adc (ADC-GAN classifier over real and generated classes, no projection) | projection+adc "
      + "(default: the recipe's, projection)")
  String conditioning;

  @Option(names = "--cond-lambda", description = "weight of the ac / adc classifier term (default: 1, as PyTorch-StudioGAN)")
  Float condLambda;

  @Option(names = "--gp", description = "gradient penalty weight λ on interpolates (WGAN-GP), added to any recipe; 0 removes it "
      + "(default: the recipe's: 10 for wgan-gp, none otherwise)")
  Float gp;

  @Option(names = "--r1", description = "R1 penalty weight γ on real data, added to any recipe; 0 removes it (default: the recipe's: none)")
  Float r1;

  @Option(names = "--dry-run", description = "print the parameter counts per network and the analytic FLOPs per step; train nothing, write nothing")
  boolean dryRun;

  @Option(names = "--image-every", description = "write the sample grid to TensorBoard every N steps (default: off)")
  Integer imageEvery;

  @Mixin
  PlacementOptions placement;

  @Option(names = "--resume", description = "continue the run in --out from its newest checkpoint (its config.json wins; --steps may extend it)")
  boolean resume;

  @Override
  public Integer call() {
    requireMinutes("--max-minutes", maxMinutes);
    if (evalEveryMinutes != null && evalEvery != null) {
      throw new IllegalArgumentException("--eval-every and --eval-every-minutes exclude each other: score by steps or by minutes");
    }
    requireMinutes("--eval-every-minutes", evalEveryMinutes);
    Path dir = out != null ? out : Path.of("runs", model + "-" + Path.of(data).getFileName());
    TrainConfig config;
    if (resume) {
      if (!Files.exists(dir.resolve(Trainer.CONFIG_FILE))) {
        throw new io.gan4j.sdk.train.CheckpointException("cannot resume: " + dir + " is not a gan4j run directory (no config.json)");
      }
      TrainConfig saved = Trainer.readConfig(dir);
      config = steps == null ? saved : saved.newBuilder().steps(steps).build();
    } else {
      Recipe preset = Recipes.named(model);
      if (preset.translates()) {
        return trainTranslation(preset, dir);
      }
      if (paired || dataA != null || dataB != null || lambdaCs != null || identity != null) {
        throw new IllegalArgumentException("--paired, --data-a, --data-b, --lambda-cs and --identity apply to csgan and cyclegan, not " + model);
      }
      if (loss != null) {
        io.gan4j.ops.loss.GanLoss.named(loss); // fail on a bad --loss before loading any data
      }
      ImageFolderOptions folderOptions = folder.toOptions();
      TrainingData probe = ImageFolderFlags.resolve(data, folderOptions, System.out);
      config = configure(preset, probe);
      if (ImageFolderFlags.isFolder(data)) {
        // The folder and how it was read are part of the run: a resume reads it the same way from anywhere.
        config = config.newBuilder().data(Path.of(data).toAbsolutePath().normalize().toString()).dataOptions(folderOptions).build();
      }
      if (config.generator() instanceof FeatureConditioned g) {
        InstanceFeatures wanted = g.instances();
        wanted = new InstanceFeatures(features != null ? features.toAbsolutePath().normalize().toString() : wanted.featureNetwork(),
            neighbours != null ? neighbours : wanted.k(), null, 0, 0, wanted.classes());
        if (dryRun) {
          return dryRunInstances(config, wanted, probe);
        }
        InstanceSetup.Prepared p = prepareInstances(wanted, probe, dir);
        return run(withInstances(config, p.features()), p.data(), dir);
      }
      return run(config, probe, dir);
    }
    if (config.translation() != null) {
      return run(config, new StackedDomains(TranslationSources.train(config.data(), config.dataOptions())), dir);
    }
    TrainingData data = ImageFolderFlags.resolve(config.data(), config.dataOptions(), System.out);
    if (config.generator() instanceof FeatureConditioned g) {
      // Reuses the instances the run computed (their key names the feature network, the data and N).
      InstanceSetup.Prepared p = prepareInstances(g.instances(), data, dir);
      if (!p.features().equals(g.instances())) {
        throw new IllegalStateException("the instances of " + dir + " changed: " + g.instances() + " in config.json, " + p.features()
            + " now");
      }
      data = p.data();
    }
    return run(config, data, dir);
  }

  /** csgan / cyclegan: the translation data, the recipe with the flags that apply to it, and the run. */
  private int trainTranslation(Recipe recipe, Path dir) {
    String spec;
    ImageFolderOptions options = null;
    if (dataA != null || dataB != null) {
      if (dataA == null || dataB == null || paired) {
        throw new IllegalArgumentException("unpaired data needs both --data-a and --data-b (and no --paired)");
      }
      options = folder.toOptions();
      spec = TranslationSources.unpaired(dataA, dataB);
    } else if (paired) {
      options = folder.toOptions();
      spec = TranslationSources.paired(Path.of(data));
    } else if (data.equals("fashion-mnist") || data.equals(TranslationSources.FMNIST_EDGES)) {
      spec = TranslationSources.FMNIST_EDGES; // --data's GAN default means the built-in translation task here
    } else {
      throw new IllegalArgumentException("--model " + recipe.id() + " trains on translation data: --data fmnist-edges, --data DIR --paired,"
          + " or --data-a DIR --data-b DIR; got --data " + data);
    }
    if (out == null) {
      dir = Path.of("runs", recipe.id() + "-" + (spec.equals(TranslationSources.FMNIST_EDGES) ? spec : "translation"));
    }
    for (Object o : new Object[] {attention, snG, snD, snGEmbedding, classes, conditioning, condLambda, gp, r1, mixing, nDis, ema, emaStart,
        clipD, loss, widths.gWidths, widths.dWidths, evalEvery, evalEveryMinutes, neighbours}) {
      if (o != null) {
        throw new IllegalArgumentException("--model " + recipe.id() + " takes the translation options (--steps, --batch, --seed, --lr-g,"
            + " --lr-d, --beta1, --beta2, --lr-decay, --optimizer, --checkpoint-every, --image-every, --lambda-cs, --identity);"
            + " a GAN option was given");
      }
    }
    io.gan4j.sdk.data.TranslationData domains = TranslationSources.train(spec, options);
    System.out.printf("gan4j: translation data %s: %d A images %s, %d B images %s, %s%n", domains.name(), domains.a().size(),
        domains.shapeA(), domains.b().size(), domains.shapeB(), domains.paired() ? "paired" : "unpaired");
    TrainConfig.Builder b = recipe.translation(spec, domains.shapeA(), domains.shapeB()).seed(seed).dataOptions(options);
    if (steps != null) b.steps(steps);
    if (batch != null) b.batch(batch);
    if (lrG != null) b.lrG(lrG);
    if (lrD != null) b.lrD(lrD);
    if (beta1 != null) b.beta1(beta1);
    if (beta2 != null) b.beta2(beta2);
    if (checkpointEvery != null) b.checkpointEvery(checkpointEvery);
    if (lrDecay != null) b.lrDecay(lrDecay);
    if (optimizer != null) b.optimizer(optimizerNamed(optimizer));
    TrainConfig c = b.build();
    if (lambdaCs != null || identity != null) {
      io.gan4j.sdk.translation.Translation t = c.translation();
      List<io.gan4j.sdk.translation.TranslationTerm> terms = new ArrayList<>(t.terms());
      if (lambdaCs != null) {
        terms.removeIf(x -> x instanceof io.gan4j.sdk.translation.CyclicSynthesized);
        if (lambdaCs > 0) terms.add(new io.gan4j.sdk.translation.CyclicSynthesized(lambdaCs));
      }
      if (identity != null) {
        terms.removeIf(x -> x instanceof io.gan4j.sdk.translation.IdentityLoss);
        if (identity > 0) terms.add(new io.gan4j.sdk.translation.IdentityLoss(identity));
      }
      c = c.newBuilder().translation(new io.gan4j.sdk.translation.Translation(t.generatorAB(), t.generatorBA(), t.discriminatorA(),
          t.discriminatorB(), terms, t.poolSize())).build();
    }
    if (dryRun) {
      System.out.printf("gan4j: dry run of %s on %s (batch %d, %d steps): nothing trained, nothing written%n", c.model(), domains.name(),
          c.batch(), c.steps());
      System.out.printf("  translation  %s%n", c.translation());
      return 0;
    }
    return run(c, new StackedDomains(domains), dir);
  }

  /**
   * A dry run of an IC-GAN recipe writes nothing and computes no features: the networks see a
   * placeholder table of zeros (as many instances, the feature network's width) in a temporary
   * directory, enough to count parameters and FLOPs.
   */
  private int dryRunInstances(TrainConfig config, InstanceFeatures wanted, TrainingData data) {
    if (!(data instanceof ImageDataset images)) {
      throw new IllegalArgumentException("--model icgan needs its training images in memory, got " + data.name());
    }
    int f;
    try (FeatureModel m = FeatureModel.load(InstanceSetup.featureNetwork(wanted))) {
      f = m.featureDimension();
    }
    int n = images.size();
    Path tmp = null;
    try {
      tmp = Files.createTempDirectory("gan4j-dry-icgan-");
      io.gan4j.sdk.metrics.Npy.write(tmp.resolve(InstanceFeatures.FEATURES_FILE), new long[] {n, f}, new float[n * f]);
      io.gan4j.sdk.metrics.Npy.write(tmp.resolve(io.gan4j.sdk.data.Neighbourhoods.FILE), new long[] {n, wanted.k()}, new int[n * wanted.k()]);
      io.gan4j.sdk.metrics.Npy.write(tmp.resolve(InstanceFeatures.LABELS_FILE), new long[] {n}, new int[n]);
      InstanceFeatures placeholder = new InstanceFeatures(wanted.featureNetwork(), wanted.k(), tmp.toString(), n, f, wanted.classes());
      TrainingData pairs = new io.gan4j.sdk.data.InstancePairs(images,
          new io.gan4j.sdk.data.Neighbourhoods.Result(n, wanted.k(), new int[n * wanted.k()]), wanted.classes() > 0);
      return run(withInstances(config, placeholder), pairs, Path.of("unused"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } finally {
      if (tmp != null) {
        for (String file : new String[] {InstanceFeatures.FEATURES_FILE, io.gan4j.sdk.data.Neighbourhoods.FILE, InstanceFeatures.LABELS_FILE}) {
          tmp.resolve(file).toFile().delete();
        }
        tmp.toFile().delete();
      }
    }
  }

  /** The config with its feature-conditioned G and D on the prepared instances. */
  static TrainConfig withInstances(TrainConfig config, InstanceFeatures f) {
    TrainConfig.Builder b = config.newBuilder();
    if (config.generator() instanceof FeatureConditioned g) {
      b.generator((io.gan4j.sdk.gan.GeneratorNetwork) g.withInstances(f));
    }
    if (config.discriminator() instanceof FeatureConditioned d) {
      b.discriminator((io.gan4j.sdk.gan.DiscriminatorNetwork) d.withInstances(f));
    }
    return b.build();
  }

  /** IC-GAN: features of every training image and their neighbours, under the run directory (computed once). */
  private static InstanceSetup.Prepared prepareInstances(InstanceFeatures wanted, TrainingData data, Path dir) {
    System.out.printf("gan4j: IC-GAN instances of %s: features from %s, %d neighbours each -> %s%n", data.name(),
        InstanceSetup.featureNetwork(wanted), wanted.k(), dir.resolve(InstanceSetup.DIR));
    InstanceSetup.Prepared p = InstanceSetup.prepare(wanted, data, dir);
    System.out.printf(!p.reused()
        ? "gan4j: %d instances, %d-d features (%.1f s), neighbourhoods (%.1f s)%n"
        : "gan4j: %d instances, %d-d features and neighbourhoods reused from the run directory%n",
        p.features().count(), p.features().dimension(), p.featureSeconds(), p.neighbourSeconds());
    return p;
  }

  private TrainConfig configure(Recipe recipe, TrainingData trainingData) {
    List<Integer> shape = trainingData.elementShape();
    TrainConfig.Builder b = recipe.config(data, shape).seed(seed);
    TrainConfig base = b.build();
    io.gan4j.sdk.gan.GeneratorNetwork gNet = base.generator();
    io.gan4j.sdk.gan.DiscriminatorNetwork dNet = base.discriminator();
    if (gNet instanceof io.gan4j.sdk.GeneratorSpec gs && dNet instanceof io.gan4j.sdk.DiscriminatorSpec ds) {
      io.gan4j.sdk.GeneratorSpec.Builder g = gs.newBuilder();
      io.gan4j.sdk.DiscriminatorSpec.Builder d = ds.newBuilder();
      if (attention != null) {
        List<Integer> res = attention.equals(List.of("none")) ? List.of()
            : attention.stream().map(TrainCommand::resolution).toList();
        g.attention(res);
        d.attention(res);
      }
      widths.applyTo(g, d);
      if (snG != null) g.spectralNorm(snG);
      if (snD != null) d.spectralNorm(snD);
      if (snGEmbedding != null) {
        if (gs.architecture() != io.gan4j.sdk.GeneratorSpec.Architecture.RESNET) {
          throw noEmbedding(recipe, trainingData);
        }
        switch (snGEmbedding) {
          case "on" -> g.plainEmbedding(false);
          case "off" -> g.plainEmbedding(true);
          default -> throw new IllegalArgumentException("--sn-g-embedding must be on or off, got '" + snGEmbedding + "'");
        }
        if (snGEmbedding.equals("on") && !g.build().spectralNorm()) {
          throw new IllegalArgumentException("--sn-g-embedding on needs spectral norm in G (the embedding follows --sn-g)");
        }
      }
      gNet = g.build();
      dNet = d.build();
    } else if (attention != null || snG != null || snD != null || snGEmbedding != null || widths.gWidths != null
        || widths.dWidths != null) {
      throw new IllegalArgumentException("--model " + recipe.id() + " builds its own networks (" + gNet.getClass().getSimpleName()
          + "); --attention, --sn-g, --sn-g-embedding, --sn-d, --g-widths and --d-widths apply to the GeneratorSpec/DiscriminatorSpec"
          + " recipes");
    }
    // A conditional recipe on labelled data has as many classes as the data, unless --classes says otherwise.
    Integer k = classes != null ? classes
        : gNet.conditional() && trainingData.classes() > 0 ? Integer.valueOf(trainingData.classes()) : null;
    if (k != null) {
      gNet = gNet.withClasses(k);
      dNet = dNet.withClasses(k);
    }
    if (snGEmbedding != null && !gNet.conditional()) {
      throw noEmbedding(recipe, trainingData);
    }
    if (condLambda != null && (conditioning == null || conditioning.equals("projection"))) {
      throw new IllegalArgumentException("--cond-lambda weighs the classifier of --conditioning ac, adc or projection+adc");
    }
    if (conditioning != null) {
      if (!gNet.conditional()) {
        throw new IllegalArgumentException("--conditioning needs a conditional model (classes > 0); " + recipe.id() + " on "
            + trainingData.name() + " is unconditional");
      }
      switch (conditioning) {
        case "projection" -> { }
        case "ac", "adc" -> dNet = dNet.withClasses(0);
        case "projection+adc" -> { }
        default -> throw new IllegalArgumentException("--conditioning must be projection, ac, adc or projection+adc, got '"
            + conditioning + "'");
      }
    }
    if (mixing != null) b.mixing(new io.gan4j.sdk.gan.terms.MixingConfig(mixing, mixAlpha, mixSigma, mixProb, mixWarmup));
    b.generator(gNet).discriminator(dNet);
    if (steps != null) b.steps(steps);
    if (batch != null) b.batch(batch);
    if (loss != null) b.loss(loss);
    if (lrG != null) b.lrG(lrG);
    if (lrD != null) b.lrD(lrD);
    if (beta1 != null) b.beta1(beta1);
    if (beta2 != null) b.beta2(beta2);
    if (nDis != null) b.nDis(nDis);
    if (checkpointEvery != null) b.checkpointEvery(checkpointEvery);
    if (lrDecay != null) b.lrDecay(lrDecay);
    if (optimizer != null) b.optimizer(optimizerNamed(optimizer));
    if (clipD != null) b.clipD(clipD);
    if (ema != null) b.emaDecay(ema);
    if (emaStart != null) b.emaStart(emaStart);
    TrainConfig c = b.build();
    Term classifier = conditioning == null ? null : switch (conditioning) {
      case "ac" -> new AuxiliaryClassifier(condLambda == null ? 1f : condLambda);
      case "adc", "projection+adc" -> new AuxiliaryDiscriminativeClassifier(condLambda == null ? 1f : condLambda);
      default -> null;
    };
    if (gp == null && r1 == null && classifier == null) {
      return c;
    }
    List<Term> terms = new ArrayList<>(c.terms());
    if (classifier != null) {
      terms.add(classifier);
    }
    replaceTerm(terms, GradientPenalty.class, gp, () -> new GradientPenalty(gp));
    replaceTerm(terms, R1Penalty.class, r1, () -> new R1Penalty(r1));
    return c.newBuilder().terms(terms).build();
  }

  private static IllegalArgumentException noEmbedding(Recipe recipe, TrainingData trainingData) {
    return new IllegalArgumentException("--sn-g-embedding needs a conditional sagan-style model (classes > 0); " + recipe.id()
        + " on " + trainingData.name() + " has no class embedding in G");
  }

  /** --gp / --r1: a weight replaces the recipe's term of that kind (or adds one), 0 removes it. */
  private static void replaceTerm(List<Term> terms, Class<? extends Term> kind, Float weight, java.util.function.Supplier<Term> term) {
    if (weight == null) {
      return;
    }
    if (weight < 0 || !Float.isFinite(weight)) {
      throw new IllegalArgumentException("--" + (kind == GradientPenalty.class ? "gp" : "r1") + " must be >= 0, got " + weight);
    }
    int at = terms.size();
    for (int i = terms.size() - 1; i >= 0; i--) {
      if (kind.isInstance(terms.get(i))) {
        terms.remove(i);
        at = i;
      }
    }
    if (weight > 0) {
      terms.add(Math.min(at, terms.size()), term.get());
    }
  }

  private static void printSummary(TrainConfig config, TrainingData data) {
    ModelSummary s = ModelSummary.of(config, data);
    System.out.printf("gan4j: dry run of %s on %s (batch %d, %d steps): nothing trained, nothing written%n",
        config.model(), data.name(), config.batch(), config.steps());
    System.out.printf("  generator      %,12d parameters  %s%n", s.generatorParameters(), config.generator());
    System.out.printf("  discriminator  %,12d parameters  %s%n", s.discriminatorParameters(), config.discriminator());
    System.out.printf("  state          %,12d values (batch-norm statistics, spectral-norm vectors, moving averages, optimiser slots)%n",
        s.stateValues());
    System.out.printf("  objective      %s%s%n", config.loss(), config.terms().isEmpty() ? "" : " + " + config.terms());
    System.out.printf("  step           %s, %d D step(s) per G step, %d step variant(s)%n",
        Double.isNaN(s.stepFlops()) ? "FLOPs not counted (the analytic count covers the built-in networks, FlopCount)"
            : String.format("%.2f GFLOP analytic (%d D update(s) on a real and a generated batch, one G update)", s.stepFlops() / 1e9,
                config.nDis()),
        config.nDis(), s.variants());
  }

  private static io.gan4j.sdk.train.OptimizerType optimizerNamed(String name) {
    return switch (name) {
      case "adam" -> io.gan4j.sdk.train.OptimizerType.ADAM;
      case "rmsprop" -> io.gan4j.sdk.train.OptimizerType.RMSPROP;
      default -> throw new IllegalArgumentException("--optimizer must be adam or rmsprop, got '" + name + "'");
    };
  }

  /** An optional minutes option, when given, is a finite number > 0. */
  private static void requireMinutes(String option, Double value) {
    if (value != null && !(value > 0 && Double.isFinite(value))) {
      throw new IllegalArgumentException(option + " must be a number of minutes > 0, got " + minutes(value));
    }
  }

  /** 0.5 as "0.5", 15.0 as "15": minutes as the user wrote them. */
  static String minutes(double m) {
    return Double.isFinite(m) ? java.math.BigDecimal.valueOf(m).stripTrailingZeros().toPlainString() : String.valueOf(m);
  }

  private static int resolution(String s) {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--attention takes feature resolutions such as 16,32 or 'none', got '" + s + "'");
    }
  }

  private int run(TrainConfig config, TrainingData trainingData, Path dir) {
    if (imageEvery != null) {
      if (imageEvery < 1) {
        throw new IllegalArgumentException("--image-every must be >= 1, got " + imageEvery);
      }
      if (!trainingData.isImage()) {
        throw new IllegalArgumentException("--image-every needs image data, " + trainingData.name() + " has points");
      }
      config = config.newBuilder().imageEvery(imageEvery).build();
    }
    if (dryRun) {
      printSummary(config, trainingData);
      return 0;
    }
    Trainer.Start start = resume ? Trainer.Start.RESUME : Trainer.Start.FRESH;
    java.time.Duration budget = maxMinutes == null ? null : java.time.Duration.ofNanos(Math.round(maxMinutes * 60e9));
    if (evalEvery == null && evalEveryMinutes == null) {
      TrainingRun.execute(config, trainingData, dir, start, new TrainingRun.Options(PeriodicEvaluation.NONE, budget,
          precision.sessionOptions(), placement.open(System.out), placement.resumeFlags()), System.out);
      return 0;
    }
    String evalOption = evalEvery != null ? "--eval-every" : "--eval-every-minutes";
    if (evalEvery != null && evalEvery < 1) {
      throw new IllegalArgumentException("--eval-every must be >= 1, got " + evalEvery);
    }
    // IC-GAN trains on (instance, neighbour) pairs; FID compares with the images themselves.
    TrainingData real = trainingData instanceof io.gan4j.sdk.data.InstancePairs p ? p.images() : trainingData;
    if (!(real instanceof ImageDataset images) || !images.elementShape().equals(List.of(32, 32, 1))) {
      throw new IllegalArgumentException(evalOption + " needs 32x32x1 image data for the feature network, "
          + trainingData.name() + " has " + trainingData.elementShape());
    }
    Evaluation.Options options = new Evaluation.Options(100, Math.min(1000, evalN), config.seed(), 3, 10);
    try (FeatureModel model = FeatureModel.load(features != null ? features : FeatureModel.defaultLocation())) {
      FeatureScorer scorer = FeatureScorer.create(model, images, evalN, config.seed(), Evaluation.parse("fid,kid"), options);
      PeriodicEvaluation evaluation = evalEvery != null ? new PeriodicEvaluation(evalEvery, scorer)
          : PeriodicEvaluation.everyMinutes(evalEveryMinutes, scorer);
      TrainingRun.execute(config, trainingData, dir, start, new TrainingRun.Options(evaluation, budget, precision.sessionOptions(),
          placement.open(System.out), placement.resumeFlags()), System.out);
    }
    return 0;
  }
}
