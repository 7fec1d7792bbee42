package dev.tributary.io.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A query kept as a {@code .sql} file that people run with {@code psql -v name=value -f FILE}, run
 * from Java with the same text: psql variables ({@code :name} and {@code :'name'}) become JDBC
 * parameters bound by name. One copy of each query, runnable both ways.
 */
public final class SqlFile {
  private static final Pattern VARIABLE = Pattern.compile("(?<!:):'?([A-Za-z_][A-Za-z0-9_]*)'?");

  private final String sql;
  private final List<String> parameters;

  private SqlFile(String sql, List<String> parameters) {
    this.sql = sql;
    this.parameters = parameters;
  }

  /** Loads a query from the classpath, e.g. {@code sql/queries/weekly_average_region.sql}. */
  public static SqlFile load(String resource) {
    try (InputStream in = SqlFile.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("query " + resource + " is missing from the classpath");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SqlFile parse(String text) {
    StringBuilder sql = new StringBuilder();
    List<String> parameters = new ArrayList<>();
    for (String line : text.split("\n")) {
      String code = line.strip().startsWith("--") ? "" : line;
      Matcher m = VARIABLE.matcher(code);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        parameters.add(m.group(1));
        m.appendReplacement(out, "?");
      }
      m.appendTail(out);
      sql.append(out).append('\n');
    }
    String statement = sql.toString().strip();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1);
    }
    return new SqlFile(statement, List.copyOf(parameters));
  }

  /** A statement with every variable bound from {@code values} (String, Double, Boolean, ...). */
  public PreparedStatement prepare(Connection connection, Map<String, ?> values) throws SQLException {
    PreparedStatement statement = connection.prepareStatement(sql);
    for (int i = 0; i < parameters.size(); i++) {
      String name = parameters.get(i);
      if (!values.containsKey(name)) {
        statement.close();
        throw new IllegalArgumentException("query needs a value for :" + name);
      }
      statement.setObject(i + 1, values.get(name));
    }
    return statement;
  }

  String sql() {
    return sql;
  }
}
