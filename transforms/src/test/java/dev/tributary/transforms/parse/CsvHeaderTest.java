package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.RecordException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvHeaderTest {
  private static final List<String> EXPECTED = List.of("id", "origin", "started_at");
  private final CsvParser parser = CsvParser.comma();

  @Test
  void findsColumnsInAnyOrderAndCase() throws RecordException {
    CsvHeader header = CsvHeader.resolve(parser, "Started_At,ORIGIN,Id", EXPECTED);

    assertEquals(2, header.position(0));
    assertEquals(1, header.position(1));
    assertEquals(0, header.position(2));
    assertEquals(3, header.minFields());
  }

  @Test
  void ignoresExtraColumnsAndSpaces() throws RecordException {
    CsvHeader header =
        CsvHeader.resolve(parser, "extra, id ,note,origin,  started_at,more", EXPECTED);

    assertEquals(1, header.position(0));
    assertEquals(3, header.position(1));
    assertEquals(4, header.position(2));
    assertEquals(5, header.minFields());
  }

  @Test
  void readsQuotedHeaderWithBomAndCrlf() throws RecordException {
    CsvHeader header =
        CsvHeader.resolve(parser, "\uFEFF\"id\",\"origin\",\"started_at\"\r", EXPECTED);

    assertEquals(0, header.position(0));
    assertEquals(2, header.position(2));
  }

  @Test
  void namesTheMissingColumnAndTheOnesFound() {
    RecordException e =
        assertThrows(
            RecordException.class, () -> CsvHeader.resolve(parser, "id,started_at", EXPECTED));

    assertTrue(e.getMessage().contains("[origin]"), e.getMessage());
    assertTrue(e.getMessage().contains("found [id, started_at]"), e.getMessage());
  }

  @Test
  void positionalHeaderTakesColumnsInOrder() {
    CsvHeader header = CsvHeader.positional(3);

    assertEquals(0, header.position(0));
    assertEquals(2, header.position(2));
    assertEquals(3, header.minFields());
  }
}
