package io.gan4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.gan4j.sdk.data.DatasetExport;
import io.gan4j.sdk.data.Shapes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder example runs as its Javadoc says, on a small exported folder. */
class TrainOnFolderTest {

  @Test
  void trainsOnAFolderAndWritesTheRun(@TempDir Path dir) throws Exception {
    Path images = dir.resolve("shapes-png");
    DatasetExport.toFolder(Shapes.generate(64, 2), List.of("circle", "square", "triangle"), images);
    Path run = dir.resolve("run");
    TrainOnFolder.main(new String[] {images.toString(), run.toString(), "10"});
    assertThat(run.resolve("samples.png")).isRegularFile();
    assertThat(Files.readString(run.resolve("config.json"))).contains("\"fit\" : \"CROP\"").contains("\"imageSize\" : 32");
  }
}
