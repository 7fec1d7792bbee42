package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Ride;
import dev.tributary.transforms.SourceLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.Keys;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Values;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionList;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ParseCsvTest {
  private static final String HEADER = "id,region,origin,destination,started_at";
  private static final String FILE = "rides.csv";
  private static final Ride RIDE_1 =
      Ride.of("r1", "Praha", 14.4973794438195, 50.00136875782316, 14.42, 50.08, "2018-05-28 09:03:40");

  private static final ParseCsv<Ride> PARSE = ParseCsv.of(Ride.class, Ride.COLUMNS, Ride::fromCsv);

  @BeforeEach
  void failWhenAPipelineIsNotRun(TestPipeline pipeline) {
    pipeline.enableAbandonedNodeEnforcement(true);
  }

  private static SourceLine line(long offset, String text) {
    return SourceLine.of(FILE, offset, text, HEADER);
  }

  private static PCollectionTuple parse(TestPipeline pipeline, SourceLine... lines) {
    return pipeline
        .apply(Create.of(Arrays.asList(lines)).withCoder(Coders.of(pipeline, SourceLine.class)))
        .apply(PARSE);
  }

  private static PCollection<Ride> rides(PCollectionTuple result) {
    return result.get(PARSE.parsedTag()).apply(Values.create());
  }

  private static PCollection<String> reasons(PCollectionTuple result) {
    return result
        .get(DeadLetters.TAG)
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason));
  }

  @Test
  void parsesLineByHeaderNames(TestPipeline pipeline) {
    PCollectionTuple result =
        parse(pipeline, line(40, "r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40"));

    PAssert.that(rides(result)).containsInAnyOrder(RIDE_1);
    PAssert.that(result.get(DeadLetters.TAG)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void keepsTheSourceLineWithTheRecord(TestPipeline pipeline) {
    SourceLine input =
        line(40, "r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40");
    PCollectionTuple result = parse(pipeline, input);

    PAssert.that(result.get(PARSE.parsedTag()).apply(Keys.create())).containsInAnyOrder(input);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void findsColumnsOfAHeaderInAnotherOrderAndCaseWithExtraColumns(TestPipeline pipeline) {
    String header = "Started_At,EXTRA,Destination,ID,Origin,Region,note";
    SourceLine input =
        SourceLine.of(
            FILE,
            60,
            "2018-05-28 09:03:40,x,POINT (14.42 50.08),r1,POINT (14.4973794438195 50.00136875782316),Praha,",
            header);

    PAssert.that(rides(parse(pipeline, input))).containsInAnyOrder(RIDE_1);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void followsTheHeaderOfEachFile(TestPipeline pipeline) {
    SourceLine fromA =
        SourceLine.of("a.csv", 40, "r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40", HEADER);
    SourceLine fromB =
        SourceLine.of("b.csv", 40, "2018-05-28 09:03:40,r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08)", "started_at,id,region,origin,destination");

    PAssert.that(rides(parse(pipeline, fromA, fromB, fromA, fromB)))
        .containsInAnyOrder(RIDE_1, RIDE_1, RIDE_1, RIDE_1);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void mapsHeaderlessLinesByPosition(TestPipeline pipeline) {
    SourceLine input =
        SourceLine.of("topic-0", 7, "r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40");

    PAssert.that(rides(parse(pipeline, input))).containsInAnyOrder(RIDE_1);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void unquotesFieldsWithCommasAndQuotes(TestPipeline pipeline) {
    SourceLine input =
        line(40, "r1,\"Praha, \"\"Old\"\" Town\",POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40");

    PAssert.that(rides(parse(pipeline, input)))
        .containsInAnyOrder(RIDE_1.withRegion("Praha, \"Old\" Town"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void parsesBomCrlfAndEmptyOptionalField(TestPipeline pipeline) {
    SourceLine input =
        SourceLine.of(
            FILE,
            0,
            "\uFEFFr1,,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40\r",
            null);

    PAssert.that(rides(parse(pipeline, input))).containsInAnyOrder(RIDE_1.withRegion(""));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsEveryLineOfAFileWhoseHeaderLacksAColumn(TestPipeline pipeline) {
    String header = "id,region,origin,started_at";
    PCollectionTuple result =
        parse(
            pipeline,
            SourceLine.of(FILE, 30, "r1,Praha,POINT (14.5 50.0),2018-05-28 09:03:40", header),
            SourceLine.of(FILE, 80, "r2,Praha,POINT (14.5 50.0),2018-05-28 09:03:41", header));

    PAssert.that(rides(result)).empty();
    PAssert.that(reasons(result))
        .containsInAnyOrder(
            "header lacks column(s) [destination]; found [id, region, origin, started_at]",
            "header lacks column(s) [destination]; found [id, region, origin, started_at]");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsTooFewFields(TestPipeline pipeline) {
    PCollectionTuple result = parse(pipeline, line(40, "r1,Praha"));

    PAssert.that(reasons(result)).containsInAnyOrder("expected at least 5 fields, found 2");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsRequiredBlankField(TestPipeline pipeline) {
    PCollectionTuple result =
        parse(pipeline, line(40, " ,Praha,POINT (14.5 50.0),POINT (14.42 50.08),2018-05-28 09:03:40"));

    PAssert.that(reasons(result)).containsInAnyOrder("missing id");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void turnsAMapperBugIntoADeadLetter(TestPipeline pipeline) {
    ParseCsv<Ride> buggy =
        ParseCsv.of(Ride.class, Ride.COLUMNS, record -> {
          throw new IllegalStateException("boom");
        });
    PCollectionTuple result =
        pipeline
            .apply(Create.of(line(40, "a,b,c,d,e")).withCoder(Coders.of(pipeline, SourceLine.class)))
            .apply(buggy);

    PAssert.that(result.get(DeadLetters.TAG).apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason)))
        .containsInAnyOrder("unexpected java.lang.IllegalStateException: boom");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void sendsEveryDirtyLineToDeadLettersWithItsOriginAndNothingIsLost(TestPipeline pipeline) {
    List<SourceLine> inputs =
        List.of(
            line(40, "r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40"),
            line(120, "r2,\"Praha, Centrum\",POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00\r"),
            line(200, "r3,\"Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(280, "r4,\"Praha\"x,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(360, "r5,Praha,POINT (14.4),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(440, "r6,Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-02-29 09:05:00"),
            line(520, "r7,Praha"),
            line(600, ""),
            line(610, "r9,Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00,"));
    PCollectionTuple result =
        pipeline
            .apply(Create.of(inputs).withCoder(Coders.of(pipeline, SourceLine.class)))
            .apply(PARSE);
    PCollection<DeadLetter> deadLetters = result.get(DeadLetters.TAG);

    PAssert.that(rides(result).apply(MapElements.into(TypeDescriptors.strings()).via(Ride::getId)))
        .containsInAnyOrder("r1", "r2", "r9");
    PAssert.that(deadLetters)
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(6, all.size());
              for (DeadLetter letter : all) {
                SourceLine input =
                    inputs.stream().filter(l -> l.getOffset() == letter.getOffset()).findFirst().orElseThrow();
                assertEquals(FILE, letter.getSource());
                assertEquals(input.getText(), letter.getRaw());
                assertEquals("parse", letter.getStep());
                assertEquals(0, letter.getLine());
                assertFalse(letter.getReason().isBlank(), letter.toString());
              }
              return null;
            });
    PCollection<String> rawOfParsed =
        result.get(PARSE.parsedTag())
            .apply("RawOfParsed", MapElements.into(TypeDescriptors.strings()).via(kv -> kv.getKey().getText()));
    PCollection<String> rawOfRejected =
        deadLetters.apply("RawOfRejected", MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getRaw));
    PAssert.that(PCollectionList.of(rawOfParsed).and(rawOfRejected).apply(Flatten.pCollections()))
        .containsInAnyOrder(inputs.stream().map(SourceLine::getText).collect(Collectors.toList()));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void namesWhyEachDirtyLineWasRejected(TestPipeline pipeline) {
    PCollectionTuple result =
        parse(
            pipeline,
            line(200, "r3,\"Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(280, "r4,\"Praha\"x,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(360, "r5,Praha,POINT (14.4),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(440, "r6,Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-02-29 09:05:00"));

    PAssert.that(reasons(result))
        .satisfies(
            reasons -> {
              String all =
                  StreamSupport.stream(reasons.spliterator(), false).collect(Collectors.joining("\n"));
              assertTrue(all.contains("unterminated quoted field"), all);
              assertTrue(all.contains("unexpected character after a closing quote"), all);
              assertTrue(all.contains("WKT point needs two coordinates: 'POINT (14.4)'"), all);
              assertTrue(all.contains("impossible timestamp '2018-02-29 09:05:00'"), all);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void requiresAtLeastOneColumn() {
    assertThrows(IllegalArgumentException.class, () -> ParseCsv.of(Ride.class, List.of(), Ride::fromCsv));
  }
}
