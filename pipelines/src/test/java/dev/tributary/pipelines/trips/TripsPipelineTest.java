package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.pipelines.runtime.GraphContext;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.geo.GeoBucketKey;
import dev.tributary.transforms.geo.GeoPoint;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The whole trips graph between lines and sinks, on good and dirty lines. */
@ExtendWith(TestPipelineExtension.class)
class TripsPipelineTest {
  private static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource";

  private static TripsOptions options(String... args) {
    return PipelineOptionsFactory.fromArgs(args).as(TripsOptions.class);
  }

  private static PCollection<SourceRecord> lines(
      TestPipeline pipeline, String header, String... rows) {
    List<SourceRecord> lines = new ArrayList<>();
    long offset = header.length() + 1;
    for (String row : rows) {
      lines.add(SourceRecord.of(Location.of("trips.csv", offset), row, header));
      offset += row.length() + 1;
    }
    return pipeline.apply(Create.of(lines).withCoder(Coders.of(pipeline, SourceRecord.class)));
  }

  @Test
  void parsesNormalisesAndBucketsTrips(TestPipeline pipeline) {
    TripSteps.Graph graph =
        TripSteps.apply(
            lines(
                pipeline,
                HEADER,
                "  prague ,POINT (14.4973794438195 50.00136875782316),POINT (14.43109483523328 50.04052930943246),2018-05-28 09:03:40, Funny Car"),
            options());

    PAssert.that(graph.trips().apply(Values.create()))
        .containsInAnyOrder(
            Trip.of(
                "Prague",
                GeoPoint.of(14.4973794438195, 50.00136875782316),
                GeoPoint.of(14.43109483523328, 50.04052930943246),
                java.time.Instant.parse("2018-05-28T09:03:40Z").toEpochMilli(),
                "funny_car",
                Location.of("trips.csv", HEADER.length() + 1).id())); // the line it was read from
    PAssert.that(graph.trips().apply(Keys.create()))
        .satisfies(
            keys -> {
              GeoBucketKey key = keys.iterator().next();
              assertEquals("Prague", key.getGroup());
              assertEquals(18, key.getTimeBucket()); // 09:03 in the 09:00-09:30 bucket
              assertEquals(
                  19449L << 32 | 14000L,
                  key.getOriginCell()); // 0.01° cell (19449, 14000) from (-180, -90)
              return null;
            });
    PAssert.that(graph.deadLetters()).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void similarTripsShareABucketAndOthersDoNot(TestPipeline pipeline) {
    TripSteps.Graph graph =
        TripSteps.apply(
            lines(
                pipeline,
                HEADER,
                "Prague,POINT (14.401 50.051),POINT (14.451 50.081),2018-05-07 08:01:00,funny_car",
                "Prague,POINT (14.409 50.059),POINT (14.459 50.089),2018-05-09 08:29:00,baba_car",
                "Prague,POINT (14.401 50.051),POINT (14.451 50.081),2018-05-07 08:31:00,funny_car",
                "Turin,POINT (14.401 50.051),POINT (14.451 50.081),2018-05-07 08:01:00,funny_car"),
            options("--grid=0.01", "--timeBucketMinutes=30"));

    PAssert.that(
            graph.trips().apply(Keys.create()).apply(Count.perElement()).apply(Values.create()))
        .containsInAnyOrder(2L, 1L, 1L);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyDirtyLineBecomesOneDeadLetterWithItsReason(TestPipeline pipeline) {
    String[] rows = {
      "Prague,POINT (14.4),POINT (14.45 50.08),2018-05-10 10:00:00,funny_car",
      "Prague,POINT (14.40 50.05),POINT (14.45 50.08),2018-05-10 10:00:00,",
      "Prague,POINT (14.40 95.05),POINT (14.45 50.08),2018-05-10 10:00:00,funny_car",
      "Prague,POINT (14.40 50.05),POINT (14.45 50.08),2018-02-30 10:00:00,funny_car",
      "Prague,POINT (14.40 50.05),POINT (14.45 50.08),1999-12-31 23:59:59,funny_car",
      "Prague,POINT (14.40 50.05),POINT (14.45 50.08),2999-01-01 00:00:00,funny_car",
      "Prague,POINT (14.40 50.05)",
      "\"Prague,POINT (14.40 50.05),POINT (14.45 50.08),2018-05-10 10:00:00,funny_car",
      "Prague,POINT (14.40 50.05),POINT (14.45 50.08),2018-05-10 10:00:00,funny_car"
    };
    TripSteps.Graph graph = TripSteps.apply(lines(pipeline, HEADER, rows), options());

    PAssert.that(
            graph
                .deadLetters()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings())
                        .via(
                            (DeadLetter d) ->
                                d.getStep()
                                    + ": "
                                    + d.getReason().replaceAll(" '.*|:.*| \\[.*", ""))))
        .containsInAnyOrder(
            "parse: WKT point needs two coordinates",
            "parse: missing datasource",
            "clean: origin out of range",
            "parse: impossible timestamp",
            "clean: datetime 1999-12-31T23",
            "clean: datetime 2999-01-01T00",
            "parse: expected at least 5 fields, found 2",
            "parse: unterminated quoted field (line breaks inside quotes are not supported)");
    PAssert.that(
            graph
                .deadLetters()
                .apply(
                    "Offsets",
                    MapElements.into(TypeDescriptors.longs()).via(DeadLetter::getOffset)))
        .satisfies(
            offsets -> {
              offsets.forEach(
                  o -> org.junit.jupiter.api.Assertions.assertTrue(o > HEADER.length()));
              return null;
            });
    PAssert.thatSingleton(graph.trips().apply(Count.globally())).isEqualTo(1L);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void findsColumnsByNameInAnyOrder(TestPipeline pipeline) {
    TripSteps.Graph graph =
        TripSteps.apply(
            lines(
                pipeline,
                "DateTime,DataSource,extra,Region,Destination_Coord,Origin_Coord",
                "2018-05-07 08:01:00,funny_car,x,Turin,POINT (7.70 45.05),POINT (7.68 45.07)"),
            options());

    PAssert.that(
            graph
                .trips()
                .apply(Values.create())
                .apply(MapElements.into(TypeDescriptors.strings()).via(Trip::getRegion)))
        .containsInAnyOrder("Turin");
    PAssert.that(graph.deadLetters()).empty();
    pipeline.run().waitUntilFinish();
  }

  private static Trip pragueTrip(String datasource, long recordId) {
    return Trip.of(
        "Prague",
        GeoPoint.of(14.4, 50.05),
        GeoPoint.of(14.45, 50.08),
        1_525_680_000_000L,
        datasource,
        recordId);
  }

  @Test
  void aTripKeyIdentifiesTheTripNotTheLine() {
    assertEquals(pragueTrip("funny_car", 7).key(), pragueTrip("funny_car", 8).key());
    org.junit.jupiter.api.Assertions.assertNotEquals(
        pragueTrip("funny_car", 7).key(), pragueTrip("baba_car", 7).key());
  }

  @Test
  void tripCoderRoundTrips() throws Exception {
    Trip trip =
        Trip.of(
            "São Paulo",
            GeoPoint.of(-46.6, -23.5),
            GeoPoint.of(-46.7, -23.6),
            -1L,
            "pt_search_app",
            Long.MIN_VALUE);
    assertEquals(trip, org.apache.beam.sdk.util.CoderUtils.clone(TripCoder.of(), trip));
  }

  /**
   * The whole job as it runs, its source fed by the dirty fixture and its sinks collecting: every
   * line ends either as a trip handed to the trips sink or as one dead letter, never both.
   */
  @Test
  void theWholeJobSendsEveryLineToTheTripsSinkOrTheDeadLettersOnce(TestPipeline pipeline)
      throws Exception {
    List<SourceRecord> lines = TripsFixtures.sourceRecords("dirty.csv");
    GraphContext context = GraphContext.of(pipeline, "rows", lines);
    new TripsPipeline().build(pipeline, options(), context);

    PCollection<KV<GeoBucketKey, Trip>> trips = context.written("WriteTrips");
    PAssert.that(
            trips.apply(
                "Regions",
                MapElements.into(TypeDescriptors.strings()).via(t -> t.getValue().getRegion())))
        .containsInAnyOrder("Prague", "Prague", "Prague", "Turin, It");
    PAssert.that(
            context
                .deadLetters()
                .apply(
                    "Steps", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getStep)))
        .containsInAnyOrder(
            "parse", "parse", "clean", "parse", "parse", "clean", "parse", "parse", "clean");
    PCollection<Long> ids =
        PCollectionList.of(
                trips.apply(
                    "TripIds",
                    MapElements.into(TypeDescriptors.longs()).via(t -> t.getValue().getRecordId())))
            .and(
                context
                    .deadLetters()
                    .apply(
                        "LetterIds", MapElements.into(TypeDescriptors.longs()).via(DeadLetter::id)))
            .apply(Flatten.pCollections());
    PAssert.that(ids).containsInAnyOrder(lines.stream().map(SourceRecord::id).toList());
    pipeline.run().waitUntilFinish();
  }
}
