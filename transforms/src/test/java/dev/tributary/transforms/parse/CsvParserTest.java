package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.RecordException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvParserTest {
  private final CsvParser parser = CsvParser.comma();

  @Test
  void splitsPlainFields() throws RecordException {
    assertEquals(List.of("a", "b", "c"), parser.split("a,b,c"));
  }

  @Test
  void keepsCommasInsideQuotes() throws RecordException {
    assertEquals(List.of("Praha, Centrum", "x"), parser.split("\"Praha, Centrum\",x"));
  }

  @Test
  void unescapesDoubledQuotes() throws RecordException {
    assertEquals(
        List.of("say \"hi\"", "\"", "end"), parser.split("\"say \"\"hi\"\"\",\"\"\"\",end"));
  }

  @Test
  void keepsEmptyFields() throws RecordException {
    assertEquals(List.of("", "a", "", "b"), parser.split(",a,,b"));
    assertEquals(List.of("a", "", "c"), parser.split("a,\"\",c"));
  }

  @Test
  void emptyLineIsOneEmptyField() throws RecordException {
    assertEquals(List.of(""), parser.split(""));
  }

  @Test
  void trailingDelimiterEndsWithAnEmptyField() throws RecordException {
    assertEquals(List.of("a", "b", ""), parser.split("a,b,"));
    assertEquals(List.of("a", ""), parser.split("\"a\","));
  }

  @Test
  void dropsByteOrderMark() throws RecordException {
    assertEquals(List.of("id", "name"), parser.split("\uFEFFid,name"));
    assertEquals(List.of("id", "name"), parser.split("\uFEFF\"id\",name"));
  }

  @Test
  void dropsCarriageReturnOfCrlf() throws RecordException {
    assertEquals(List.of("a", "b"), parser.split("a,b\r"));
    assertEquals(List.of("a", "b"), parser.split("\"a\",\"b\"\r"));
    assertEquals(List.of("a", ""), parser.split("a,\r"));
  }

  @Test
  void bomAndCrlfTogetherParseLikeAPlainLine() throws RecordException {
    assertEquals(parser.split("id,region"), parser.split("\uFEFFid,region\r"));
  }

  @Test
  void rejectsUnterminatedQuote() {
    RecordException e = assertThrows(RecordException.class, () -> parser.split("a,\"bc,d"));
    assertTrue(e.getMessage().contains("unterminated"), e.getMessage());
  }

  @Test
  void rejectsJunkAfterClosingQuote() {
    RecordException e = assertThrows(RecordException.class, () -> parser.split("\"a\"b,c"));
    assertTrue(e.getMessage().contains("after a closing quote"), e.getMessage());
  }

  @Test
  void usesAnotherDelimiter() throws RecordException {
    assertEquals(List.of("a", "b,c", "d;e"), CsvParser.withDelimiter(';').split("a;b,c;\"d;e\""));
  }

  @Test
  void rejectsQuoteOrLineBreakAsDelimiter() {
    assertThrows(IllegalArgumentException.class, () -> CsvParser.withDelimiter('"'));
    assertThrows(IllegalArgumentException.class, () -> CsvParser.withDelimiter('\n'));
    assertThrows(IllegalArgumentException.class, () -> CsvParser.withDelimiter('\r'));
  }

  @Test
  void quotesOnlyWhatNeedsItAndSplitReadsItBack() throws RecordException {
    assertEquals("plain", CsvParser.quote("plain"));
    assertEquals("\"a, b\"", CsvParser.quote("a, b"));
    assertEquals("\"say \"\"hi\"\"\"", CsvParser.quote("say \"hi\""));
    assertEquals("\"two\nlines\"", CsvParser.quote("two\nlines"));
    assertEquals("\"cr\r\"", CsvParser.quote("cr\r"));
    List<String> fields = List.of("x", "a, b", "say \"hi\"", "");
    assertEquals(
        fields,
        CsvParser.comma().split(String.join(",", fields.stream().map(CsvParser::quote).toList())));
  }
}
