package dev.tributary.pipelines.runtime;

import dev.tributary.io.postgres.Postgres;
import dev.tributary.io.postgres.SqlFile;
import dev.tributary.transforms.parse.CsvParser;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A query's answer for the question CLIs ({@code scripts/energy.sh}, {@code scripts/weather.sh}):
 * its column names and rows, each value as PostgreSQL prints it (numbers rounded by the query,
 * {@code t}/{@code f}) or null for NULL, printed as {@code psql --csv} would.
 */
public record QueryTable(List<String> columns, List<List<String>> rows) {

  /** Runs {@code query} (a SQL file of {@code infra/sql/queries/}) with its psql variables. */
  public static QueryTable run(String jdbcUrl, SqlFile query, Map<String, ?> values)
      throws SQLException {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = query.prepare(c, values)) {
      return read(s);
    }
  }

  /** Runs {@code sql}, its {@code ?} bound to {@code parameters} in order: a CLI's lookups. */
  public static QueryTable query(String jdbcUrl, String sql, Object... parameters)
      throws SQLException {
    try (Connection c = Postgres.connect(jdbcUrl);
        PreparedStatement s = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        s.setObject(i + 1, parameters[i]);
      }
      return read(s);
    }
  }

  private static QueryTable read(PreparedStatement s) throws SQLException {
    try (ResultSet r = s.executeQuery()) {
      int columns = r.getMetaData().getColumnCount();
      List<String> names = new ArrayList<>();
      for (int i = 1; i <= columns; i++) {
        names.add(r.getMetaData().getColumnLabel(i));
      }
      List<List<String>> rows = new ArrayList<>();
      while (r.next()) {
        List<String> row = new ArrayList<>(columns);
        for (int i = 1; i <= columns; i++) {
          row.add(r.getString(i));
        }
        rows.add(Collections.unmodifiableList(row));
      }
      return new QueryTable(List.copyOf(names), List.copyOf(rows));
    }
  }

  /** The first column of every row. */
  public List<String> firsts() {
    return rows.stream().map(row -> row.get(0)).toList();
  }

  /** The value of {@code column} in {@code row}. */
  public String value(List<String> row, String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return row.get(i);
  }

  /** The header line, then a line per row. */
  public void printCsv(PrintStream out) {
    out.print(csvLine(columns));
    for (List<String> row : rows) {
      out.print(csvLine(row));
    }
    out.flush();
  }

  /**
   * One CSV record and its line end, as {@code psql --csv} prints it: a field quoted when RFC 4180
   * needs it (a comma, a quote, a line break), NULL an empty field.
   */
  public static String csvLine(List<String> fields) {
    return fields.stream()
            .map(f -> f == null ? "" : CsvParser.quote(f))
            .collect(Collectors.joining(","))
        + "\n";
  }
}
