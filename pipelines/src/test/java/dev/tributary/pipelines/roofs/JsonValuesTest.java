package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.tributary.transforms.RecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The loosely typed values of the geometry feeds. */
class JsonValuesTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static JsonNode json(String text) throws Exception {
    return MAPPER.readTree(text);
  }

  private static String rejection(Executable read) {
    return assertThrows(RecordException.class, read).getMessage();
  }

  @Test
  void noneNullAndBlankAreMissing() {
    assertTrue(JsonValues.missing(null));
    assertTrue(JsonValues.missing(NullNode.getInstance()));
    assertTrue(JsonValues.missing(MissingNode.getInstance()));
    for (String none : new String[] {"None", "none", " NONE ", "", "null", "n/a", "NaN"}) {
      assertTrue(JsonValues.missing(TextNode.valueOf(none)), none);
    }
    assertFalse(JsonValues.missing(TextNode.valueOf("0")));
    assertFalse(JsonValues.missing(TextNode.valueOf("Unknown")));
  }

  @Test
  void numbersMayBeStrings() throws Exception {
    JsonNode plane =
        json(
            "{\"pitch\": \"18.39688505962881\", \"azimuth\": \" 357.0 \", \"area\": 5,"
                + " \"none\": \"None\", \"null\": null}");
    assertEquals(18.39688505962881, JsonValues.number(plane, "pitch"));
    assertEquals(357.0, JsonValues.number(plane, "azimuth"));
    assertEquals(5.0, JsonValues.number(plane, "area"));
    assertNull(JsonValues.number(plane, "none"));
    assertNull(JsonValues.number(plane, "null"));
    assertNull(JsonValues.number(plane, "absent"));
    assertEquals("absent missing", rejection(() -> JsonValues.requiredNumber(plane, "absent")));
    assertEquals("none missing", rejection(() -> JsonValues.requiredNumber(plane, "none")));
  }

  @Test
  void anythingElseIsNotANumber() throws Exception {
    JsonNode plane = json("{\"a\": \"steep\", \"b\": true, \"c\": {\"x\": 1}}");
    assertEquals(
        "a is not a finite number: \"steep\"", rejection(() -> JsonValues.number(plane, "a")));
    assertEquals("b is not a finite number: true", rejection(() -> JsonValues.number(plane, "b")));
    assertEquals(
        "c is not a finite number: {\"x\":1}", rejection(() -> JsonValues.number(plane, "c")));
  }

  @Test
  void integersMustBeWhole() throws Exception {
    JsonNode plane =
        json("{\"id\": \"33\", \"n\": 33.0, \"half\": \"1.5\", \"huge\": 9007199254740994}");
    assertEquals(33L, JsonValues.integer(plane, "id"));
    assertEquals(33L, JsonValues.integer(plane, "n"));
    assertEquals(
        "half is not a whole number: \"1.5\"", rejection(() -> JsonValues.integer(plane, "half")));
    assertEquals(
        "huge is not a whole number: 9007199254740994",
        rejection(() -> JsonValues.integer(plane, "huge")));
    assertEquals("id2 missing", rejection(() -> JsonValues.requiredInteger(plane, "id2")));
  }

  @Test
  void textIsTrimmedAndNoneIsNull() throws Exception {
    JsonNode plane = json("{\"m\": \" CompShingle \", \"n\": \"None\", \"o\": {}, \"p\": 5}");
    assertEquals("CompShingle", JsonValues.text(plane, "m"));
    assertNull(JsonValues.text(plane, "n"));
    assertNull(JsonValues.text(plane, "o"));
    assertEquals("5", JsonValues.text(plane, "p"));
  }

  @Test
  void booleansMayBeStrings() throws Exception {
    JsonNode b =
        json("{\"t\": true, \"s\": \"TRUE\", \"f\": \"false\", \"n\": \"None\", \"y\": \"yes\"}");
    assertTrue(JsonValues.bool(b, "t"));
    assertTrue(JsonValues.bool(b, "s"));
    assertFalse(JsonValues.bool(b, "f"));
    assertFalse(JsonValues.bool(b, "n"));
    assertFalse(JsonValues.bool(b, "absent"));
    assertEquals("y is not true or false: \"yes\"", rejection(() -> JsonValues.bool(b, "y")));
  }

  @Test
  void vectorsNameTheirMissingCoordinate() throws Exception {
    JsonNode p =
        json(
            "{\"v\": {\"x\": \"1\", \"y\": 2, \"z\": 3}, \"n\": \"None\", \"c\": {\"x\": 1,"
                + " \"y\": 2}, \"a\": [1, 2, 3]}");
    assertEquals(new Vec3(1, 2, 3), JsonValues.vector(p, "v"));
    assertNull(JsonValues.vector(p, "n"));
    assertEquals("c.z missing", rejection(() -> JsonValues.vector(p, "c")));
    assertEquals(
        "a is not an {x, y, z} object: [1,2,3]", rejection(() -> JsonValues.vector(p, "a")));
  }

  @Test
  void aMissingSectionListsTheKeysThereAre() throws Exception {
    JsonNode doc = json("{\"id\": 1, \"site_model\": {}, \"buildings\": \"None\"}");
    assertEquals(
        "no siteModel object in the model (keys: id, site_model, buildings)",
        rejection(() -> JsonValues.object(doc, "siteModel", "the model")));
    assertEquals(
        "no buildings array in siteModel (found \"None\")",
        rejection(() -> JsonValues.array(doc, "buildings", "siteModel")));
    JsonNode longValue = json("{\"edges\": \"" + "x".repeat(100) + "\"}");
    assertEquals(
        "no edges array in the ring (found \"" + "x".repeat(56) + "...)",
        rejection(() -> JsonValues.array(longValue, "edges", "the ring")));
  }

  @Test
  void optionalArraysMayBeAbsentOrNone() throws Exception {
    JsonNode plane = json("{\"a\": [1], \"n\": \"None\", \"z\": null, \"o\": {}}");
    assertEquals(1, JsonValues.optionalArray(plane, "a").size());
    assertNull(JsonValues.optionalArray(plane, "n"));
    assertNull(JsonValues.optionalArray(plane, "z"));
    assertNull(JsonValues.optionalArray(plane, "absent"));
    assertEquals("o is not an array: {}", rejection(() -> JsonValues.optionalArray(plane, "o")));
  }
}
