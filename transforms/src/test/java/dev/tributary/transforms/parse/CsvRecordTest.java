package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.transforms.RecordException;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordTest {
  private static final List<String> COLUMNS = List.of("id", "name");

  private static CsvRecord record(String headerLine, String line) throws RecordException {
    CsvParser parser = CsvParser.comma();
    return new CsvRecord(
        COLUMNS, parser.split(line), CsvHeader.resolve(parser, headerLine, COLUMNS), 7);
  }

  @Test
  void getsTrimmedValueByExpectedColumn() throws RecordException {
    CsvRecord record = record("name,id", " Praha , 42 ");

    assertEquals("42", record.get(0));
    assertEquals("Praha", record.get(1));
    assertEquals("name", record.column(1));
  }

  @Test
  void requireRejectsBlankFieldNamingTheColumn() throws RecordException {
    CsvRecord record = record("id,name", "42,   ");

    RecordException e = assertThrows(RecordException.class, () -> record.require(1));
    assertEquals("missing name", e.getMessage());
  }

  @Test
  void requireReturnsPresentValue() throws RecordException {
    assertEquals("42", record("id,name", "42,x").require(0));
  }
}
