package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.Coders;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.DeadLetters;
import dev.tributary.transforms.SourceLine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.Values;
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

  private static PCollectionTuple parse(TestPipeline pipeline, ParseJson<Reading> parse, String... documents) {
    List<SourceLine> lines = new ArrayList<>();
    for (int i = 0; i < documents.length; i++) {
      lines.add(SourceLine.of("readings", i, documents[i]));
    }
    return pipeline
        .apply(Create.of(lines).withCoder(Coders.of(pipeline, SourceLine.class)))
        .apply(parse);
  }

  private static void assertOneDeadLetter(
      PCollectionTuple result, long offset, String raw, String... reasonParts) {
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
              assertEquals("parse", letter.getStep());
              assertFalse(letter.getReason().isBlank());
              Arrays.stream(reasonParts)
                  .forEach(part -> assertTrue(letter.getReason().contains(part), letter.getReason()));
              return null;
            });
  }

  @Test
  void bindsValidDocuments(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    PCollectionTuple result =
        parse(pipeline, parse, "{\"sensor\":\"s1\",\"value\":3}", " { \"value\" : -7 , \"sensor\" : \"s2\" } ");

    PAssert.that(result.get(parse.parsedTag()).apply(Values.create()))
        .containsInAnyOrder(new Reading("s1", 3), new Reading("s2", -7));
    PAssert.that(result.get(DeadLetters.TAG)).empty();
    pipeline.run().waitUntilFinish();
  }

  @Test
  void ignoresUnknownPropertiesByDefault(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class);
    PCollectionTuple result = parse(pipeline, parse, "{\"sensor\":\"s1\",\"value\":3,\"unit\":\"C\"}");

    PAssert.that(result.get(parse.parsedTag()).apply(Values.create()))
        .containsInAnyOrder(new Reading("s1", 3));
    pipeline.run().waitUntilFinish();
  }

  @Test
  void strictPropertiesRejectsAnUnknownProperty(TestPipeline pipeline) {
    ParseJson<Reading> parse = ParseJson.of(Reading.class).withStrictProperties();
    String misspelt = "{\"sensor\":\"s1\",\"valeu\":3}";
    PCollectionTuple result = parse(pipeline, parse, "{\"sensor\":\"s1\",\"value\":3}", misspelt);

    PAssert.that(result.get(parse.parsedTag()).apply(Values.create()))
        .containsInAnyOrder(new Reading("s1", 3));
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
}
