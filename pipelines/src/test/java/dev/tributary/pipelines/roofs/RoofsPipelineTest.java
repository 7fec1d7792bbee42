package dev.tributary.pipelines.roofs;

import dev.tributary.pipelines.runtime.GraphContext;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.FlatMapElements;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole roofs job without a database: the real sample plus a broken file and a re-delivered
 * model, its sinks collecting. New versions reach the model sink, every rejected model, building
 * and plane reaches the dead letters, and at every level what was read is what was written plus
 * what was rejected.
 */
@ExtendWith(TestPipelineExtension.class)
class RoofsPipelineTest {
  private static List<SourceRecord> documents() throws Exception {
    List<SourceRecord> documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(RoofsFixtures.sample())) {
      for (Path file : files.sorted().toList()) {
        documents.add(SourceRecord.of(Location.file(file.toString(), 0), Files.readString(file)));
      }
    }
    String roof5 = Files.readString(RoofsFixtures.sample().resolve("roof_5.json"));
    documents.add(SourceRecord.of(Location.file("again/roof_5.json", 0), roof5));
    documents.add(SourceRecord.of(Location.file("broken.json", 0), roof5.substring(0, 500)));
    return documents;
  }

  @Test
  void everyPartReadIsWrittenOrRejectedAtEveryLevel(TestPipeline pipeline) throws Exception {
    List<SourceRecord> documents = documents();
    GraphContext context = GraphContext.of(pipeline, RoofModel.MODELS, documents);
    RoofsOptions options =
        PipelineOptionsFactory.fromArgs("--outputDir=/nowhere").as(RoofsOptions.class);
    new RoofsPipeline().build(pipeline, options, context);

    PCollection<RoofModel> written = context.written("WriteRoofs");
    PAssert.that(
            written.apply(
                "Installations",
                MapElements.into(TypeDescriptors.longs()).via(RoofModel::installationId)))
        .containsInAnyOrder(1L, 2L, 3L, 4L, 5L, 7L, 8L, 10L);
    PAssert.that(
            context
                .deadLetters()
                .apply(
                    "Steps",
                    MapElements.into(TypeDescriptors.strings())
                        .via(l -> l.getStep() + " " + l.getPath())))
        .containsInAnyOrder(
            "clean $.siteModel.buildings[1].mountingPlanes[0]", "version $", "parse ");

    // Read counts up, written and rejected count down: every level ends at zero.
    PCollection<KV<Long, Map<String, Long>>> partsRead = context.written("CountPartsRead");
    PCollection<KV<String, Long>> balance =
        PCollectionList.of(
                partsRead.apply(
                    "Read",
                    FlatMapElements.into(GraphContext.levelCounts())
                        .via(r -> GraphContext.signed(r.getValue(), 1))))
            .and(
                pipeline.apply(
                    "ModelsRead",
                    org.apache.beam.sdk.transforms.Create.of(
                        KV.of(RoofModel.MODELS, (long) documents.size()))))
            .and(
                written.apply(
                    "Written",
                    FlatMapElements.into(GraphContext.levelCounts())
                        .via(m -> GraphContext.signed(m.parts(), -1))))
            .and(
                context
                    .deadLetters()
                    .apply(
                        "Rejected",
                        FlatMapElements.into(GraphContext.levelCounts())
                            .via(
                                (DeadLetter l) ->
                                    GraphContext.signed(l.counts(RoofModel.MODELS), -1))))
            .apply(Flatten.pCollections())
            .apply(Sum.longsPerKey());
    PAssert.that(balance)
        .containsInAnyOrder(
            KV.of(RoofModel.MODELS, 0L),
            KV.of(RoofModel.BUILDINGS, 0L),
            KV.of(RoofModel.PLANES, 0L));
    pipeline.run().waitUntilFinish();
  }
}
