package dev.tributary.pipelines.dashboard;

import static dev.tributary.pipelines.dashboard.Chart.point;

import dev.tributary.io.postgres.SqlFile;
import dev.tributary.pipelines.dashboard.Chart.Series;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Roof types and the pitch distribution of the current roof models (the roofs pipeline). */
final class RoofsReport extends Report {
  private static final SqlFile TYPES = SqlFile.load("sql/queries/dashboard/roof_types.sql");
  private static final SqlFile PITCHES = SqlFile.load("sql/queries/dashboard/roof_pitches.sql");

  RoofsReport() {
    super("roofs", "Roofs: types and pitches");
  }

  @Override
  Answer answer(Connection c, Params params) throws SQLException {
    List<Row> types = Row.query(c, TYPES, Map.of());
    if (types.isEmpty()) {
      return Answer.empty(title(), "No roof models stored yet: run scripts/run.sh roofs.");
    }
    List<Row> pitches = Row.query(c, PITCHES, Map.of());
    Chart byType =
        Chart.byCategory("types", "Current roofs per type (material, shape)", "roofs")
            .lying()
            .with(
                new Series(
                    "roofs",
                    "bar",
                    0,
                    null,
                    types.stream()
                        .map(
                            r ->
                                point(
                                    r.text("material") + ", " + r.text("shape_class"),
                                    r.get("roofs")))
                        .toList()));
    Chart byPitch =
        Chart.byCategory("pitches", "Mounting planes per pitch", "planes")
            .withRightAxis("sq ft")
            .with(new Series("planes", "bar", 0, null, buckets(pitches, "planes")))
            .with(new Series("area", "line", 1, null, buckets(pitches, "area_sqft")));
    long roofs = types.stream().mapToLong(r -> ((Number) r.get("roofs")).longValue()).sum();
    long planes = pitches.stream().mapToLong(r -> ((Number) r.get("planes")).longValue()).sum();
    return new Answer(
        title(),
        List.of(),
        List.of(String.format("%,d current roof models with %,d mounting planes.", roofs, planes)),
        List.of(byType, byPitch));
  }

  /** {@code column} per 5-degree step, labelled "15–20°". */
  private static List<List<Object>> buckets(List<Row> pitches, String column) {
    return pitches.stream()
        .map(
            r -> {
              int from = ((Number) r.get("pitch_from_deg")).intValue();
              return point(from + "–" + (from + 5) + "°", r.get(column));
            })
        .toList();
  }
}
