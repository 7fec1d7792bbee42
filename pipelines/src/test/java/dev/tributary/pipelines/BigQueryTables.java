package dev.tributary.pipelines;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.api.services.bigquery.model.TableReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.beam.sdk.io.gcp.testing.FakeDatasetService;

/** The columns of BigQuery tables: as a fake dataset made them, and as tables.sql declares them. */
public final class BigQueryTables {
  private BigQueryTables() {}

  /** "name TYPE" of each column of {@code table} in {@code project:dataset}. */
  public static List<String> columns(
      FakeDatasetService datasets, String project, String dataset, String table) throws Exception {
    return datasets
        .getTable(
            new TableReference().setProjectId(project).setDatasetId(dataset).setTableId(table))
        .getSchema()
        .getFields()
        .stream()
        .map(f -> f.getName() + " " + f.getType())
        .toList();
  }

  /** "name TYPE" of each column of {@code table} in infra/sql/bigquery/tables.sql. */
  public static List<String> declared(String table) throws Exception {
    String sql =
        Files.readString(
            Path.of(System.getProperty("user.dir"))
                .getParent()
                .resolve("infra/sql/bigquery/tables.sql"));
    Matcher create =
        Pattern.compile(
                "CREATE TABLE IF NOT EXISTS tributary\\." + table + " \\((.*?)\\n\\)",
                Pattern.DOTALL)
            .matcher(sql);
    assertTrue(create.find(), "no CREATE TABLE " + table + " in tables.sql");
    List<String> columns = new ArrayList<>();
    Matcher column = Pattern.compile("(?m)^\\s+(\\w+)\\s+(\\w+)").matcher(create.group(1));
    while (column.find()) {
      columns.add(column.group(1) + " " + column.group(2));
    }
    return columns;
  }
}
