package io.gan4j.savedmodels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The export contract from the outside: a separate JVM with only TensorFlow Java on its class path
 * (no gan4j class) loads the exported generator through the documented signatures and must get the
 * images gan4j's own generator makes.
 */
class PlainTensorFlowClientTest {
  @TempDir Path dir;

  @Test
  void aPlainTensorFlowJavaProcessGetsTheSameImages() throws Exception {
    Path run = GeneratorExportTest.trainedRun(dir, true);
    Path model = dir.resolve("model");
    GeneratorExport.fromRun(run, model);
    int count = 5;
    float[][] z = new float[count][100];
    Random r = new Random(11);
    Path zFile = dir.resolve("z.bin");
    try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(zFile))) {
      for (float[] row : z) {
        for (int i = 0; i < row.length; i++) {
          row[i] = (float) r.nextGaussian();
          out.writeFloat(row[i]);
        }
      }
    }
    float[] sampled;
    float[] fromZ;
    try (GeneratorModel g = GeneratorModel.load(model)) {
      sampled = g.generate(count, 21);
      fromZ = g.generate(z);
    }
    float[] inProcess;
    try (io.gan4j.sdk.train.TrainedGenerator g = io.gan4j.sdk.train.TrainedGenerator.open(run)) {
      inProcess = g.sample(21, count);
    }

    // Compile the client against TensorFlow Java alone and run it in a fresh JVM.
    List<String> tfJars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(p -> p.contains("tensorflow-core") || p.contains("javacpp") || p.contains("ndarray") || p.contains("protobuf-java"))
        .toList();
    assertThat(tfJars).noneMatch(p -> p.contains("gan4j"));
    Path src = dir.resolve("PlainClient.java");
    Files.copy(getClass().getResourceAsStream("/plain-client/PlainClient.java"), src);
    String cp = String.join(File.pathSeparator, tfJars);
    int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-cp", cp, "-d", dir.toString(), src.toString());
    assertThat(compiled).isZero();
    Path outFile = dir.resolve("out.bin");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", dir + File.pathSeparator + cp, "PlainClient", model.toString(), "21", Integer.toString(count),
        zFile.toString(), outFile.toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor()).as(log).isZero();
    int n = sampled.length;
    float[] theirs = new float[2 * n];
    try (DataInputStream in = new DataInputStream(Files.newInputStream(outFile))) {
      for (int i = 0; i < theirs.length; i++) {
        theirs[i] = in.readFloat();
      }
    }
    assertThat(GeneratorExportTest.maxAbsDiff(Arrays.copyOfRange(theirs, 0, n), inProcess)).isLessThanOrEqualTo(1e-5);
    assertThat(GeneratorExportTest.maxAbsDiff(Arrays.copyOfRange(theirs, 0, n), sampled)).isLessThanOrEqualTo(1e-5);
    assertThat(GeneratorExportTest.maxAbsDiff(Arrays.copyOfRange(theirs, n, 2 * n), fromZ)).isLessThanOrEqualTo(1e-5);
  }
}
