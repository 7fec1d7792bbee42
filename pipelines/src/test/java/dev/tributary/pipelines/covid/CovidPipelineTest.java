package dev.tributary.pipelines.covid;

import dev.tributary.pipelines.runtime.GraphContext;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole graph without a database: every day ends a row or a dead letter. */
@ExtendWith(TestPipelineExtension.class)
class CovidPipelineTest {
  private static final String API = "http://127.0.0.1:8089/country/singapore/status/confirmed";

  @Test
  void everyDayIsARowOrADeadLetter(TestPipeline pipeline) {
    List<SourceRecord> answers =
        List.of(
            SourceRecord.of(
                Location.request(API + "?from=2020-03-01T00:00:00Z", 0), CovidFixture.ANSWER),
            SourceRecord.of(Location.request(API + "?from=x", 0), "{\"message\":\"Not Found\"}"));
    GraphContext context = GraphContext.of(pipeline, CovidPipeline.ANSWERS, answers);
    CovidOptions options = PipelineOptionsFactory.create().as(CovidOptions.class);
    new CovidPipeline().build(pipeline, options, context);

    PAssert.that(
            context.<ConfirmedDay>written(
                "WriteConfirmedCases",
                d -> d.getCountryCode() + " " + d.getDay() + " " + d.getCases()))
        .containsInAnyOrder(
            "SG 2020-03-01 100",
            "SG 2020-03-02 110",
            "SG 2020-03-03 120",
            "SG 2020-03-04 115",
            "SG 2020-03-05 125",
            "SG 2020-03-06 135",
            "SG 2020-03-07 140",
            "SG 2020-03-08 150");
    PAssert.that(
            context
                .deadLetters()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(l -> l.getStep() + " " + l.getPath() + ": " + l.getReason())))
        .containsInAnyOrder(
            "parse $[9]: Cases is not a whole number: \"n/a\"",
            "parse : the answer is an error: Not Found");
    PAssert.that(
            context.<CovidAnswer>written("WriteRawResponses").apply("RawCount", Count.globally()))
        .containsInAnyOrder(1L);
    pipeline.run().waitUntilFinish();
  }
}
