package dev.tributary.io.kafka;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.parse.CsvParser;
import dev.tributary.transforms.parse.Timestamps;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Where a payload keeps its own event time: a CSV column or a JSON field, parsed like the parse
 * transforms parse it ({@link Timestamps#parseMillis}). A payload whose time cannot be read yields
 * null; {@link KafkaLines} then stamps it with the Kafka record's timestamp and lets the parse step
 * reject it with its reason.
 */
public abstract class EventTime implements Serializable {
  private EventTime() {}

  /** Epoch millis of the payload's event time, or null when it has none that parses. */
  abstract @Nullable Long millis(String payload);

  /** Column {@code column} of header-less CSV payloads whose columns are {@code columns}. */
  public static EventTime csvColumn(List<String> columns, String column) {
    int index = columns.indexOf(requireNonNull(column, "column"));
    if (index < 0) {
      throw new IllegalArgumentException("no column '" + column + "' in " + columns);
    }
    return new CsvColumn(index);
  }

  /** Top-level field {@code field} of JSON object payloads. */
  public static EventTime jsonField(String field) {
    return new JsonField(requireNonNull(field, "field"));
  }

  private static final class CsvColumn extends EventTime {
    private final int index;
    private final CsvParser parser = CsvParser.comma();

    CsvColumn(int index) {
      this.index = index;
    }

    @Override
    @Nullable Long millis(String payload) {
      try {
        List<String> fields = parser.split(payload);
        return fields.size() > index ? Timestamps.parseMillis(fields.get(index)) : null;
      } catch (RecordException e) {
        return null;
      }
    }
  }

  private static final class JsonField extends EventTime {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String field;

    JsonField(String field) {
      this.field = field;
    }

    @Override
    @Nullable Long millis(String payload) {
      try {
        JsonNode value = MAPPER.readTree(payload).get(field);
        return value != null && value.isTextual() ? Timestamps.parseMillis(value.asText()) : null;
      } catch (IOException | RecordException e) {
        return null;
      }
    }
  }
}
