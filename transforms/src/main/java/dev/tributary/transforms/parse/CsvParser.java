package dev.tributary.transforms.parse;

import dev.tributary.transforms.RecordException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV line into fields (RFC 4180 quoting: {@code "a, b"} and {@code ""} for a quote). A
 * leading byte-order mark and a trailing CR are dropped, so UTF-8-with-BOM and CRLF files parse
 * like plain ones. Records are one per line: a quoted field may hold commas and quotes but not a
 * line break, which is what lets a large file be split at any newline and read in parallel.
 *
 * <p>Hand-written rather than a CSV library because it runs once per input row on the hot path: no
 * regex, no {@code String.split}, one substring per unquoted field.
 */
public final class CsvParser implements Serializable {
  private static final char BOM = '\uFEFF';
  private final char delimiter;

  private CsvParser(char delimiter) {
    this.delimiter = delimiter;
  }

  public static CsvParser comma() {
    return new CsvParser(',');
  }

  public static CsvParser withDelimiter(char delimiter) {
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
      throw new IllegalArgumentException("delimiter cannot be a quote or a line break");
    }
    return new CsvParser(delimiter);
  }

  /**
   * {@code field} as a comma-separated file writes it (RFC 4180): in quotes, with quotes doubled,
   * when it holds a comma, a quote or a line break; as it is otherwise.
   */
  public static String quote(String field) {
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == ',' || c == '"' || c == '\n' || c == '\r') {
        return '"' + field.replace("\"", "\"\"") + '"';
      }
    }
    return field;
  }

  /** The fields of {@code line}, unquoted. */
  public List<String> split(String line) throws RecordException {
    int start = line.isEmpty() || line.charAt(0) != BOM ? 0 : 1;
    int end = line.length();
    if (end > start && line.charAt(end - 1) == '\r') {
      end--;
    }
    List<String> fields = new ArrayList<>(8);
    int i = start;
    while (true) {
      if (i < end && line.charAt(i) == '"') {
        i = readQuoted(line, i + 1, end, fields);
      } else {
        int next = line.indexOf(delimiter, i);
        int fieldEnd = next < 0 || next > end ? end : next;
        fields.add(line.substring(i, fieldEnd));
        i = fieldEnd;
      }
      if (i >= end) {
        return fields;
      }
      i++; // past the delimiter
      if (i == end) {
        fields.add(""); // a trailing delimiter ends with an empty field
        return fields;
      }
    }
  }

  /** Reads a quoted field whose first character is at {@code i}; returns the index after it. */
  private int readQuoted(String line, int i, int end, List<String> fields) throws RecordException {
    StringBuilder field = new StringBuilder();
    while (i < end) {
      char c = line.charAt(i);
      if (c != '"') {
        field.append(c);
        i++;
      } else if (i + 1 < end && line.charAt(i + 1) == '"') {
        field.append('"');
        i += 2;
      } else {
        i++; // closing quote
        if (i < end && line.charAt(i) != delimiter) {
          throw new RecordException("unexpected character after a closing quote at column " + i);
        }
        fields.add(field.toString());
        return i;
      }
    }
    throw new RecordException(
        "unterminated quoted field (line breaks inside quotes are not supported)");
  }
}
