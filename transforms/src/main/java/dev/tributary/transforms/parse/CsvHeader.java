package dev.tributary.transforms.parse;

import dev.tributary.transforms.RecordException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where each expected column stands in a file's header. Column names match case-insensitively after
 * trimming, in any order, extra columns ignored; a header that lacks an expected column is an error
 * that names the missing columns and the ones found.
 */
public final class CsvHeader implements Serializable {
  private final String line;
  private final int[] positions;
  private final int minFields;

  private CsvHeader(String line, int[] positions) {
    this.line = line;
    this.positions = positions;
    this.minFields = Arrays.stream(positions).max().orElse(-1) + 1;
  }

  /** The positions of {@code expected} in {@code headerLine}. */
  public static CsvHeader resolve(CsvParser parser, String headerLine, List<String> expected)
      throws RecordException {
    List<String> found = new ArrayList<>();
    for (String name : parser.split(headerLine)) {
      found.add(name.trim().toLowerCase(Locale.ROOT));
    }
    int[] positions = new int[expected.size()];
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < expected.size(); i++) {
      positions[i] = found.indexOf(expected.get(i).toLowerCase(Locale.ROOT));
      if (positions[i] < 0) {
        missing.add(expected.get(i));
      }
    }
    if (!missing.isEmpty()) {
      throw new RecordException("header lacks column(s) " + missing + "; found " + found);
    }
    return new CsvHeader(headerLine, positions);
  }

  /** The columns in their expected order, for payloads without a header line. */
  public static CsvHeader positional(int columns) {
    int[] positions = new int[columns];
    for (int i = 0; i < columns; i++) {
      positions[i] = i;
    }
    return new CsvHeader(null, positions);
  }

  boolean isFor(String headerLine) {
    return line != null && line.equals(headerLine);
  }

  /** The position in a split line of the {@code i}-th expected column. */
  public int position(int i) {
    return positions[i];
  }

  /** The number of fields a line must have to hold every expected column. */
  public int minFields() {
    return minFields;
  }
}
