package dev.tributary.transforms.parse;

import dev.tributary.transforms.RecordException;
import java.util.List;

/**
 * One parsed CSV line, read by the position of a column in the transform's expected columns, with
 * the id of the input record it came from ({@link dev.tributary.transforms.SourceRecord#id}).
 */
public final class CsvRecord {
  private final List<String> columns;
  private final List<String> fields;
  private final CsvHeader header;
  private final long recordId;

  CsvRecord(List<String> columns, List<String> fields, CsvHeader header, long recordId) {
    this.columns = columns;
    this.fields = fields;
    this.header = header;
    this.recordId = recordId;
  }

  /** The id of the input record, for values that keep where they came from. */
  public long recordId() {
    return recordId;
  }

  /** The trimmed value of expected column {@code i}; empty when the field is blank. */
  public String get(int i) {
    return fields.get(header.position(i)).trim();
  }

  /** The trimmed value of expected column {@code i}, rejecting the record when it is blank. */
  public String require(int i) throws RecordException {
    String value = get(i);
    if (value.isEmpty()) {
      throw new RecordException("missing " + column(i));
    }
    return value;
  }

  /** The name of expected column {@code i}, for error messages. */
  public String column(int i) {
    return columns.get(i);
  }
}
