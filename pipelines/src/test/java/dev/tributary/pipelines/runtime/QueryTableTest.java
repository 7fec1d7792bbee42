package dev.tributary.pipelines.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The question CLIs' CSV output, without a database. */
class QueryTableTest {
  @Test
  void csvQuotesOnlyWhatRfc4180Needs() {
    assertEquals("day,12.500,t\n", QueryTable.csvLine(Arrays.asList("day", "12.500", "t")));
    // NULL is an empty field, as psql --csv prints it.
    assertEquals("a,,c\n", QueryTable.csvLine(Arrays.asList("a", null, "c")));
    assertEquals(",\n", QueryTable.csvLine(Arrays.asList(null, null)));
    assertEquals(
        "\"Biomass, solid\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\r\"\n",
        QueryTable.csvLine(Arrays.asList("Biomass, solid", "say \"hi\"", "two\nlines", "cr\r")));
    assertEquals(" spaced ,x\n", QueryTable.csvLine(Arrays.asList(" spaced ", "x")));
  }

  @Test
  void aTableIsItsHeaderThenItsRows() {
    QueryTable table =
        new QueryTable(List.of("city", "mean_c"), List.of(Arrays.asList("Oslo, NO", null)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    table.printCsv(new PrintStream(out, true, StandardCharsets.UTF_8));
    assertEquals("city,mean_c\n\"Oslo, NO\",\n", out.toString(StandardCharsets.UTF_8));
    assertEquals("Oslo, NO", table.value(table.rows().get(0), "city"));
    assertThrows(IllegalArgumentException.class, () -> table.value(table.rows().get(0), "max_c"));
  }
}
