package dev.tributary.pipelines.energy;

import dev.tributary.pipelines.runtime.GraphContext;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
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

/** The whole graph without a database: every answer and every value ends written or rejected. */
@ExtendWith(TestPipelineExtension.class)
class EnergyPipelineTest {
  private static final String API = "http://127.0.0.1:8089";

  private static SourceRecord answer(String path, String body) {
    return SourceRecord.of(Location.request(API + path, 0), body);
  }

  private static final List<SourceRecord> ANSWERS =
      List.of(
          answer(
              "/public_power?country=de&start=2025-10-01&end=2025-10-01",
              """
              {"unix_seconds":[1759269600,1759270500,1759271400],
               "production_types":[{"name":"Wind onshore","data":[1,2,null]},
                                   {"name":"Solar","data":[0,0]}],"deprecated":false}"""),
          answer(
              "/price?bzn=DE-LU&start=2025-10-01&end=2025-10-01",
              """
              {"license_info":"CC BY 4.0","unix_seconds":[1759269600,1759270500],
               "price":[80.5,"x"],"unit":"EUR / MWh","deprecated":false}"""),
          answer(
              "/installed_power?country=de&time_step=yearly&installation_decommission=false",
              """
              {"time":["2024","2025"],"production_types":[{"name":"Solar DC","data":[90,100]}],
               "last_update":1756651767,"deprecated":false}"""),
          answer("/price?bzn=DE-LU&start=2025-10-02&end=2025-10-02", "Internal Server Error"));

  @Test
  void everyAnswerAndValueIsWrittenOrRejectedAtItsLevel(TestPipeline pipeline) {
    GraphContext context = GraphContext.of(pipeline, EnergyPipeline.RESPONSES, ANSWERS);
    EnergyOptions options = PipelineOptionsFactory.fromArgs().as(EnergyOptions.class);
    new EnergyPipeline().build(pipeline, options, context);

    PAssert.that(context.<RawResponse>written("WriteRawResponses").apply(Count.globally()))
        .containsInAnyOrder(3L);
    PCollection<PowerValue> power = context.written("WritePublicPower");
    PAssert.that(
            power.apply(
                "PowerKeys",
                MapElements.into(TypeDescriptors.strings())
                    .via(v -> v.getSeries() + " " + v.getIntervalStart() + " " + v.getValue())))
        .containsInAnyOrder(
            "wind_onshore 2025-09-30T22:00:00.000Z 1.0",
            "wind_onshore 2025-09-30T22:15:00.000Z 2.0",
            "wind_onshore 2025-09-30T22:30:00.000Z null");
    PAssert.that(
            context
                .deadLetters()
                .apply(
                    "Letters",
                    MapElements.into(TypeDescriptors.strings())
                        .via(l -> l.getStep() + " " + l.getPath() + " " + l.getCounts())))
        .containsInAnyOrder(
            "parse $.production_types[1].data {\"public_power\":2}",
            "parse $.price[1] {\"price\":1}",
            "parse  ");

    // Read counts up, written and rejected count down: every level ends at zero.
    PCollection<KV<Long, Map<String, Long>>> valuesRead = context.written("CountValuesRead");
    PCollection<KV<String, Long>> balance =
        PCollectionList.of(
                valuesRead.apply(
                    "Read",
                    FlatMapElements.into(GraphContext.levelCounts())
                        .via(r -> GraphContext.signed(r.getValue(), 1))))
            .and(
                pipeline.apply(
                    "AnswersRead",
                    Create.of(KV.of(EnergyPipeline.RESPONSES, (long) ANSWERS.size()))))
            .and(written(context, "WriteRawResponses", EnergyPipeline.RESPONSES))
            .and(written(context, "WritePublicPower", "public_power"))
            .and(written(context, "WritePrices", "price"))
            .and(written(context, "WriteInstalledPower", "installed_power"))
            .and(
                context
                    .deadLetters()
                    .apply(
                        "Rejected",
                        FlatMapElements.into(GraphContext.levelCounts())
                            .via(
                                (DeadLetter l) ->
                                    GraphContext.signed(l.counts(EnergyPipeline.RESPONSES), -1))))
            .apply(Flatten.pCollections())
            .apply(Sum.longsPerKey());
    PAssert.that(balance)
        .containsInAnyOrder(
            KV.of(EnergyPipeline.RESPONSES, 0L),
            KV.of("public_power", 0L),
            KV.of("price", 0L),
            KV.of("installed_power", 0L));
    pipeline.run().waitUntilFinish();
  }

  private static PCollection<KV<String, Long>> written(
      GraphContext context, String step, String level) {
    return context
        .written(step)
        .apply(step + "Count", Count.globally())
        .apply(
            step + "Signed",
            MapElements.into(GraphContext.levelCounts()).via((Long n) -> KV.of(level, -n)));
  }
}
