package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;
import static java.util.stream.Collectors.joining;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.parse.CsvParser;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.TextIO;
import org.apache.beam.sdk.io.WriteFilesResult;
import org.apache.beam.sdk.transforms.Contextful;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Wait;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;

/**
 * Writes SQL views as CSV files with a header, once {@code signal} is done (e.g. after the sinks
 * that fill the views): each view is read in its stated order and written by Beam's {@code FileIO}
 * and {@code TextIO} as {@code <name>.csv} in the output directory, or as {@code <name>-00000.csv},
 * {@code <name>-00001.csv}, ... when it has more rows than {@link #withRowsPerFile} allows (default
 * {@link #DEFAULT_ROWS_PER_FILE}) or more than {@link #MAX_FILE_CHARS} characters. A file's rows
 * travel as one element, so its order is the view's. Values are PostgreSQL's text forms (floats in
 * their shortest exact decimal form), booleans {@code true}/{@code false}, NULL an empty field;
 * quoting is RFC 4180.
 */
@AutoValue
public abstract class ExportCsv extends PTransform<PCollection<?>, WriteFilesResult<String>> {
  /** 100k rows: a file's rows are built in memory as one element, so bound its size. */
  public static final int DEFAULT_ROWS_PER_FILE = 100_000;

  /**
   * 4 Mi characters: on the FlinkRunner an element must fit in a sort buffer (6.3 MiB at the
   * embedded cluster's defaults) when the files are grouped by name; a bigger one fails the job.
   */
  public static final int MAX_FILE_CHARS = 4 << 20;

  /** A view to export: its file name (without .csv), and the SQL that reads it in order. */
  public record Export(String name, String query) implements Serializable {
    public static Export of(String name, String view, String orderBy) {
      return new Export(name, "SELECT * FROM " + view + " ORDER BY " + orderBy);
    }
  }

  abstract String jdbcUrl();

  abstract String outputDir();

  abstract List<Export> exports();

  abstract int rowsPerFile();

  abstract Builder toBuilder();

  public static ExportCsv of(String jdbcUrl, String outputDir, List<Export> exports) {
    if (requireNonNull(exports, "exports").isEmpty()) {
      throw new IllegalArgumentException("nothing to export: give at least one view");
    }
    return new AutoValue_ExportCsv.Builder()
        .setJdbcUrl(requireNonNull(jdbcUrl, "jdbcUrl"))
        .setOutputDir(requireNonNull(outputDir, "outputDir"))
        .setExports(List.copyOf(exports))
        .setRowsPerFile(DEFAULT_ROWS_PER_FILE)
        .build();
  }

  public ExportCsv withRowsPerFile(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows per file must be positive, was " + rows);
    }
    return toBuilder().setRowsPerFile(rows).build();
  }

  @Override
  public WriteFilesResult<String> expand(PCollection<?> signal) {
    PCollection<KV<String, String>> files =
        signal
            .getPipeline()
            .apply(
                "ListExports", Create.of(exports()).withCoder(SerializableCoder.of(Export.class)))
            .apply("AfterWrites", Wait.on(signal))
            .apply("QueryViews", ParDo.of(new QueryFn(jdbcUrl(), rowsPerFile())))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return files.apply(
        "WriteCsvFiles",
        FileIO.<String, KV<String, String>>writeDynamic()
            .by(KV::getKey)
            .withDestinationCoder(StringUtf8Coder.of())
            .via(Contextful.fn(KV::getValue), TextIO.sink())
            .to(outputDir())
            .withNaming(name -> (window, pane, shards, shard, compression) -> name)
            .withNumShards(1));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    // Not the JDBC URL: it may carry a password.
    builder
        .add(DisplayData.item("outputDir", outputDir()))
        .add(
            DisplayData.item(
                "exports", exports().stream().map(Export::name).collect(joining(", "))))
        .add(DisplayData.item("rowsPerFile", rowsPerFile()));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setJdbcUrl(String jdbcUrl);

    abstract Builder setOutputDir(String outputDir);

    abstract Builder setExports(List<Export> exports);

    abstract Builder setRowsPerFile(int rowsPerFile);

    abstract ExportCsv build();
  }

  /** Runs one export's query and emits its files: (file name, header and rows). */
  private static final class QueryFn extends DoFn<Export, KV<String, String>> {
    private final String jdbcUrl;
    private final int rowsPerFile;

    QueryFn(String jdbcUrl, int rowsPerFile) {
      this.jdbcUrl = jdbcUrl;
      this.rowsPerFile = rowsPerFile;
    }

    @ProcessElement
    public void process(@Element Export export, OutputReceiver<KV<String, String>> out)
        throws SQLException {
      try (Connection c = Postgres.connect(jdbcUrl)) {
        c.setAutoCommit(false); // a cursor, so a big view streams instead of loading at once
        try (PreparedStatement s = c.prepareStatement(export.query())) {
          s.setFetchSize(10_000);
          try (ResultSet rows = s.executeQuery()) {
            writeFiles(export.name(), rows, out);
          }
        }
      }
    }

    private void writeFiles(String name, ResultSet rows, OutputReceiver<KV<String, String>> out)
        throws SQLException {
      ResultSetMetaData meta = rows.getMetaData();
      StringBuilder header = new StringBuilder();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        header.append(i > 1 ? "," : "").append(CsvParser.quote(meta.getColumnLabel(i)));
      }
      StringBuilder file = new StringBuilder(header);
      int files = 0;
      int rowsInFile = 0;
      String previous = null; // held back until we know whether the export needs numbering
      while (rows.next()) {
        if (rowsInFile == rowsPerFile || file.length() >= MAX_FILE_CHARS) {
          if (previous != null) {
            out.output(KV.of(numbered(name, files - 1), previous));
          }
          previous = file.toString();
          files++;
          file = new StringBuilder(header);
          rowsInFile = 0;
        }
        file.append('\n');
        for (int i = 1; i <= meta.getColumnCount(); i++) {
          file.append(i > 1 ? "," : "").append(field(rows, meta, i));
        }
        rowsInFile++;
      }
      if (previous == null) {
        out.output(KV.of(name + ".csv", file.toString()));
      } else {
        out.output(KV.of(numbered(name, files - 1), previous));
        out.output(KV.of(numbered(name, files), file.toString()));
      }
    }

    private static String numbered(String name, int index) {
      return String.format("%s-%05d.csv", name, index);
    }

    private static String field(ResultSet rows, ResultSetMetaData meta, int column)
        throws SQLException {
      if ("bool".equals(meta.getColumnTypeName(column))) { // JDBC calls bit(n) BIT too
        boolean value = rows.getBoolean(column);
        return rows.wasNull() ? "" : String.valueOf(value);
      }
      String value = rows.getString(column);
      return value == null ? "" : CsvParser.quote(value);
    }
  }
}
