package dev.tributary.io.files;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvInputsTest {
  private static final List<String> COLUMNS = List.of("region", "datetime", "datasource");

  @TempDir Path dir;

  @Test
  void noMatchingFile() {
    UsageException e = fails(dir.resolve("missing-*.csv").toString());
    assertThat(
        e.getMessage(),
        allOf(containsString("no input file matches"), containsString("missing-*.csv")));
  }

  @Test
  void noSuchDirectory() {
    UsageException e = fails(dir.resolve("no/such/dir/*.csv").toString());
    assertThat(e.getMessage(), containsString("no/such/dir/*.csv"));
  }

  @Test
  void blankPattern() {
    assertThat(fails("  ").getMessage(), containsString("--input"));
    assertThat(fails("").getMessage(), containsString("--input"));
    assertThat(fails(null).getMessage(), containsString("--input"));
  }

  @Test
  void emptyFile() throws IOException {
    Path file = write("empty.csv", "");
    UsageException e = fails(file.toString());
    assertThat(e.getMessage(), allOf(containsString("empty.csv"), containsString("is empty")));
  }

  @Test
  void headerOnlyFile() throws IOException {
    write("header.csv", "region,datetime,datasource\n");
    UsageException e = fails(dir.resolve("*.csv").toString());
    assertThat(e.getMessage(), allOf(containsString("header.csv"), containsString("no rows")));
  }

  @Test
  void missingColumnIsNamed() throws IOException {
    write("good.csv", "region,datetime,datasource\nPrague,2018-05-28 09:03:40,cheap_mobile\n");
    write("bad.csv", "region,timestamp,datasource\nPrague,2018-05-28 09:03:40,cheap_mobile\n");
    UsageException e = fails(dir.resolve("*.csv").toString());
    assertThat(
        e.getMessage(),
        allOf(
            containsString("bad.csv"),
            containsString("datetime"),
            not(containsString("good.csv"))));
  }

  @Test
  void goodFilesAreCountedAndEstimated() throws IOException {
    long rows = 0;
    long bytes = 0;
    for (int f = 0; f < 3; f++) {
      // Columns in another order and case, with an extra one, CRLF in one file.
      StringBuilder text =
          new StringBuilder(
              f == 1 ? "DataSource, Region ,extra,datetime\r\n" : "region,datetime,datasource\n");
      for (int i = 0; i < 2000; i++) {
        text.append(
            f == 1
                ? "cheap_mobile,Prague,x,2018-05-28 09:03:40\r\n"
                : "Hamburg,2018-05-28 09:03:40,funny_car\n");
        rows++;
      }
      bytes += write("trips-" + f + ".csv", text.toString()).toFile().length();
    }
    write("notes.txt", "not matched");
    CsvInputs inputs = CsvInputs.check(dir.resolve("trips-*.csv").toString(), COLUMNS);
    assertEquals(3, inputs.fileCount());
    assertEquals(bytes, inputs.totalBytes());
    assertTrue(
        Math.abs(inputs.estimatedRows() - rows) <= rows / 10,
        "estimated " + inputs.estimatedRows() + " rows, actual " + rows);
  }

  @Test
  void byteOrderMarkBeforeTheHeader() throws IOException {
    Path file = dir.resolve("bom.csv");
    byte[] body =
        "region,datetime,datasource\nPrague,2018-05-28 09:03:40,cheap_mobile\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[body.length + 3];
    bytes[0] = (byte) 0xEF;
    bytes[1] = (byte) 0xBB;
    bytes[2] = (byte) 0xBF;
    System.arraycopy(body, 0, bytes, 3, body.length);
    Files.write(file, bytes);
    // ReadLines drops the BOM from the header, so the check must accept the same file.
    assertEquals(1, CsvInputs.check(file.toString(), COLUMNS).fileCount());
  }

  private UsageException fails(String pattern) {
    UsageException e = assertThrows(UsageException.class, () -> CsvInputs.check(pattern, COLUMNS));
    assertTrue(!e.getMessage().contains("\n"), "one-line message: " + e.getMessage());
    return e;
  }

  @Test
  void headerlessFilesCountEveryLineAsARow() throws IOException {
    // Its first line is no header of the columns: checked with one, it fails; without, 2 rows.
    Path file = write("cars.data", "north,2026-01-01,a\nsouth,2026-01-02,b\n");
    assertThrows(UsageException.class, () -> CsvInputs.check(file.toString(), COLUMNS));
    assertEquals(2, CsvInputs.check(file.toString(), "--input", COLUMNS, false).estimatedRows());
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
