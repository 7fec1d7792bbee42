package dev.tributary.io.postgres;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.values.Row;
import org.joda.time.ReadableInstant;

/**
 * Encodes schema'd records as binary COPY rows of a staging table, each field in the binary form of
 * the column it goes to: the column types are read from the staging table itself once per
 * connection ({@link #prepare}), so a record's {@code long} lands in a {@code smallint} column and
 * a string in a {@code jsonb} one without the caller writing an encoder.
 */
final class SchemaRowEncoder<T> implements RowEncoder<T> {
  /** Writes one field's value, never null here, in the binary form of its column. */
  private interface FieldWriter {
    void write(PgBinaryWriter row, Object value);
  }

  private final SerializableFunction<T, Row> toRow;
  private final Schema schema;
  private final String stagingTable;
  private transient List<FieldWriter> writers;

  SchemaRowEncoder(SerializableFunction<T, Row> toRow, Schema schema, String stagingTable) {
    this.toRow = toRow;
    this.schema = schema;
    this.stagingTable = stagingTable;
  }

  @Override
  public void prepare(Connection connection) throws SQLException {
    List<String> types = new ArrayList<>();
    try (PreparedStatement s =
        connection.prepareStatement(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute"
                + " WHERE attrelid = ?::regclass AND attnum > 0 AND NOT attisdropped"
                + " ORDER BY attnum")) {
      s.setString(1, stagingTable);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          types.add(r.getString(1));
        }
      }
    }
    if (types.size() != schema.getFieldCount()) {
      throw new IllegalStateException(
          stagingTable
              + " has "
              + types.size()
              + " columns for "
              + schema.getFieldCount()
              + " fields");
    }
    writers = new ArrayList<>();
    for (int i = 0; i < types.size(); i++) {
      writers.add(writer(schema.getField(i), types.get(i)));
    }
  }

  @Override
  public void encode(T value, PgBinaryWriter row) {
    Row fields = toRow.apply(value);
    row.row(writers.size());
    for (int i = 0; i < writers.size(); i++) {
      Object field = fields.getValue(i);
      if (field == null) {
        row.nul();
      } else {
        writers.get(i).write(row, field);
      }
    }
  }

  /** How a field of {@code field}'s type is written to a column of {@code type}. */
  private static FieldWriter writer(Schema.Field field, String type) {
    Schema.TypeName from = field.getType().getTypeName();
    FieldWriter writer =
        switch (type.startsWith("numeric") ? "numeric" : type) {
          case "text", "character varying", "name", "json", "\"char\"" ->
              string(from, (r, v) -> r.text((String) v));
          case "jsonb" ->
              string(
                  from,
                  (r, v) -> {
                    String json = (String) v;
                    if (json.isEmpty()) {
                      r.nul(); // no document: SQL NULL, not an invalid empty one
                    } else {
                      r.jsonb(json);
                    }
                  });
          case "uuid" -> string(from, (r, v) -> r.uuid(UUID.fromString((String) v)));
          case "date" -> string(from, (r, v) -> r.date(LocalDate.parse((String) v)));
          case "smallint" -> integral(from, (r, v) -> r.int2(Math.toIntExact(narrow(v, 16))));
          case "integer" -> integral(from, (r, v) -> r.int4(Math.toIntExact(narrow(v, 32))));
          case "bigint" -> integral(from, (r, v) -> r.int8(((Number) v).longValue()));
          case "double precision" ->
              from.isNumericType() ? (r, v) -> r.float8(((Number) v).doubleValue()) : null;
          case "numeric" ->
              from == Schema.TypeName.DECIMAL ? (r, v) -> r.numeric((BigDecimal) v) : null;
          case "real" -> from == Schema.TypeName.FLOAT ? (r, v) -> r.float4((Float) v) : null;
          case "boolean" -> from == Schema.TypeName.BOOLEAN ? (r, v) -> r.bool((Boolean) v) : null;
          case "bytea" -> from == Schema.TypeName.BYTES ? (r, v) -> r.bytes((byte[]) v) : null;
          case "timestamp without time zone", "timestamp with time zone" ->
              from == Schema.TypeName.DATETIME
                  ? (r, v) -> r.timestampMillis(((ReadableInstant) v).getMillis())
                  : null;
          default -> null;
        };
    if (writer == null) {
      throw new IllegalArgumentException(
          "field "
              + field.getName()
              + " ("
              + field.getType()
              + ") cannot be written to a column"
              + " of type "
              + type);
    }
    return writer;
  }

  private static FieldWriter string(Schema.TypeName from, FieldWriter writer) {
    return from == Schema.TypeName.STRING ? writer : null;
  }

  private static FieldWriter integral(Schema.TypeName from, FieldWriter writer) {
    return from == Schema.TypeName.BYTE
            || from == Schema.TypeName.INT16
            || from == Schema.TypeName.INT32
            || from == Schema.TypeName.INT64
        ? writer
        : null;
  }

  /** The value, failing loudly rather than wrapping when it does not fit the column's bits. */
  private static long narrow(Object value, int bits) {
    long v = ((Number) value).longValue();
    if (v < -(1L << (bits - 1)) || v >= 1L << (bits - 1)) {
      throw new ArithmeticException(v + " does not fit a " + bits + "-bit column");
    }
    return v;
  }
}
