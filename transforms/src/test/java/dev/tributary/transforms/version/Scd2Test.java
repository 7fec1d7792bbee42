package dev.tributary.transforms.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.version.Scd2.Change;
import dev.tributary.transforms.version.Scd2.ChangeCoder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TimestampedValue;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class Scd2Test {
  private static final KvCoder<Integer, String> INPUT =
      KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of());

  /** A version is "its validFrom|its content". */
  private static final String V1 = "2022-10-13T18:52:10Z|roof a";

  private static final String V2 = "2022-11-02T09:00:00Z|roof b";
  private static final String V3 = "2023-01-15T08:30:00Z|roof c";

  private static Instant validFrom(String version) {
    return Instant.parse(version.substring(0, version.indexOf('|')));
  }

  private static Scd2<Integer, String> scd2() {
    return Scd2.byVersionTime(Scd2Test::validFrom);
  }

  private static KV<Integer, String> v(int key, String version) {
    return KV.of(key, version);
  }

  /**
   * One TestStream step per list: the runner finishes each step before the next, so this is the
   * arrival order at the stateful step (with {@code Create} it would be arbitrary).
   */
  @SuppressWarnings("unchecked")
  private static TestStream<KV<Integer, String>> inSteps(List<List<KV<Integer, String>>> steps) {
    TestStream.Builder<KV<Integer, String>> stream = TestStream.create(INPUT);
    for (List<KV<Integer, String>> step : steps) {
      stream = stream.addElements(step.get(0), step.subList(1, step.size()).toArray(new KV[0]));
    }
    return stream.advanceWatermarkToInfinity();
  }

  @SafeVarargs
  private static TestStream<KV<Integer, String>> arriving(KV<Integer, String>... inOrder) {
    List<List<KV<Integer, String>>> steps = new ArrayList<>();
    for (KV<Integer, String> element : inOrder) {
      steps.add(List.of(element));
    }
    return inSteps(steps);
  }

  /** A change that introduces {@code version}, valid until {@code next}'s validFrom or current. */
  private static Change<Integer, String> introduced(int key, String version, String next) {
    return Change.of(key, validFrom(version), next == null ? null : validFrom(next), version);
  }

  /** A change that only re-states that {@code version} is now valid until {@code next}. */
  private static Change<Integer, String> restated(int key, String version, String next) {
    return Change.of(key, validFrom(version), validFrom(next), null);
  }

  /** One row of a final history, as {@link #history} prints it. */
  private static String row(String version, String next) {
    return version + (next == null ? " current" : " until " + validFrom(next));
  }

  /**
   * The history a sink ends with after applying {@code changes} as upserts on (key, validFrom), by
   * key, oldest version first. PAssert hands the changes over unordered, so "last write wins" is
   * applied as "earliest validTo wins": the two agree because a version is introduced (with its
   * value) before it is re-stated and each re-statement closes it earlier, which is checked here as
   * far as an unordered set allows: one introduction per version, no re-statement later than it.
   */
  private static Map<Integer, List<String>> history(Iterable<Change<Integer, String>> changes) {
    Map<Integer, TreeMap<Instant, List<Change<Integer, String>>>> byVersion = new TreeMap<>();
    for (Change<Integer, String> change : changes) {
      byVersion
          .computeIfAbsent(change.getKey(), key -> new TreeMap<>())
          .computeIfAbsent(change.getValidFrom(), from -> new ArrayList<>())
          .add(change);
    }
    Map<Integer, List<String>> rows = new TreeMap<>();
    byVersion.forEach(
        (key, versions) -> {
          List<String> keyRows = new ArrayList<>();
          for (List<Change<Integer, String>> upserts : versions.values()) {
            List<Change<Integer, String>> introductions =
                upserts.stream().filter(change -> change.getValue() != null).toList();
            assertEquals(1, introductions.size(), "one introduction per version: " + upserts);
            Change<Integer, String> introduced = introductions.get(0);
            Instant validTo = introduced.getValidTo();
            for (Change<Integer, String> upsert : upserts) {
              assertFalse(
                  later(upsert.getValidTo(), introduced.getValidTo()),
                  "re-stated later than introduced: " + upserts);
              validTo = earliest(validTo, upsert.getValidTo());
            }
            keyRows.add(
                introduced.getValue() + (validTo == null ? " current" : " until " + validTo));
          }
          rows.put(key, keyRows);
        });
    return rows;
  }

  /** Whether validTo {@code a} is later than {@code b}; null is "still current", the latest. */
  private static boolean later(Instant a, Instant b) {
    return a == null ? b != null : b != null && a.isAfter(b);
  }

  private static Instant earliest(Instant a, Instant b) {
    return later(a, b) ? b : a;
  }

  private static void assertHistory(
      PCollection<Change<Integer, String>> changes, Map<Integer, List<String>> expected) {
    PAssert.that(changes)
        .satisfies(
            all -> {
              assertEquals(expected, history(all));
              return null;
            });
  }

  @Test
  void aNewerVersionClosesTheCurrentOne(TestPipeline pipeline) {
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out =
        pipeline.apply(arriving(v(7, V1), v(7, V2), v(7, V3))).apply("VersionRoofs", scd2);

    PAssert.that(out.get(scd2.changesTag()))
        .containsInAnyOrder(
            introduced(7, V1, null),
            introduced(7, V2, null),
            restated(7, V1, V2),
            introduced(7, V3, null),
            restated(7, V2, V3));
    assertHistory(
        out.get(scd2.changesTag()), Map.of(7, List.of(row(V1, V2), row(V2, V3), row(V3, null))));
    PAssert.that(out.get(scd2.redundantTag())).empty();
    pipeline.run().waitUntilFinish();
  }

  /** Key i receives the versions in the i-th of the 6 orders; all end with the same history. */
  @Test
  void everyArrivalOrderYieldsTheSameHistory(TestPipeline pipeline) {
    List<List<String>> orders =
        List.of(
            List.of(V1, V2, V3),
            List.of(V1, V3, V2),
            List.of(V2, V1, V3),
            List.of(V2, V3, V1),
            List.of(V3, V1, V2),
            List.of(V3, V2, V1));
    List<List<KV<Integer, String>>> steps = new ArrayList<>();
    Map<Integer, List<String>> expected = new TreeMap<>();
    for (int step = 0; step < 3; step++) {
      List<KV<Integer, String>> elements = new ArrayList<>();
      for (int key = 0; key < orders.size(); key++) {
        elements.add(v(key, orders.get(key).get(step)));
        expected.put(key, List.of(row(V1, V2), row(V2, V3), row(V3, null)));
      }
      steps.add(elements);
    }
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out = pipeline.apply(inSteps(steps)).apply(scd2);

    assertHistory(out.get(scd2.changesTag()), expected);
    PAssert.that(out.get(scd2.redundantTag())).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void anOlderVersionArrivingLateIsClosedAndLeavesTheCurrentOne(TestPipeline pipeline) {
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out = pipeline.apply(arriving(v(7, V3), v(7, V1))).apply(scd2);

    PAssert.that(out.get(scd2.changesTag()))
        .containsInAnyOrder(introduced(7, V3, null), introduced(7, V1, V3));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aVersionLandingBetweenTwoRestatesItsOlderNeighbour(TestPipeline pipeline) {
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out = pipeline.apply(arriving(v(7, V1), v(7, V3), v(7, V2))).apply(scd2);

    PAssert.that(out.get(scd2.changesTag()))
        .containsInAnyOrder(
            introduced(7, V1, null),
            introduced(7, V3, null),
            restated(7, V1, V3),
            introduced(7, V2, V3),
            restated(7, V1, V2));
    assertHistory(
        out.get(scd2.changesTag()), Map.of(7, List.of(row(V1, V2), row(V2, V3), row(V3, null))));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aRedeliveredVersionChangesNothing(TestPipeline pipeline) {
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out = pipeline.apply(arriving(v(7, V1), v(7, V2), v(7, V1))).apply(scd2);

    PAssert.that(out.get(scd2.changesTag()))
        .containsInAnyOrder(introduced(7, V1, null), introduced(7, V2, null), restated(7, V1, V2));
    PAssert.that(out.get(scd2.redundantTag()))
        .containsInAnyOrder(
            KV.of(V1, "duplicate of the version of key 7 valid from 2022-10-13T18:52:10Z"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void aConflictingVersionChangesNothingAndTheFirstSeenIsKept(TestPipeline pipeline) {
    String remeasured = "2022-10-13T18:52:10Z|roof a, remeasured";
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out = pipeline.apply(arriving(v(7, V1), v(7, remeasured))).apply(scd2);

    PAssert.that(out.get(scd2.changesTag())).containsInAnyOrder(introduced(7, V1, null));
    PAssert.that(out.get(scd2.redundantTag()))
        .containsInAnyOrder(
            KV.of(
                remeasured,
                "conflicts with the version of key 7 valid from 2022-10-13T18:52:10Z:"
                    + " same version time, different content"));
    pipeline.run().waitUntilFinish();
  }

  /** Two deliveries of one version that differ only in what withContent blanks: a duplicate. */
  @Test
  void withContentTellsARedeliveryFromAConflict(TestPipeline pipeline) {
    String again = V1 + "|from another file";
    Scd2<Integer, String> scd2 =
        scd2().withContent(version -> version.replaceFirst("\\|from another file$", ""));
    PCollectionTuple out = pipeline.apply(arriving(v(7, V1), v(7, again))).apply(scd2);

    PAssert.that(out.get(scd2.changesTag())).containsInAnyOrder(introduced(7, V1, null));
    PAssert.that(out.get(scd2.redundantTag()))
        .containsInAnyOrder(
            KV.of(again, "duplicate of the version of key 7 valid from 2022-10-13T18:52:10Z"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void tagsAreTheSameForEveryScd2AndAfterWithContent() {
    Scd2<Integer, String> scd2 = scd2();
    Scd2<Integer, String> withContent = scd2.withContent(version -> version);

    assertEquals(scd2.changesTag(), scd2().changesTag());
    assertEquals(scd2.changesTag(), withContent.changesTag());
    assertEquals(scd2.redundantTag(), scd2().redundantTag());
    assertEquals(scd2.redundantTag(), withContent.redundantTag());
  }

  /** Equal tags, separate steps: each keeps its own state and its own outputs. */
  @Test
  void twoScd2InOnePipelineKeepTheirOutputsApart(TestPipeline pipeline) {
    String again = V1 + "|from another file";
    PCollection<KV<Integer, String>> versions = pipeline.apply(arriving(v(7, V1), v(7, again)));
    Scd2<Integer, String> byValue = scd2();
    Scd2<Integer, String> byContent =
        scd2().withContent(version -> version.replaceFirst("\\|from another file$", ""));
    PCollectionTuple first = versions.apply("ByValue", byValue);
    PCollectionTuple second = versions.apply("ByContent", byContent);

    PAssert.that(first.get(byValue.changesTag())).containsInAnyOrder(introduced(7, V1, null));
    PAssert.that(second.get(byContent.changesTag())).containsInAnyOrder(introduced(7, V1, null));
    PAssert.that(first.get(byValue.redundantTag()))
        .containsInAnyOrder(
            KV.of(
                again,
                "conflicts with the version of key 7 valid from 2022-10-13T18:52:10Z:"
                    + " same version time, different content"));
    PAssert.that(second.get(byContent.redundantTag()))
        .containsInAnyOrder(
            KV.of(again, "duplicate of the version of key 7 valid from 2022-10-13T18:52:10Z"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesNullFunctions() {
    assertThrows(NullPointerException.class, () -> Scd2.byVersionTime(null));
    assertThrows(NullPointerException.class, () -> scd2().withContent(null));
  }

  /** In batch, in any order; key 8's V2 is no duplicate of key 7's. */
  @Test
  void keysAreIndependent(TestPipeline pipeline) {
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out =
        pipeline
            .apply(Create.of(v(7, V1), v(8, V3), v(7, V2), v(8, V2)).withCoder(INPUT))
            .apply(scd2);

    assertHistory(
        out.get(scd2.changesTag()),
        Map.of(7, List.of(row(V1, V2), row(V2, null)), 8, List.of(row(V2, V3), row(V3, null))));
    PAssert.that(out.get(scd2.redundantTag())).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void streamsANewerThenAnOlderVersionOverProcessingTime(TestPipeline pipeline) {
    Instant start = Instant.parse("2024-03-01T12:00:00Z");
    TestStream<KV<Integer, String>> stream =
        TestStream.create(INPUT)
            .advanceWatermarkTo(start)
            .addElements(TimestampedValue.of(v(7, V2), start))
            .advanceProcessingTime(Duration.standardMinutes(1))
            .advanceWatermarkTo(start.plus(Duration.standardMinutes(1)))
            .addElements(TimestampedValue.of(v(7, V1), start.plus(Duration.standardMinutes(1))))
            .advanceProcessingTime(Duration.standardMinutes(1))
            .addElements(TimestampedValue.of(v(7, V3), start.plus(Duration.standardMinutes(2))))
            .advanceWatermarkToInfinity();
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out = pipeline.apply(stream).apply(scd2);

    assertEquals(PCollection.IsBounded.UNBOUNDED, out.get(scd2.changesTag()).isBounded());
    PAssert.that(out.get(scd2.changesTag()))
        .containsInAnyOrder(
            introduced(7, V2, null),
            introduced(7, V1, V2),
            introduced(7, V3, null),
            restated(7, V2, V3));
    pipeline.run().waitUntilFinish();
  }

  /** Element times in two days, daily windows: each window has its own history of key 7. */
  @Test
  void keepsOneHistoryPerWindow(TestPipeline pipeline) {
    Scd2<Integer, String> scd2 = scd2();
    PCollectionTuple out =
        pipeline
            .apply(
                Create.timestamped(
                        TimestampedValue.of(v(7, V1), Instant.parse("2024-03-01T12:00:00Z")),
                        TimestampedValue.of(v(7, V2), Instant.parse("2024-03-02T12:00:00Z")))
                    .withCoder(INPUT))
            .apply(Window.into(FixedWindows.of(Duration.standardDays(1))))
            .apply(scd2);

    PAssert.that(out.get(scd2.changesTag()))
        .containsInAnyOrder(introduced(7, V1, null), introduced(7, V2, null));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsANonDeterministicKeyCoder() {
    PCollection<KV<Double, String>> input =
        Pipeline.create()
            .apply(
                Create.of(KV.of(7.0, V1))
                    .withCoder(KvCoder.of(DoubleCoder.of(), INPUT.getValueCoder())));

    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> input.apply(Scd2.<Double, String>byVersionTime(Scd2Test::validFrom)));
    assertTrue(e.getMessage().contains("the key coder must be deterministic"), e.getMessage());
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void rejectsAnInputWithoutKvCoder() {
    Coder<KV<Integer, String>> serializable = (Coder) SerializableCoder.of(KV.class);
    PCollection<KV<Integer, String>> input =
        Pipeline.create().apply(Create.of(v(7, V1)).withCoder(serializable));

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> input.apply(scd2()));
    assertTrue(e.getMessage().startsWith("Scd2 needs a KvCoder"), e.getMessage());
  }

  @Test
  void changeCoderRoundTripsWithAndWithoutValue() throws Exception {
    ChangeCoder<Integer, String> coder = ChangeCoder.of(VarIntCoder.of(), StringUtf8Coder.of());
    CoderProperties.coderDecodeEncodeEqual(coder, introduced(7, V3, null));
    CoderProperties.coderDecodeEncodeEqual(coder, restated(7, V1, V2));
    CoderProperties.coderSerializable(coder);
    coder.verifyDeterministic();
    assertThrows(
        Coder.NonDeterministicException.class,
        () -> ChangeCoder.of(DoubleCoder.of(), StringUtf8Coder.of()).verifyDeterministic());
    assertTrue(introduced(7, V3, null).isCurrent());
    assertFalse(restated(7, V1, V2).isCurrent());
    assertNull(restated(7, V1, V2).getValue());
  }
}
