package dev.tributary.transforms.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.Ride;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class GeoBucketTest {
  private static final GeoBucket<Ride> BUCKET =
      GeoBucket.of(Ride::getRegion, Ride::getOrigin, Ride::getDestination, Ride::getStartedAt);

  private static final Ride BASE =
      Ride.of("a", "Praha", 14.4973, 50.0013, 14.4205, 50.0871, "2018-05-28 09:03:40");
  private static final Ride SIMILAR =
      Ride.of("b", "Praha", 14.4991, 50.0049, 14.4201, 50.0879, "2018-06-04 09:29:00");
  private static final Ride NEXT_HALF_HOUR =
      Ride.of("c", "Praha", 14.4973, 50.0013, 14.4205, 50.0871, "2018-05-28 09:30:00");
  private static final Ride NEIGHBOUR_ORIGIN =
      Ride.of("d", "Praha", 14.5003, 50.0013, 14.4205, 50.0871, "2018-05-28 09:03:40");
  private static final Ride NEIGHBOUR_DESTINATION =
      Ride.of("e", "Praha", 14.4973, 50.0013, 14.4205, 50.0901, "2018-05-28 09:03:40");
  private static final Ride OTHER_REGION =
      Ride.of("f", "Brno", 14.4973, 50.0013, 14.4205, 50.0871, "2018-05-28 09:03:40");

  @BeforeEach
  void failWhenAPipelineIsNotRun(TestPipeline pipeline) {
    pipeline.enableAbandonedNodeEnforcement(true);
  }

  private static PCollection<Ride> rides(TestPipeline pipeline, Ride... rides) {
    return pipeline.apply(Create.of(List.of(rides)).withCoder(Coders.of(pipeline, Ride.class)));
  }

  @Test
  void keyIsGroupOriginCellDestinationCellAndTimeBucket() {
    GeoGrid grid = GeoGrid.degrees(GeoGrid.DEFAULT_DEGREES);

    assertEquals(
        GeoBucketKey.of(
            "Praha", grid.cellOf(BASE.getOrigin()), grid.cellOf(BASE.getDestination()), 18),
        BUCKET.keyOf(BASE));
  }

  @Test
  void similarRecordsShareAKey() {
    assertEquals(BUCKET.keyOf(BASE), BUCKET.keyOf(SIMILAR));
  }

  @Test
  void anotherTimeBucketCellOrGroupMakesAnotherKey() {
    GeoBucketKey base = BUCKET.keyOf(BASE);

    assertNotEquals(base, BUCKET.keyOf(NEXT_HALF_HOUR));
    assertNotEquals(base, BUCKET.keyOf(NEIGHBOUR_ORIGIN));
    assertNotEquals(base, BUCKET.keyOf(NEIGHBOUR_DESTINATION));
    assertNotEquals(base, BUCKET.keyOf(OTHER_REGION));
  }

  /** The base ride, a similar one, and one differing from the base in each part of the key. */
  private static PCollection<Ride> allSix(TestPipeline pipeline) {
    return rides(
        pipeline,
        BASE,
        SIMILAR,
        NEXT_HALF_HOUR,
        NEIGHBOUR_ORIGIN,
        NEIGHBOUR_DESTINATION,
        OTHER_REGION);
  }

  @Test
  void countPerKeyGroupsOnlySimilarRecords(TestPipeline pipeline) {
    PCollection<KV<GeoBucketKey, Long>> counts =
        allSix(pipeline).apply(BUCKET).apply(Count.perKey());

    PAssert.that(counts)
        .containsInAnyOrder(
            KV.of(BUCKET.keyOf(BASE), 2L),
            KV.of(BUCKET.keyOf(NEXT_HALF_HOUR), 1L),
            KV.of(BUCKET.keyOf(NEIGHBOUR_ORIGIN), 1L),
            KV.of(BUCKET.keyOf(NEIGHBOUR_DESTINATION), 1L),
            KV.of(BUCKET.keyOf(OTHER_REGION), 1L));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void keepsTheRecordWithItsKey(TestPipeline pipeline) {
    PAssert.that(rides(pipeline, BASE).apply(BUCKET))
        .containsInAnyOrder(KV.of(BUCKET.keyOf(BASE), BASE));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void coarserGridAndLongerBucketsMergeMore(TestPipeline pipeline) {
    GeoBucket<Ride> coarse =
        BUCKET.withGrid(GeoGrid.geohash(4)).withTimeBucket(Duration.standardHours(1));

    PCollection<KV<GeoBucketKey, Long>> counts =
        allSix(pipeline).apply(coarse).apply(Count.perKey());

    PAssert.that(counts)
        .containsInAnyOrder(KV.of(coarse.keyOf(BASE), 5L), KV.of(coarse.keyOf(OTHER_REGION), 1L));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withMethodsRefuseWhatCannotBucket() {
    assertThrows(NullPointerException.class, () -> BUCKET.withGrid(null));
    assertThrows(NullPointerException.class, () -> BUCKET.withTimeBucket(null));
    assertThrows(
        IllegalArgumentException.class, () -> BUCKET.withTimeBucket(Duration.standardSeconds(30)));
  }

  @Test
  void displaysGridAndTimeBucket() {
    Map<String, Object> items = new HashMap<>();
    DisplayData.from(BUCKET.withGrid(GeoGrid.geohash(6)).withTimeBucket(Duration.standardHours(1)))
        .items()
        .forEach(item -> items.put(item.getKey(), item.getValue()));

    assertEquals("geohash:6", items.get("grid"));
    assertEquals(60L, items.get("timeBucketMinutes"));
  }
}
