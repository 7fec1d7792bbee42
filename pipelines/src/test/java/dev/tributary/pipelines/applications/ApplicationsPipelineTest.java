package dev.tributary.pipelines.applications;

import dev.tributary.pipelines.runtime.GraphContext;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The whole graph without a database: every line read is one application, judged, numbered. */
@ExtendWith(TestPipelineExtension.class)
class ApplicationsPipelineTest {
  @TempDir Path dir;

  @Test
  void everyLineIsOneApplicationWithItsFileAndLine(TestPipeline pipeline) throws IOException {
    String header = "email,name,date_of_birth,mobile_no";
    List<String> lines =
        List.of(
            "ann@lee.com,Mrs. Ann Lee,02-01-1980,12345678",
            "bob@ray.org,Bob Ray,1980/02/30,1234567",
            "\"broken,Cy,2001-01-01,12345678");
    Path file = dir.resolve("drop.csv");
    Files.writeString(
        file, header + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    List<SourceRecord> records = new ArrayList<>();
    long offset = header.length() + 1;
    for (String line : lines) {
      records.add(SourceRecord.of(Location.file(file.toString(), offset), line, header));
      offset += line.length() + 1;
    }
    String sha256 = DroppedFiles.sha256(file.toString());
    GraphContext context = GraphContext.of(pipeline, ApplicationsPipeline.LEVEL, records);
    ApplicationsOptions options =
        PipelineOptionsFactory.fromArgs("--runDate=2026-12-05").as(ApplicationsOptions.class);
    new ApplicationsPipeline().build(pipeline, options, context);

    PAssert.that(
            context
                .<Application>written("WriteApplications")
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            a ->
                                (a.getFileSha256().equals(sha256) ? "" : "other file ")
                                    + a.getLine()
                                    + " "
                                    + a.getMembershipId()
                                    + " "
                                    + a.getReasons())))
        .containsInAnyOrder(
            "2 Lee_d0d2d ", // echo -n 19800102 | sha256sum → d0d2d…; DD-MM-YYYY: 2 January
            "3 null date_of_birth '1980/02/30' is no date: Invalid date 'FEBRUARY 30'; mobile_no"
                + " '1234567' is not 8 digits; email 'bob@ray.org' is not at a .com or .net domain",
            "4 null not a CSV record: unterminated quoted field (line breaks inside quotes are not"
                + " supported)");
    pipeline.run().waitUntilFinish();
  }
}
