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
  private static final Pattern VARIABLE =
      Pattern.compile(":(?:'([A-Za-z_][A-Za-z0-9_]*)'|([A-Za-z_][A-Za-z0-9_]*))");
  private static final Pattern DOLLAR_TAG = Pattern.compile("\\$(?:[A-Za-z_][A-Za-z0-9_]*)?\\$");

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

  /**
   * Replaces psql variables with {@code ?} the way psql interpolates them: not inside comments,
   * quoted literals or identifiers, dollar-quoted bodies, nor in {@code ::} casts.
   */
  static SqlFile parse(String text) {
    StringBuilder sql = new StringBuilder();
    List<String> parameters = new ArrayList<>();
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      char next = i + 1 < n ? text.charAt(i + 1) : 0;
      int end;
      if (c == '-' && next == '-') {
        end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (c == '/' && next == '*') {
        end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (c == '\'' || c == '"') {
        boolean backslashes =
            c == '\'' && i > 0 && (text.charAt(i - 1) == 'E' || text.charAt(i - 1) == 'e');
        end = closingQuote(text, i, c, backslashes);
      } else if (c == '$' && (i == 0 || !isIdentifierPart(text.charAt(i - 1)))) {
        Matcher tag = DOLLAR_TAG.matcher(text).region(i, n);
        if (tag.lookingAt()) {
          int close = text.indexOf(tag.group(), tag.end());
          end = close < 0 ? n : close + tag.group().length();
        } else {
          end = i + 1;
        }
      } else if (c == ':' && next == ':') {
        end = i + 2;
      } else if (c == ':') {
        Matcher variable = VARIABLE.matcher(text).region(i, n);
        if (variable.lookingAt()) {
          parameters.add(variable.group(1) != null ? variable.group(1) : variable.group(2));
          sql.append('?');
          i = variable.end();
          continue;
        }
        end = i + 1;
      } else {
        end = i + 1;
      }
      sql.append(text, i, end);
      i = end;
    }
    String statement = sql.toString().strip();
    if (statement.endsWith(";")) {
      statement = statement.substring(0, statement.length() - 1);
    }
    return new SqlFile(statement, List.copyOf(parameters));
  }

  /** The index after the quote closing the literal or identifier opened at {@code open}. */
  private static int closingQuote(String text, int open, char quote, boolean backslashes) {
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (backslashes && c == '\\') {
        i += 2;
      } else if (c == quote && i + 1 < text.length() && text.charAt(i + 1) == quote) {
        i += 2; // a doubled quote stands for itself
      } else if (c == quote) {
        return i + 1;
      } else {
        i++;
      }
    }
    return text.length();
  }

  private static boolean isIdentifierPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** A statement with every variable bound from {@code values} (String, Double, Boolean, ...). */
  public PreparedStatement prepare(Connection connection, Map<String, ?> values)
      throws SQLException {
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
