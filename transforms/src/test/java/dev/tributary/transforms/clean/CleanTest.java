package dev.tributary.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Ride;
import dev.tributary.transforms.SourceLine;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class CleanTest {
  private static final Clean<Ride> CLEAN =
      Clean.<Ride>create()
          .withNormalizer(ride -> ride.withRegion(Names.placeName(ride.getRegion())))
          .withRule(Rules.required("region", Ride::getRegion))
          .withRule(
              ride ->
                  ride.getRegion().equals(Names.placeName(ride.getRegion()))
                      ? null
                      : "region not normalised: " + ride.getRegion())
          .withRule(Rules.onEarth("origin", Ride::getOrigin))
          .withRule(Rules.onEarth("destination", Ride::getDestination));

  @BeforeEach
  void failWhenAPipelineIsNotRun(TestPipeline pipeline) {
    pipeline.enableAbandonedNodeEnforcement(true);
  }

  private static KV<SourceLine, Ride> parsed(long offset, Ride ride) {
    return KV.of(SourceLine.of("rides.csv", offset, "raw line at " + offset), ride);
  }

  private static Ride ride(String region, double originLon, double destinationLat) {
    return Ride.of("r", region, originLon, 50.0, 14.42, destinationLat, "2018-05-28 09:03:40");
  }

  private static PCollectionTuple clean(TestPipeline pipeline, List<KV<SourceLine, Ride>> records) {
    return pipeline
        .apply(
            Create.of(records)
                .withCoder(
                    KvCoder.of(
                        Coders.of(pipeline, SourceLine.class), Coders.of(pipeline, Ride.class))))
        .apply(CLEAN);
  }

  private static PCollection<String> reasons(PCollectionTuple result) {
    return result
        .get(DeadLetters.TAG)
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason));
  }

  @Test
  void normalisesBeforeTheRulesRun(TestPipeline pipeline) {
    PCollectionTuple result = clean(pipeline, List.of(parsed(0, ride("  nEW   york", 14.5, 50.0))));

    PAssert.that(result.get(CLEAN.cleanTag()).apply(Values.create()))
        .containsInAnyOrder(ride("New York", 14.5, 50.0));
    PAssert.that(result.get(DeadLetters.TAG)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void keepsTheSourceLineOfACleanRecord(TestPipeline pipeline) {
    KV<SourceLine, Ride> input = parsed(42, ride("Praha", 14.5, 50.0));
    PCollectionTuple result = clean(pipeline, List.of(input));

    PAssert.that(result.get(CLEAN.cleanTag())).containsInAnyOrder(input);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rulesSeeTheNormalisedValue(TestPipeline pipeline) {
    PCollectionTuple result = clean(pipeline, List.of(parsed(0, ride(" \t\u00A0 ", 14.5, 50.0))));

    PAssert.that(reasons(result)).containsInAnyOrder("missing region");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void reportsTheFirstRuleBroken(TestPipeline pipeline) {
    PCollectionTuple result =
        clean(
            pipeline,
            List.of(parsed(0, ride("Praha", 181, 91)), parsed(1, ride("Praha", 14.5, 91))));

    PAssert.that(reasons(result))
        .containsInAnyOrder(
            "origin out of range: " + ride("Praha", 181, 91).getOrigin(),
            "destination out of range: " + ride("Praha", 14.5, 91).getDestination());
    pipeline.run().waitUntilFinish();
  }

  @Test
  void deadLetterKeepsTheRawLineAndItsOrigin(TestPipeline pipeline) {
    PCollectionTuple result = clean(pipeline, List.of(parsed(77, ride("Praha", 200, 50.0))));

    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(
            DeadLetter.of(
                "rides.csv",
                77,
                0,
                "clean",
                "origin out of range: " + ride("Praha", 200, 50.0).getOrigin(),
                "raw line at 77"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyRecordComesOutCleanOrRejected(TestPipeline pipeline) {
    PCollectionTuple result =
        clean(
            pipeline,
            List.of(
                parsed(0, ride("praha", 14.5, 50.0)),
                parsed(1, ride("", 14.5, 50.0)),
                parsed(2, ride("Brno", -181, 50.0)),
                parsed(3, ride("Brno", 16.6, Double.NaN)),
                parsed(4, ride("brno", 16.6, 49.2))));
    PCollection<Long> cleanCount = result.get(CLEAN.cleanTag()).apply("CountClean", Count.globally());
    PCollection<Long> rejectedCount = result.get(DeadLetters.TAG).apply("CountRejected", Count.globally());

    PAssert.thatSingleton(cleanCount).isEqualTo(2L);
    PAssert.thatSingleton(rejectedCount).isEqualTo(3L);
    PAssert.that(
            PCollectionList.of(
                    result.get(CLEAN.cleanTag())
                        .apply("OffsetOfClean", MapElements.into(TypeDescriptors.longs()).via(kv -> kv.getKey().getOffset())))
                .and(
                    result.get(DeadLetters.TAG)
                        .apply("OffsetOfRejected", MapElements.into(TypeDescriptors.longs()).via(DeadLetter::getOffset)))
                .apply(Flatten.pCollections()))
        .containsInAnyOrder(0L, 1L, 2L, 3L, 4L);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesToRunWithoutRules() {
    Pipeline pipeline = Pipeline.create();
    PCollection<KV<SourceLine, Ride>> records =
        pipeline.apply(
            Create.empty(
                KvCoder.of(Coders.of(pipeline, SourceLine.class), Coders.of(pipeline, Ride.class))));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> records.apply(Clean.<Ride>create()));
    assertEquals("Clean needs at least one rule: call withRule(...)", e.getMessage());
  }
}
