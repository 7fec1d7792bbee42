package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.Ride;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Names;
import dev.tributary.transforms.clean.Rules;
import dev.tributary.transforms.geo.GeoPoint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Count;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Flatten;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.Sum;
import org.apache.beam.sdk.transforms.display.DisplayData;
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
      Ride.of(
          "r1", "Praha", 14.4973794438195, 50.00136875782316, 14.42, 50.08, "2018-05-28 09:03:40");

  /** RIDE_1 as a line in HEADER's column order. */
  private static final String RIDE_1_ROW =
      "r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40";

  private static final ParseCsv<Ride> PARSE = ParseCsv.of(Ride.class, Ride.COLUMNS, Ride::fromCsv);

  @BeforeEach
  void failWhenAPipelineIsNotRun(TestPipeline pipeline) {
    pipeline.enableAbandonedNodeEnforcement(true);
  }

  private static SourceRecord line(long offset, String text) {
    return SourceRecord.of(Location.of(FILE, offset), text, HEADER);
  }

  private static PCollectionTuple parse(TestPipeline pipeline, SourceRecord... lines) {
    return parse(pipeline, PARSE, Arrays.asList(lines));
  }

  private static PCollectionTuple parse(
      TestPipeline pipeline, ParseCsv<Ride> parse, List<SourceRecord> lines) {
    return pipeline
        .apply(Create.of(lines).withCoder(Coders.of(pipeline, SourceRecord.class)))
        .apply(parse);
  }

  private static PCollection<Ride> rides(PCollectionTuple result) {
    return result.get(PARSE.parsedTag());
  }

  private static PCollection<String> reasons(PCollectionTuple result) {
    return result
        .get(DeadLetters.TAG)
        .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason));
  }

  @Test
  void parsesLineByHeaderNames(TestPipeline pipeline) {
    PCollectionTuple result = parse(pipeline, line(40, RIDE_1_ROW));

    PAssert.that(rides(result)).containsInAnyOrder(RIDE_1);
    PAssert.that(result.get(DeadLetters.TAG)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void outputsPlainRecordsWithTheCodersOfTheirTypes(TestPipeline pipeline) {
    SourceRecord input = line(40, RIDE_1_ROW);
    PCollectionTuple result = parse(pipeline, input);

    assertEquals(Coders.of(pipeline, Ride.class), result.get(PARSE.parsedTag()).getCoder());
    assertEquals(Coders.of(pipeline, DeadLetter.class), result.get(DeadLetters.TAG).getCoder());
    PAssert.that(result.get(PARSE.parsedTag())).containsInAnyOrder(RIDE_1);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void keepsTheSourceRecordOfARecordThatCleaningRejects(TestPipeline pipeline) {
    // Records no longer carry their line; a rejection by the fused cleaning still does.
    SourceRecord input = line(40, RIDE_1_ROW);
    ParseCsv<Ride> parse =
        PARSE.withCleaning(Clean.<Ride>create().withRule(ride -> "rejects " + ride.getId()));
    PCollectionTuple result = parse(pipeline, parse, List.of(input));

    PAssert.that(result.get(parse.parsedTag())).empty();
    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(DeadLetter.of(input, Steps.CLEAN, "rejects r1"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void findsColumnsOfAHeaderInAnotherOrderAndCaseWithExtraColumns(TestPipeline pipeline) {
    String header = "Started_At,EXTRA,Destination,ID,Origin,Region,note";
    SourceRecord input =
        SourceRecord.of(
            Location.of(FILE, 60),
            "2018-05-28 09:03:40,x,POINT (14.42 50.08),r1,POINT (14.4973794438195 50.00136875782316),Praha,",
            header);

    PAssert.that(rides(parse(pipeline, input))).containsInAnyOrder(RIDE_1);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void followsTheHeaderOfEachFile(TestPipeline pipeline) {
    SourceRecord fromA = SourceRecord.of(Location.of("a.csv", 40), RIDE_1_ROW, HEADER);
    SourceRecord fromB =
        SourceRecord.of(
            Location.of("b.csv", 40),
            "2018-05-28 09:03:40,r1,Praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08)",
            "started_at,id,region,origin,destination");

    PAssert.that(rides(parse(pipeline, fromA, fromB, fromA, fromB)))
        .containsInAnyOrder(RIDE_1, RIDE_1, RIDE_1, RIDE_1);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void mapsHeaderlessLinesByPosition(TestPipeline pipeline) {
    SourceRecord input = SourceRecord.of(Location.of("topic-0", 7), RIDE_1_ROW);

    PAssert.that(rides(parse(pipeline, input))).containsInAnyOrder(RIDE_1);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void unquotesFieldsWithCommasAndQuotes(TestPipeline pipeline) {
    SourceRecord input =
        line(
            40,
            "r1,\"Praha, \"\"Old\"\" Town\",POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40");

    PAssert.that(rides(parse(pipeline, input)))
        .containsInAnyOrder(RIDE_1.withRegion("Praha, \"Old\" Town"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void parsesBomCrlfAndEmptyOptionalField(TestPipeline pipeline) {
    SourceRecord input =
        SourceRecord.of(
            Location.of(FILE, 0),
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
            SourceRecord.of(
                Location.of(FILE, 30), "r1,Praha,POINT (14.5 50.0),2018-05-28 09:03:40", header),
            SourceRecord.of(
                Location.of(FILE, 80), "r2,Praha,POINT (14.5 50.0),2018-05-28 09:03:41", header));

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
        parse(
            pipeline,
            line(40, " ,Praha,POINT (14.5 50.0),POINT (14.42 50.08),2018-05-28 09:03:40"));

    PAssert.that(reasons(result)).containsInAnyOrder("missing id");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void turnsAMapperBugIntoADeadLetter(TestPipeline pipeline) {
    ParseCsv<Ride> buggy =
        ParseCsv.of(
            Ride.class,
            Ride.COLUMNS,
            record -> {
              throw new IllegalStateException("boom");
            });
    PCollectionTuple result =
        pipeline
            .apply(
                Create.of(line(40, "a,b,c,d,e")).withCoder(Coders.of(pipeline, SourceRecord.class)))
            .apply(buggy);

    PAssert.that(
            result
                .get(DeadLetters.TAG)
                .apply(MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason)))
        .containsInAnyOrder("unexpected java.lang.IllegalStateException: boom");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void sendsEveryDirtyLineToDeadLettersWithItsOriginAndNothingIsLost(TestPipeline pipeline) {
    List<SourceRecord> inputs =
        List.of(
            line(40, RIDE_1_ROW),
            line(
                120,
                "r2,\"Praha, Centrum\",POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00\r"),
            line(200, "r3,\"Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(280, "r4,\"Praha\"x,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(360, "r5,Praha,POINT (14.4),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(440, "r6,Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-02-29 09:05:00"),
            line(520, "r7,Praha"),
            line(600, ""),
            line(610, "r9,Praha,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00,"));
    PCollectionTuple result = parse(pipeline, PARSE, inputs);
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
                assertTracesBack(letter, inputs);
                assertEquals(Steps.PARSE, letter.getStep());
              }
              return null;
            });
    PAssert.that(
            deadLetters.apply(
                "RawOfRejected",
                MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getRaw)))
        .containsInAnyOrder(
            inputs.stream()
                .filter(
                    l ->
                        !l.getText().startsWith("r1,")
                            && !l.getText().startsWith("r2,")
                            && !l.getText().startsWith("r9,"))
                .map(SourceRecord::getText)
                .collect(Collectors.toList()));
    assertNothingIsLost(inputs.size(), result, PARSE);
    pipeline.run().waitUntilFinish();
  }

  /** Asserts that parsed records and dead letters together number {@code inputs}. */
  private static void assertNothingIsLost(
      int inputs, PCollectionTuple result, ParseCsv<Ride> parse) {
    PCollection<Long> parsedCount =
        result.get(parse.parsedTag()).apply("CountParsed", Count.globally());
    PCollection<Long> rejectedCount =
        result.get(DeadLetters.TAG).apply("CountRejected", Count.globally());
    PAssert.thatSingleton(
            PCollectionList.of(parsedCount)
                .and(rejectedCount)
                .apply("InAll", Flatten.pCollections())
                .apply("Sum", Sum.longsGlobally()))
        .isEqualTo((long) inputs);
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
                  StreamSupport.stream(reasons.spliterator(), false)
                      .collect(Collectors.joining("\n"));
              assertTrue(all.contains("unterminated quoted field"), all);
              assertTrue(all.contains("unexpected character after a closing quote"), all);
              assertTrue(all.contains("WKT point needs two coordinates: 'POINT (14.4)'"), all);
              assertTrue(all.contains("impossible timestamp '2018-02-29 09:05:00'"), all);
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  private static final Clean<Ride> CLEAN =
      Clean.<Ride>create()
          .withNormalizer(ride -> ride.withRegion(Names.placeName(ride.getRegion())))
          .withRule(Rules.required("region", Ride::getRegion))
          .withRule(Rules.onEarth("origin", Ride::getOrigin))
          .withRule(Rules.onEarth("destination", Ride::getDestination));

  @Test
  void withCleaningNormalisesAndSendsALineBreakingARuleToDeadLettersWithItsOrigin(
      TestPipeline pipeline) {
    ParseCsv<Ride> parse = PARSE.withCleaning(CLEAN);
    SourceRecord offEarth =
        line(120, "r2,Praha,POINT (200 50.0),POINT (14.42 50.08),2018-05-28 09:03:40");
    List<SourceRecord> inputs =
        List.of(
            line(
                40,
                "r1,  pRAHA ,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40"),
            offEarth);
    PCollectionTuple result = parse(pipeline, parse, inputs);

    PAssert.that(result.get(parse.parsedTag())).containsInAnyOrder(RIDE_1);
    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(
            DeadLetter.of(
                Location.of(FILE, 120),
                0,
                Steps.CLEAN,
                "origin out of range: " + GeoPoint.of(200, 50.0),
                offEarth.getText()));
    assertNothingIsLost(inputs.size(), result, parse);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withCleaningEveryLineIsParsedOrRejectedByParseOrClean(TestPipeline pipeline) {
    ParseCsv<Ride> parse = PARSE.withCleaning(CLEAN);
    List<SourceRecord> inputs =
        List.of(
            line(
                40,
                "r1,praha,POINT (14.4973794438195 50.00136875782316),POINT (14.42 50.08),2018-05-28 09:03:40"),
            line(120, "r2, ,POINT (14.4 50.0),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(200, "r3,Praha,POINT (14.4 50.0),POINT (14.42 91),2018-05-28 09:05:00"),
            line(280, "r4,Praha,POINT (14.4),POINT (14.42 50.08),2018-05-28 09:05:00"),
            line(360, "r5,Praha"),
            line(440, "r6,BRNO,POINT (16.6 49.2),POINT (16.61 49.19),2018-05-28 09:05:00"));
    PCollectionTuple result = parse(pipeline, parse, inputs);

    PAssert.that(
            result
                .get(parse.parsedTag())
                .apply(
                    MapElements.into(TypeDescriptors.strings())
                        .via(r -> r.getId() + " " + r.getRegion())))
        .containsInAnyOrder("r1 Praha", "r6 Brno");
    PAssert.that(result.get(DeadLetters.TAG))
        .satisfies(
            letters -> {
              List<String> offsetAndStep = new ArrayList<>();
              for (DeadLetter letter : letters) {
                assertTracesBack(letter, inputs);
                offsetAndStep.add(letter.getOffset() + " " + letter.getStep());
              }
              assertEquals(
                  List.of(
                      "120 " + Steps.CLEAN,
                      "200 " + Steps.CLEAN,
                      "280 " + Steps.PARSE,
                      "360 " + Steps.PARSE),
                  offsetAndStep.stream().sorted().collect(Collectors.toList()));
              return null;
            });
    assertNothingIsLost(inputs.size(), result, parse);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withCleaningTurnsAThrowingRuleIntoADeadLetterOfItsLine(TestPipeline pipeline) {
    ParseCsv<Ride> parse =
        PARSE.withCleaning(
            Clean.<Ride>create()
                .withRule(
                    ride -> {
                      throw new IllegalStateException("rule bug");
                    }));
    SourceRecord input = line(40, RIDE_1_ROW);
    PCollectionTuple result = parse(pipeline, parse, List.of(input));

    PAssert.that(result.get(parse.parsedTag())).empty();
    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(
            DeadLetter.of(
                input, Steps.CLEAN, "cleaning failed: java.lang.IllegalStateException: rule bug"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withCleaningShowsInDisplayDataAndKeepsTheParser() {
    ParseCsv<Ride> parse = PARSE.withParser(CsvParser.comma()).withCleaning(CLEAN);

    assertTrue(
        DisplayData.from(parse).items().stream()
            .anyMatch(
                item -> item.getKey().equals("cleaning") && Boolean.TRUE.equals(item.getValue())));
    assertTrue(
        DisplayData.from(PARSE).items().stream()
            .anyMatch(
                item -> item.getKey().equals("cleaning") && Boolean.FALSE.equals(item.getValue())));
    assertThrows(NullPointerException.class, () -> PARSE.withCleaning(null));
  }

  @Test
  void parsedTagIsTheSameForEveryParseCsvAndAfterAnyWith() {
    assertEquals(
        PARSE.parsedTag(), ParseCsv.of(Ride.class, Ride.COLUMNS, Ride::fromCsv).parsedTag());
    assertEquals(PARSE.parsedTag(), PARSE.withCleaning(CLEAN).parsedTag());
    assertEquals(PARSE.parsedTag(), PARSE.withParser(CsvParser.withDelimiter(';')).parsedTag());
  }

  @Test
  void twoParsersInOnePipelineKeepTheirOutputsApart(TestPipeline pipeline) {
    SourceRecord input = line(40, RIDE_1_ROW);
    PCollection<SourceRecord> lines =
        pipeline.apply(Create.of(input).withCoder(Coders.of(pipeline, SourceRecord.class)));
    ParseCsv<Ride> rejectAll =
        PARSE.withCleaning(Clean.<Ride>create().withRule(ride -> "rejects " + ride.getId()));
    PCollectionTuple parsed = lines.apply("Parse", PARSE);
    PCollectionTuple rejected = lines.apply("ParseAndRejectAll", rejectAll);

    PAssert.that(parsed.get(PARSE.parsedTag())).containsInAnyOrder(RIDE_1);
    PAssert.that(parsed.get(DeadLetters.TAG)).empty();
    PAssert.that(rejected.get(rejectAll.parsedTag())).empty();
    PAssert.that(rejected.get(DeadLetters.TAG))
        .containsInAnyOrder(DeadLetter.of(input, Steps.CLEAN, "rejects r1"));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void refusesNullArguments() {
    assertThrows(NullPointerException.class, () -> PARSE.withParser(null));
    assertThrows(NullPointerException.class, () -> ParseCsv.of(null, Ride.COLUMNS, Ride::fromCsv));
    assertThrows(
        NullPointerException.class, () -> ParseCsv.<Ride>of(Ride.class, Ride.COLUMNS, null));
  }

  @Test
  void requiresAtLeastOneColumn() {
    assertThrows(
        IllegalArgumentException.class, () -> ParseCsv.of(Ride.class, List.of(), Ride::fromCsv));
  }

  /**
   * A dead letter points at the line it rejects: same file, same offset, the line's raw text, its
   * line number still to resolve, and a reason.
   */
  private static void assertTracesBack(DeadLetter letter, List<SourceRecord> inputs) {
    SourceRecord input =
        inputs.stream()
            .filter(l -> l.getLocation().getOffset() == letter.getOffset())
            .findFirst()
            .orElseThrow();
    assertEquals(FILE, letter.getSource());
    assertEquals(input.getText(), letter.getRaw());
    assertEquals(0, letter.getLine());
    assertFalse(letter.getReason().isBlank(), letter.toString());
  }

  @Test
  void theLineParserGivesWhatTheStepGives() {
    ParseCsv.LineParser<Ride> lines = PARSE.withCleaning(CLEAN).lineParser();
    List<DeadLetter> letters = new ArrayList<>();

    assertEquals(RIDE_1, lines.parse(line(1, RIDE_1_ROW.replace("Praha", "praha")), letters::add));
    assertEquals(null, lines.parse(line(2, "r2,Praha,POINT (14.4)"), letters::add));
    assertEquals(
        null,
        lines.parse(
            line(3, RIDE_1_ROW.replace("POINT (14.42 50.08)", "POINT (14.42 95.0)")),
            letters::add));

    assertEquals(
        List.of("2|" + Steps.PARSE, "3|" + Steps.CLEAN),
        letters.stream().map(l -> l.getOffset() + "|" + l.getStep()).toList());
    assertTrue(
        letters.get(1).getReason().startsWith("destination out of range"), letters.toString());
  }
}
