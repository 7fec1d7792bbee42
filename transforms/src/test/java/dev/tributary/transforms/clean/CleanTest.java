package dev.tributary.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.Ride;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.display.DisplayData;
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

  private static Ride ride(String id, String region, double originLon, double destinationLat) {
    return Ride.of(id, region, originLon, 50.0, 14.42, destinationLat, "2018-05-28 09:03:40");
  }

  private static Ride ride(String region, double originLon, double destinationLat) {
    return ride("r", region, originLon, destinationLat);
  }

  private static PCollection<Ride> rides(TestPipeline pipeline, List<Ride> records) {
    return pipeline.apply(Create.of(records).withCoder(Coders.of(pipeline, Ride.class)));
  }

  private static PCollectionTuple clean(TestPipeline pipeline, List<Ride> records) {
    return rides(pipeline, records).apply(CLEAN);
  }

  private static PCollection<String> reasons(PCollectionTuple result) {
    return result
        .get(DeadLetters.TAG)
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason));
  }

  @Test
  void normalisesBeforeTheRulesRun(TestPipeline pipeline) {
    PCollectionTuple result = clean(pipeline, List.of(ride("  nEW   york", 14.5, 50.0)));

    PAssert.that(result.get(CLEAN.cleanTag())).containsInAnyOrder(ride("New York", 14.5, 50.0));
    PAssert.that(result.get(DeadLetters.TAG)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void passesACleanRecordThroughUnchangedWithItsCoder(TestPipeline pipeline) {
    Ride input = ride("Praha", 14.5, 50.0);
    PCollection<Ride> records = rides(pipeline, List.of(input));
    PCollectionTuple result = records.apply(CLEAN);

    assertEquals(records.getCoder(), result.get(CLEAN.cleanTag()).getCoder());
    assertEquals(Coders.of(pipeline, DeadLetter.class), result.get(DeadLetters.TAG).getCoder());
    PAssert.that(result.get(CLEAN.cleanTag())).containsInAnyOrder(input);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rulesSeeTheNormalisedValue(TestPipeline pipeline) {
    PCollectionTuple result = clean(pipeline, List.of(ride(" \t\u00A0 ", 14.5, 50.0)));

    PAssert.that(reasons(result)).containsInAnyOrder("missing region");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void reportsTheFirstRuleBroken(TestPipeline pipeline) {
    PCollectionTuple result =
        clean(pipeline, List.of(ride("Praha", 181, 91), ride("Praha", 14.5, 91)));

    PAssert.that(reasons(result))
        .containsInAnyOrder(
            "origin out of range: " + ride("Praha", 181, 91).getOrigin(),
            "destination out of range: " + ride("Praha", 14.5, 91).getDestination());
    pipeline.run().waitUntilFinish();
  }

  @Test
  void deadLetterKeepsTheRecordAsRawTextWithItsSourceAndNoOffset(TestPipeline pipeline) {
    Ride offEarth = ride("praha", 200, 50.0);
    PCollectionTuple result =
        rides(pipeline, List.of(offEarth)).apply(CLEAN.withSource(ride -> "rides.csv"));

    // The raw text is the record as it came in, before normalisation.
    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(
            DeadLetter.of(
                Location.of("rides.csv", -1),
                0,
                Steps.CLEAN,
                "origin out of range: " + offEarth.getOrigin(),
                String.valueOf(offEarth)));
    pipeline.run().waitUntilFinish();
  }

  /** The dead letter of a typed record with the default source: no offset, no line. */
  private static DeadLetter recordDeadLetter(String reason, Ride ride) {
    return DeadLetter.of(Location.of("record", -1), 0, Steps.CLEAN, reason, ride.toString());
  }

  @Test
  void deadLetterSourceIsRecordByDefault(TestPipeline pipeline) {
    Ride offEarth = ride("Praha", 200, 50.0);
    PCollectionTuple result = clean(pipeline, List.of(offEarth));

    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(
            recordDeadLetter("origin out of range: " + offEarth.getOrigin(), offEarth));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void everyRecordComesOutCleanOrRejected(TestPipeline pipeline) {
    Clean<Ride> clean = CLEAN.withSource(Ride::getId);
    PCollectionTuple result =
        rides(
                pipeline,
                List.of(
                    ride("r0", "praha", 14.5, 50.0),
                    ride("r1", "", 14.5, 50.0),
                    ride("r2", "Brno", -181, 50.0),
                    ride("r3", "Brno", 16.6, Double.NaN),
                    ride("r4", "brno", 16.6, 49.2)))
            .apply(clean);
    PCollection<Long> cleanCount =
        result.get(clean.cleanTag()).apply("CountClean", Count.globally());
    PCollection<Long> rejectedCount =
        result.get(DeadLetters.TAG).apply("CountRejected", Count.globally());

    PAssert.thatSingleton(cleanCount).isEqualTo(2L);
    PAssert.thatSingleton(rejectedCount).isEqualTo(3L);
    PAssert.that(
            PCollectionList.of(
                    result
                        .get(clean.cleanTag())
                        .apply(
                            "IdOfClean",
                            MapElements.into(TypeDescriptors.strings()).via(Ride::getId)))
                .and(
                    result
                        .get(DeadLetters.TAG)
                        .apply(
                            "IdOfRejected",
                            MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getSource)))
                .apply(Flatten.pCollections()))
        .containsInAnyOrder("r0", "r1", "r2", "r3", "r4");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void turnsAThrowingRuleIntoADeadLetter(TestPipeline pipeline) {
    Clean<Ride> clean =
        Clean.<Ride>create()
            .withRule(Rules.required("region", Ride::getRegion))
            .withRule(
                ride -> {
                  if (ride.getRegion().equals("Boom")) {
                    throw new IllegalStateException("rule bug");
                  }
                  return null;
                });
    Ride boom = ride("r1", "Boom", 14.5, 50.0);
    PCollectionTuple result =
        rides(pipeline, List.of(boom, ride("r2", "Praha", 14.5, 50.0))).apply(clean);

    PAssert.that(result.get(clean.cleanTag())).containsInAnyOrder(ride("r2", "Praha", 14.5, 50.0));
    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(
            recordDeadLetter("cleaning failed: java.lang.IllegalStateException: rule bug", boom));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void turnsAThrowingNormalizerIntoADeadLetter(TestPipeline pipeline) {
    Clean<Ride> failing =
        Clean.<Ride>create()
            .withNormalizer(
                ride -> {
                  throw new IllegalArgumentException("cannot normalise " + ride.getId());
                })
            .withRule(Rules.required("region", Ride::getRegion));
    PCollectionTuple result =
        rides(pipeline, List.of(ride("r2", "praha", 14.5, 50.0))).apply(failing);

    PAssert.that(result.get(failing.cleanTag())).empty();
    PAssert.that(reasons(result))
        .containsInAnyOrder(
            "cleaning failed: java.lang.IllegalArgumentException: cannot normalise r2");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void cleanerRejectsWithTheGivenInputLine() {
    List<DeadLetter> letters = new ArrayList<>();
    Consumer<DeadLetter> receiver = letters::add;
    SourceRecord line = SourceRecord.of(Location.of("rides.csv", 77), "r,praha,...", "id,region");
    Clean.Cleaner<Ride> cleaner = CLEAN.cleaner();

    Ride cleaned = cleaner.cleanOrReject(ride("praha", 14.5, 50.0), line, receiver);
    assertEquals(ride("Praha", 14.5, 50.0), cleaned);
    assertTrue(letters.isEmpty(), letters.toString());

    assertNull(cleaner.cleanOrReject(ride("praha", 200, 50.0), line, receiver));
    assertEquals(
        List.of(
            DeadLetter.of(
                Location.of("rides.csv", 77),
                0,
                Steps.CLEAN,
                "origin out of range: " + ride("Praha", 200, 50.0).getOrigin(),
                "r,praha,...")),
        letters);
    assertSame(cleaner, CLEAN.cleaner());
  }

  @Test
  void refusesToRunWithoutRules() {
    Pipeline pipeline = Pipeline.create();
    PCollection<Ride> records = pipeline.apply(Create.empty(Coders.of(pipeline, Ride.class)));

    IllegalStateException e =
        assertThrows(IllegalStateException.class, () -> records.apply(Clean.<Ride>create()));
    assertEquals("Clean needs at least one rule: call withRule(...)", e.getMessage());
  }

  @Test
  void cleanTagIsTheSameForEveryCleanAndAfterAnyWith() {
    assertEquals(CLEAN.cleanTag(), Clean.<Ride>create().cleanTag());
    assertEquals(CLEAN.cleanTag(), CLEAN.withSource(Ride::getId).cleanTag());
    assertEquals(CLEAN.cleanTag(), CLEAN.withRule(ride -> null).cleanTag());
    assertEquals(CLEAN.cleanTag(), CLEAN.withNormalizer(ride -> ride).cleanTag());
  }

  @Test
  void twoCleansInOnePipelineKeepTheirOutputsApart(TestPipeline pipeline) {
    PCollection<Ride> records = rides(pipeline, List.of(ride("Praha", 14.5, 50.0)));
    Clean<Ride> rejectAll = CLEAN.withRule(ride -> "rejects " + ride.getRegion());
    PCollectionTuple passed = records.apply("Clean", CLEAN);
    PCollectionTuple rejected = records.apply("RejectAll", rejectAll);

    PAssert.that(passed.get(CLEAN.cleanTag())).containsInAnyOrder(ride("Praha", 14.5, 50.0));
    PAssert.that(passed.get(DeadLetters.TAG)).empty();
    PAssert.that(rejected.get(rejectAll.cleanTag())).empty();
    PAssert.that(reasons(rejected)).containsInAnyOrder("rejects Praha");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withMethodsRefuseNull() {
    assertThrows(NullPointerException.class, () -> CLEAN.withNormalizer(null));
    assertThrows(NullPointerException.class, () -> CLEAN.withRule(null));
    assertThrows(NullPointerException.class, () -> CLEAN.withSource(null));
  }

  @Test
  void displaysItsNumberOfRules() {
    assertTrue(
        DisplayData.from(CLEAN).items().stream()
            .anyMatch(item -> item.getKey().equals("rules") && item.getValue().equals(4L)));
  }

  @Test
  void violationsListEveryRuleARecordBreaksInOrder() {
    Clean.Cleaner<Ride> cleaner = CLEAN.cleaner();
    assertEquals(List.of(), cleaner.violations(ride("Praha", 14.5, 50.0)));
    assertEquals(
        List.of(
            "origin out of range: " + ride("Praha", 200, 95).getOrigin(),
            "destination out of range: " + ride("Praha", 200, 95).getDestination()),
        cleaner.violations(ride("Praha", 200, 95)));
    assertEquals(
        cleaner.violations(ride("Praha", 200, 95)).get(0),
        cleaner.rejection(ride("Praha", 200, 95)),
        "the first violation is the rejection");
  }
}
