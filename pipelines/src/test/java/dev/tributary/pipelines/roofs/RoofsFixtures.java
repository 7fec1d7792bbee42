package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.io.kafka.KafkaBroker;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.JobRunner;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** The real sample, models derived from it, runs of the roofs pipeline and what they stored. */
final class RoofsFixtures {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<String> EXPORTS =
      List.of(
          "analysts_roof_stats.csv", "data_scientists_roof_features.csv", "tiling_api_planes.csv");

  /** Every table a run writes, without generated ids: what "the same model" compares. */
  private static final Map<String, String> TABLES =
      Map.of(
          "roof_versions",
          "SELECT installation_id, valid_from, valid_to, is_current, model_id, schema_version,"
              + " t.material, t.shape_class, facing_directions, north_x, north_y, north_z"
              + " FROM roofs.roof_versions JOIN roofs.roof_types t USING (roof_type_id) ORDER BY 1, 2",
          "roof_buildings",
          "SELECT v.installation_id, v.valid_from, b.building_index, b.is_primary,"
              + " b.delivered_total_area_sqft FROM roofs.roof_buildings b JOIN roofs.roof_versions v"
              + " USING (roof_version_id) ORDER BY 1, 2, 3",
          "mounting_planes",
          "SELECT v.installation_id, v.valid_from, to_jsonb(p) - 'roof_version_id'"
              + " FROM roofs.mounting_planes p JOIN roofs.roof_versions v USING (roof_version_id)"
              + " ORDER BY 1, 2, p.plane_id",
          "plane_penetrations",
          "SELECT v.installation_id, v.valid_from, x.plane_id, x.penetration_id, x.obstruction_id,"
              + " x.outline_in FROM roofs.plane_penetrations x JOIN roofs.roof_versions v"
              + " USING (roof_version_id) ORDER BY 1, 2, 3, 4",
          "roof_obstructions",
          "SELECT v.installation_id, v.valid_from, o.obstruction_id, o.shape_type, o.feature_name,"
              + " o.center_x, o.center_y, o.center_z, o.radius_in, o.outline_in"
              + " FROM roofs.roof_obstructions o JOIN roofs.roof_versions v USING (roof_version_id)"
              + " ORDER BY 1, 2, 3");

  private RoofsFixtures() {}

  static Path sample() {
    return KafkaBroker.repoRoot().resolve("data/sample/roofs");
  }

  /** A real model of the sample, to derive others from. */
  static ObjectNode model(String file) throws IOException {
    return (ObjectNode) JSON.readTree(sample().resolve(file).toFile());
  }

  static Path write(Path dir, String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  static Path write(Path dir, String name, JsonNode model) throws IOException {
    return write(dir, name, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(model));
  }

  /** Runs the pipeline over {@code input} into {@code jdbcUrl}, exporting to {@code output}. */
  static RunSummary run(String input, String jdbcUrl, Path output, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--input=" + input,
                "--jdbcUrl=" + jdbcUrl,
                "--outputDir=" + output,
                "--progress=false"));
    args.addAll(List.of(more));
    return JobRunner.run(
        new RoofsPipeline(),
        PipelineOptionsFactory.fromArgs(args.toArray(String[]::new)).as(RoofsOptions.class));
  }

  /** The export files equal the expected ones, checked by hand, byte for byte. */
  static void assertHandCheckedExports(Path output) throws IOException {
    for (String name : EXPORTS) {
      try (InputStream expected =
          RoofsFixtures.class.getResourceAsStream("/roofs/expected/" + name)) {
        assertEquals(
            new String(
                Objects.requireNonNull(expected, name).readAllBytes(), StandardCharsets.UTF_8),
            Files.readString(output.resolve(name)),
            name);
      }
    }
  }

  static Map<String, List<String>> tables(TestDatabase db) throws SQLException {
    Map<String, List<String>> tables = new TreeMap<>();
    for (Map.Entry<String, String> table : TABLES.entrySet()) {
      tables.put(table.getKey(), db.queryRows(table.getValue()));
    }
    return tables;
  }

  /** Rejected records as "file|line|path|step|reason", in file and path order. */
  static List<String> rejected(TestDatabase db) throws SQLException {
    return db.queryRows(
        "SELECT regexp_replace(source, '^.*/', ''), line, json_path, step, reason"
            + " FROM ops.rejected_records ORDER BY 1, byte_offset, 3");
  }

  /** Buildings and planes in a model document, counted from the JSON itself. */
  static int[] parts(JsonNode model) {
    int buildings = 0;
    int planes = 0;
    for (JsonNode building : model.path("siteModel").path("buildings")) {
      buildings++;
      planes += building.path("mountingPlanes").size();
    }
    return new int[] {buildings, planes};
  }
}
