package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.postgres.ExportCsv.Export;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.junit.jupiter.api.Test;

/** The export's configuration; exporting a real database is {@link ExportCsvIT}'s. */
class ExportCsvTest {
  private static final String JDBC_URL = "jdbc:postgresql://127.0.0.1:5432/x?password=secret";
  private static final List<Export> EXPORTS =
      List.of(Export.of("roofs", "roofs_view", "id"), Export.of("planes", "planes_view", "id"));

  @Test
  void displaysTheExportsButNotTheJdbcUrl() {
    Map<String, Object> items = new HashMap<>();
    DisplayData.from(ExportCsv.of(JDBC_URL, "/tmp/out", EXPORTS).withRowsPerFile(10))
        .items()
        .forEach(item -> items.put(item.getKey(), item.getValue()));

    assertEquals("/tmp/out", items.get("outputDir"));
    assertEquals("roofs, planes", items.get("exports"));
    assertEquals(10L, items.get("rowsPerFile"));
    assertFalse(items.toString().contains("secret"), items.toString());
  }

  @Test
  void refusesNullArguments() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> ExportCsv.of(JDBC_URL, "/tmp/out", null));
    assertEquals("exports", e.getMessage());
    assertThrows(NullPointerException.class, () -> ExportCsv.of(JDBC_URL, null, EXPORTS));
  }
}
