package dev.tributary.pipelines.dashboard;

import dev.tributary.io.postgres.SqlFile;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row of a dashboard query, its values as JSON writes them: numbers stay numbers (a {@code
 * numeric} keeps its digits), booleans booleans, days and times ISO-8601 text, NULL null.
 */
public record Row(Map<String, Object> values) {

  /** The rows of {@code query} (a SQL file of {@code infra/sql/queries/}) with its variables. */
  public static List<Row> query(Connection c, SqlFile query, Map<String, ?> variables)
      throws SQLException {
    try (PreparedStatement s = query.prepare(c, variables);
        ResultSet r = s.executeQuery()) {
      ResultSetMetaData meta = r.getMetaData();
      List<Row> rows = new ArrayList<>();
      while (r.next()) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          values.put(meta.getColumnLabel(i), json(r.getObject(i)));
        }
        rows.add(new Row(values));
      }
      return List.copyOf(rows);
    }
  }

  private static Object json(Object value) {
    if (value == null || value instanceof Number || value instanceof Boolean) {
      return value;
    }
    if (value instanceof Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof Timestamp t) {
      return t.toLocalDateTime().toString();
    }
    return value.toString();
  }

  /** The value of {@code column}; a column the query has not is a bug. */
  public Object get(String column) {
    if (!values.containsKey(column)) {
      throw new IllegalArgumentException("no column " + column + " in " + values.keySet());
    }
    return values.get(column);
  }

  /** The value of {@code column} as text (null for NULL). */
  public String text(String column) {
    Object v = get(column);
    return v == null ? null : v.toString();
  }
}
