package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.Steps;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Names;
import dev.tributary.transforms.clean.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class ParseJsonTest {
  @BeforeEach
  void failWhenAPipelineIsNotRun(TestPipeline pipeline) {
    pipeline.enableAbandonedNodeEnforcement(true);
  }

  private static PCollectionTuple parse(
      TestPipeline pipeline, ParseJson<Reading> parse, String... documents) {
    List<SourceRecord> lines = new ArrayList<>();
    for (int i = 0; i < documents.length; i++) {
      lines.add(SourceRecord.of(Location.of("readings", i), documents[i]));
    }
    return pipeline
        .apply(Create.of(lines).withCoder(Coders.of(pipeline, SourceRecord.class)))
        .apply(parse);
  }

  private static void assertOneDeadLetter(
      PCollectionTuple result, long offset, String raw, String... reasonParts) {
    assertOneDeadLetter(result, Steps.PARSE, offset, raw, reasonParts);
  }

  private static void assertOneDeadLetter(
      PCollectionTuple result, String step, long offset, String raw, String... reasonParts) {
    PAssert.that(result.get(DeadLetters.TAG))
        .satisfies(
            letters -> {
              List<DeadLetter> all = new ArrayList<>();
              letters.forEach(all::add);
              assertEquals(1, all.size(), all.toString());
              DeadLetter letter = all.get(0);
              assertEquals("readings", letter.getSource());
              assertEquals(offset, letter.getOffset());
              assertEquals(raw, letter.getRaw());
              assertEquals(step, letter.getStep());
              assertEquals(0, letter.getLine());
              assertFalse(letter.getReason().isBlank());
              Arrays.stream(reasonParts)
                  .forEach(
                      part -> assertTrue(letter.getReason().contains(part), letter.getReason()));
              return null;
            });
  }

  @Test
  void bindsValidDocuments(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    PCollectionTuple result =
        parse(
            pipeline,
            parse,
            "{\"sensor\":\"s1\",\"value\":3}",
            " { \"value\" : -7 , \"sensor\" : \"s2\" } ");

    PAssert.that(result.get(parse.parsedTag()))
        .containsInAnyOrder(new Reading("s1", 3), new Reading("s2", -7));
    PAssert.that(result.get(DeadLetters.TAG)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void ignoresUnknownPropertiesByDefault(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    PCollectionTuple result =
        parse(pipeline, parse, "{\"sensor\":\"s1\",\"value\":3,\"unit\":\"C\"}");

    PAssert.that(result.get(parse.parsedTag())).containsInAnyOrder(new Reading("s1", 3));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void strictPropertiesRejectsAnUnknownProperty(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class).withStrictProperties();
    String misspelt = "{\"sensor\":\"s1\",\"valeu\":3}";
    PCollectionTuple result = parse(pipeline, parse, "{\"sensor\":\"s1\",\"value\":3}", misspelt);

    PAssert.that(result.get(parse.parsedTag())).containsInAnyOrder(new Reading("s1", 3));
    assertOneDeadLetter(result, 1, misspelt, "valeu");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsMalformedJson(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    PCollectionTuple result = parse(pipeline, parse, "{\"sensor\":\"s1\",\"value\":");

    PAssert.that(result.get(parse.parsedTag())).empty();
    assertOneDeadLetter(result, 0, "{\"sensor\":\"s1\",\"value\":");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsTrailingGarbageAfterTheDocument(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    String twoDocuments = "{\"sensor\":\"s1\",\"value\":1} {\"sensor\":\"s2\",\"value\":2}";
    PCollectionTuple result = parse(pipeline, parse, twoDocuments);

    PAssert.that(result.get(parse.parsedTag())).empty();
    assertOneDeadLetter(result, 0, twoDocuments, "Trailing token");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsAValueOfTheWrongType(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    String wrongType = "{\"sensor\":\"s1\",\"value\":\"three\"}";
    PCollectionTuple result = parse(pipeline, parse, wrongType);

    PAssert.that(result.get(parse.parsedTag())).empty();
    assertOneDeadLetter(result, 0, wrongType, "three");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsAnObjectWhereATextIsExpected(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    String nested = "{\"sensor\":{\"id\":\"s1\"},\"value\":3}";
    PCollectionTuple result = parse(pipeline, parse, nested);

    assertOneDeadLetter(result, 0, nested);
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsNullAndEmptyDocuments(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    PCollectionTuple result = parse(pipeline, parse, "null", "", "[1,2]");

    PAssert.that(result.get(parse.parsedTag())).empty();
    PAssert.that(result.get(DeadLetters.TAG))
        .satisfies(
            letters -> {
              List<String> reasons = new ArrayList<>();
              letters.forEach(letter -> reasons.add(letter.getReason()));
              assertEquals(3, reasons.size(), reasons.toString());
              assertTrue(reasons.contains("empty JSON document"), reasons.toString());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsNullForAPrimitiveInsteadOfMakingItZero(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    String nullValue = "{\"sensor\":\"s1\",\"value\":null}";
    PCollectionTuple result = parse(pipeline, parse, "{\"sensor\":\"s0\",\"value\":0}", nullValue);

    PAssert.that(result.get(parse.parsedTag())).containsInAnyOrder(new Reading("s0", 0));
    assertOneDeadLetter(result, 1, nullValue, "null", "int");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void rejectsAFractionForAnIntInsteadOfTruncatingIt(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    String fraction = "{\"sensor\":\"s1\",\"value\":1.7}";
    PCollectionTuple result = parse(pipeline, parse, "{\"sensor\":\"s0\",\"value\":1}", fraction);

    PAssert.that(result.get(parse.parsedTag())).containsInAnyOrder(new Reading("s0", 1));
    assertOneDeadLetter(result, 1, fraction, "1.7", "int");
    pipeline.run().waitUntilFinish();
  }

  private static final Clean<Reading> CLEAN =
      Clean.<Reading>create()
          .withNormalizer(
              r -> new Reading(r.sensor == null ? null : Names.identifier(r.sensor), r.value))
          .withRule(Rules.required("sensor", r -> r.sensor))
          .withRule(r -> r.value >= 0 ? null : "negative value: " + r.value);

  @Test
  void withCleaningNormalisesAndRejectsInTheSameStep(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class).withCleaning(CLEAN);
    String negative = "{\"sensor\":\"s2\",\"value\":-7}";
    PCollectionTuple result =
        parse(pipeline, parse, "{\"sensor\":\" Cheap - Mobile \",\"value\":3}", negative);

    PAssert.that(result.get(parse.parsedTag())).containsInAnyOrder(new Reading("cheap_mobile", 3));
    PAssert.that(result.get(DeadLetters.TAG))
        .containsInAnyOrder(
            DeadLetter.of(
                Location.of("readings", 1), 0, Steps.CLEAN, "negative value: -7", negative));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withCleaningSendsEveryDocumentToParsedOrDeadLetters(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class).withCleaning(CLEAN);
    String[] documents = {
      "{\"sensor\":\"s0\",\"value\":3}",
      "{\"sensor\":\"  \",\"value\":3}",
      "{\"value\":3}",
      "{\"sensor\":\"s3\",\"value\":-1}",
      "{\"sensor\":\"s4\",\"value\":1.5}",
      "{\"sensor\":\"s5\"",
      "{\"sensor\":\"S 6\",\"value\":6}"
    };
    PCollectionTuple result = parse(pipeline, parse, documents);

    PAssert.that(result.get(parse.parsedTag()))
        .containsInAnyOrder(new Reading("s0", 3), new Reading("s_6", 6));
    PAssert.that(result.get(DeadLetters.TAG))
        .satisfies(
            letters -> {
              List<String> stepAndRaw = new ArrayList<>();
              for (DeadLetter letter : letters) {
                assertEquals(documents[(int) letter.getOffset()], letter.getRaw());
                stepAndRaw.add(
                    letter.getOffset() + " " + letter.getStep() + " " + letter.getReason());
              }
              assertEquals(5, stepAndRaw.size(), stepAndRaw.toString());
              assertTrue(
                  stepAndRaw.contains("1 " + Steps.CLEAN + " missing sensor"),
                  stepAndRaw.toString());
              assertTrue(
                  stepAndRaw.contains("2 " + Steps.CLEAN + " missing sensor"),
                  stepAndRaw.toString());
              assertTrue(
                  stepAndRaw.contains("3 " + Steps.CLEAN + " negative value: -1"),
                  stepAndRaw.toString());
              assertTrue(
                  stepAndRaw.stream().anyMatch(s -> s.startsWith("4 " + Steps.PARSE + " ")),
                  stepAndRaw.toString());
              assertTrue(
                  stepAndRaw.stream().anyMatch(s -> s.startsWith("5 " + Steps.PARSE + " ")),
                  stepAndRaw.toString());
              return null;
            });
    pipeline.run().waitUntilFinish();
  }

  @Test
  void withCleaningTurnsAThrowingRuleIntoADeadLetter(TestPipeline pipeline) {
    Clean<Reading> throwing =
        Clean.<Reading>create()
            .withRule(
                r -> {
                  throw new IllegalStateException("rule bug on " + r.sensor);
                });
    ParseJson<Reading> parse = ParseJson.of(Reading.class).withCleaning(throwing);
    String document = "{\"sensor\":\"s1\",\"value\":1}";
    PCollectionTuple result = parse(pipeline, parse, document);

    PAssert.that(result.get(parse.parsedTag())).empty();
    assertOneDeadLetter(
        result,
        Steps.CLEAN,
        0,
        document,
        "cleaning failed: java.lang.IllegalStateException: rule bug on s1");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void parsedTagIsTheSameForEveryParseJsonAndAfterAnyWith() {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    assertEquals(parse.parsedTag(), ParseJson.of(Reading.class).parsedTag());
    assertEquals(parse.parsedTag(), parse.withStrictProperties().parsedTag());
    assertEquals(parse.parsedTag(), parse.withCleaning(CLEAN).parsedTag());
  }

  @Test
  void displaysItsConfiguration() {
    ParseJson<Reading> parse = ParseJson.of(Reading.class).withStrictProperties();
    Map<String, Object> items = new HashMap<>();
    DisplayData.from(parse.withCleaning(CLEAN))
        .items()
        .forEach(item -> items.put(item.getKey(), item.getValue()));

    assertEquals(Reading.class.getName(), items.get("type"));
    assertEquals(true, items.get("failOnUnknownProperties"));
    assertEquals(true, items.get("cleaning"));
    assertThrows(NullPointerException.class, () -> parse.withCleaning(null));
    assertThrows(NullPointerException.class, () -> ParseJson.of(null));
  }
}
