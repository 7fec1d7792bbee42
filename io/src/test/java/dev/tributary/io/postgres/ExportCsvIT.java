package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.postgres.ExportCsv.Export;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.beam.sdk.coders.VoidCoder;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(TestPipelineExtension.class)
class ExportCsvIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(false);

  @TempDir Path out;

  @BeforeEach
  void setUp() throws Exception {
    db.execute(
        "DROP VIEW IF EXISTS export_values",
        "DROP TABLE IF EXISTS csv_values, numbers, signal_rows",
        "CREATE TABLE csv_values (id int PRIMARY KEY, label text, flag boolean, x float8,"
            + " at timestamptz, amount numeric)",
        "CREATE TABLE numbers (n int PRIMARY KEY)",
        "CREATE TABLE signal_rows (label text PRIMARY KEY)");
  }

  @Test
  void valuesAreWrittenExactlyInTheViewsOrder(TestPipeline pipeline) throws Exception {
    db.execute(
        "INSERT INTO csv_values VALUES"
            + " (1, 'plain', true, 0.1, '2024-03-01 12:34:56.789+00', 1.50),"
            + " (2, 'comma, here', false, 1e-12, '2024-03-01 00:00:00+00', -3),"
            + " (3, 'say \"hi\"', NULL, 123456789.123456789, NULL, NULL),"
            + " (4, E'two\\nlines and \"quotes\", commas', true, 1e21, NULL, 0),"
            + " (5, E'crlf\\r\\nline', false, 100, NULL, NULL),"
            + " (6, 'Müller 🚕', true, -0.5, NULL, NULL),"
            + " (7, NULL, NULL, NULL, NULL, NULL)",
        "CREATE VIEW export_values AS SELECT id, label AS \"label, \"\"quoted\"\"\", flag, x, at,"
            + " amount FROM csv_values");
    pipeline
        .apply(Create.of(1))
        .apply(
            ExportCsv.of(
                db.jdbcUrl(),
                out.toString(),
                List.of(
                    Export.of("values", "export_values", "id DESC"),
                    new Export(
                        "flags",
                        "SELECT flag, count(*) AS rows FROM csv_values GROUP BY flag"
                            + " ORDER BY flag NULLS FIRST"))));
    pipeline.run().waitUntilFinish();

    assertEquals(List.of("flags.csv", "values.csv"), files());
    assertEquals(
        "id,\"label, \"\"quoted\"\"\",flag,x,at,amount\n"
            + "7,,,,,\n"
            + "6,Müller 🚕,true,-0.5,,\n"
            + "5,\"crlf\r\nline\",false,100,,\n"
            + "4,\"two\nlines and \"\"quotes\"\", commas\",true,1e+21,,0\n"
            + "3,\"say \"\"hi\"\"\",,123456789.12345679,,\n"
            + "2,\"comma, here\",false,1e-12,"
            + timestamptz("2024-03-01 00:00:00+00")
            + ",-3\n"
            + "1,plain,true,0.1,"
            + timestamptz("2024-03-01 12:34:56.789+00")
            + ",1.50\n",
        read("values.csv"));
    assertEquals("flag,rows\n,2\nfalse,2\ntrue,3\n", read("flags.csv"));
  }

  @Test
  void bitStringsAreTheirTextAndOnlyBooleansAreTrueOrFalse(TestPipeline pipeline) throws Exception {
    // The driver reports bool and bit(n) alike as Types.BIT; bit(3) cannot be read as a boolean.
    pipeline
        .apply(Create.of(1))
        .apply(
            ExportCsv.of(
                db.jdbcUrl(),
                out.toString(),
                List.of(
                    new Export(
                        "bits",
                        "SELECT B'101' AS bits, B'1' AS bit, true AS yes, false AS no,"
                            + " NULL::boolean AS unknown, ARRAY[true, false] AS flags"))));
    pipeline.run().waitUntilFinish();
    assertEquals(List.of("bits.csv"), files());
    assertEquals("bits,bit,yes,no,unknown,flags\n101,1,true,false,,\"{t,f}\"\n", read("bits.csv"));
  }

  @Test
  void rowsPerFileNumbersTheFilesOfBiggerExportsOnly(TestPipeline pipeline) throws Exception {
    db.execute("INSERT INTO numbers SELECT generate_series(1, 5)");
    pipeline
        .apply(Create.of(1))
        .apply(
            ExportCsv.of(
                    db.jdbcUrl(),
                    out.toString(),
                    List.of(
                        numbers("five", 5),
                        numbers("four", 4),
                        numbers("three", 3),
                        numbers("two", 2),
                        numbers("one", 1),
                        numbers("none", 0)))
                .withRowsPerFile(2));
    pipeline.run().waitUntilFinish();

    assertEquals(
        List.of(
            "five-00000.csv",
            "five-00001.csv",
            "five-00002.csv",
            "four-00000.csv",
            "four-00001.csv",
            "none.csv",
            "one.csv",
            "three-00000.csv",
            "three-00001.csv",
            "two.csv"),
        files());
    // Descending, so the order is the query's and not the table's.
    assertEquals("n\n5\n4\n", read("five-00000.csv"));
    assertEquals("n\n3\n2\n", read("five-00001.csv"));
    assertEquals("n\n1\n", read("five-00002.csv"));
    assertEquals("n\n4\n3\n", read("four-00000.csv"));
    assertEquals("n\n2\n1\n", read("four-00001.csv"));
    assertEquals("n\n3\n2\n", read("three-00000.csv"));
    assertEquals("n\n1\n", read("three-00001.csv"));
    assertEquals("n\n2\n1\n", read("two.csv"));
    assertEquals("n\n1\n", read("one.csv"));
    assertEquals("n\n", read("none.csv"), "an empty view still gets its header");
  }

  @Test
  void exportRunsAfterTheSignal(TestPipeline pipeline) throws Exception {
    db.execute("INSERT INTO signal_rows VALUES ('before')");
    PCollection<Integer> signal =
        pipeline.apply(Create.of(1)).apply("InsertRows", ParDo.of(new InsertRowsFn(db.jdbcUrl())));
    signal.apply(
        ExportCsv.of(
            db.jdbcUrl(), out.toString(), List.of(Export.of("signal", "signal_rows", "label"))));
    pipeline.run().waitUntilFinish();

    assertEquals(List.of("signal.csv"), files());
    assertEquals("label\nbefore\nelement 1\nfinished\n", read("signal.csv"));
  }

  @Test
  void emptySignalStillExports(TestPipeline pipeline) throws Exception {
    db.execute("INSERT INTO numbers VALUES (1), (2)");
    pipeline
        .apply(Create.empty(VoidCoder.of()))
        .apply(
            ExportCsv.of(
                db.jdbcUrl(), out.toString(), List.of(numbers("numbers", Integer.MAX_VALUE))));
    pipeline.run().waitUntilFinish();
    assertEquals(List.of("numbers.csv"), files());
    assertEquals("n\n2\n1\n", read("numbers.csv"));
  }

  @Test
  void invalidArguments() {
    assertThrows(IllegalArgumentException.class, () -> ExportCsv.of(db.jdbcUrl(), "x", List.of()));
    ExportCsv export = ExportCsv.of(db.jdbcUrl(), "x", List.of(numbers("n", 1)));
    assertThrows(IllegalArgumentException.class, () -> export.withRowsPerFile(0));
    assertThrows(
        NullPointerException.class, () -> ExportCsv.of(null, "x", List.of(numbers("n", 1))));
  }

  // --- helpers ---

  /** The first {@code limit} numbers of the table, largest first. */
  private static Export numbers(String name, int limit) {
    return new Export(name, "SELECT n FROM numbers WHERE n <= " + limit + " ORDER BY n DESC");
  }

  /**
   * PostgreSQL's text form of a timestamptz in the session time zone, which the JDBC driver sets to
   * the JVM's: e.g. {@code 2024-03-01 12:34:56.789+00} in UTC.
   */
  private static String timestamptz(String literal) throws SQLException {
    return db.queryRows("SELECT '" + literal + "'::timestamptz::text").get(0);
  }

  /**
   * The regular files of the output directory, sorted. Beam may leave its (empty) temporary
   * directory there, but no file in it.
   */
  private List<String> files() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> entries = Files.list(out)) {
      for (Path entry : entries.sorted().toList()) {
        if (Files.isDirectory(entry)) {
          try (Stream<Path> left = Files.walk(entry)) {
            assertEquals(List.of(entry), left.toList(), "temporary files left behind");
          }
        } else {
          names.add(entry.getFileName().toString());
        }
      }
    }
    return names;
  }

  private String read(String name) throws IOException {
    return new String(Files.readAllBytes(out.resolve(name)), StandardCharsets.UTF_8);
  }

  /**
   * The signal: inserts a row per element and one more when a bundle finishes, each after a pause
   * in which an export that did not wait would run (without Wait.on, this test fails).
   */
  private static final class InsertRowsFn extends DoFn<Integer, Integer> {
    private final String jdbcUrl;

    InsertRowsFn(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
    }

    @ProcessElement
    public void process(@Element Integer element, OutputReceiver<Integer> out)
        throws SQLException, InterruptedException {
      Thread.sleep(1000);
      insert("element " + element);
      out.output(element);
    }

    @FinishBundle
    public void finishBundle() throws SQLException, InterruptedException {
      Thread.sleep(1000);
      insert("finished");
    }

    private void insert(String label) throws SQLException {
      try (Connection c = Postgres.connect(jdbcUrl);
          PreparedStatement s =
              c.prepareStatement(
                  "INSERT INTO signal_rows VALUES (?) ON CONFLICT (label) DO NOTHING")) {
        s.setString(1, label);
        s.executeUpdate();
      }
    }
  }
}
