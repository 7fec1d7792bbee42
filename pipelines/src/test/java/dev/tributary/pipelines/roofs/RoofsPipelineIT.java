package dev.tributary.pipelines.roofs;

import static dev.tributary.pipelines.roofs.RoofsFixtures.JSON;
import static dev.tributary.pipelines.roofs.RoofsFixtures.assertHandCheckedExports;
import static dev.tributary.pipelines.roofs.RoofsFixtures.model;
import static dev.tributary.pipelines.roofs.RoofsFixtures.rejected;
import static dev.tributary.pipelines.roofs.RoofsFixtures.run;
import static dev.tributary.pipelines.roofs.RoofsFixtures.sample;
import static dev.tributary.pipelines.roofs.RoofsFixtures.tables;
import static dev.tributary.pipelines.roofs.RoofsFixtures.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.io.UsageException;
import dev.tributary.io.postgres.TestDatabase;
import dev.tributary.pipelines.runtime.RunSummary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The roofs pipeline on the real sample and on models derived from it, into real PostgreSQL. */
class RoofsPipelineIT {
  @RegisterExtension final TestDatabase db = TestDatabase.perTest(false);
  @TempDir Path dir;

  private RunSummary runSample(String... more) {
    return run(sample() + "/*.json", db.jdbcUrl(), dir.resolve("out"), more);
  }

  @Test
  void theSampleGivesTheHandCheckedModelAndExports() throws Exception {
    RunSummary summary = runSample();

    int[] parts = {0, 0};
    try (Stream<Path> files = Files.list(sample())) {
      for (Path file : files.toList()) {
        int[] p = RoofsFixtures.parts(JSON.readTree(file.toFile()));
        parts[0] += p[0];
        parts[1] += p[1];
      }
    }
    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(new RunSummary.Balance("models", 8, 8, 0), summary.balance("models"));
    assertEquals(
        new RunSummary.Balance("buildings", parts[0], parts[0], 0), summary.balance("buildings"));
    assertEquals(
        new RunSummary.Balance("planes", parts[1], parts[1] - 1, 1), summary.balance("planes"));
    assertEquals(
        List.of(
            "roof_2.json|1|$.siteModel.buildings[1].mountingPlanes[0]|clean"
                + "|pitchAngle out of range [0.0, 90.0]: 100000.0"),
        rejected(db));
    // Per roof: date, schema, type, facing directions, buildings, planes, obstructions and
    // penetrations, each counted from the files (and the directions from their azimuths).
    assertEquals(
        List.of(
            "1|2022-10-13T18:52:10Z|t|3|CompShingle|gable-hip|4|2|16|9|9",
            "2|2022-03-22T17:21:45Z|t|3|CompShingle|complex|8|3|36|6|6",
            "3|2021-11-04T20:43:37Z|t|3|CompShingle|gable-hip|3|1|6|0|0",
            "4|2021-06-08T14:19:06Z|t|2|CompShingle|gable-hip|4|1|29|0|0",
            "5|2021-08-19T22:06:55Z|t|3|FlatCementTile|gable-hip|3|2|8|0|0",
            "7|2022-02-12T02:45:51Z|t|3|CompShingle|gable-hip|4|3|13|8|8",
            "8|2022-11-23T18:09:02Z|t|3|CompShingle|complex|6|1|30|19|19",
            "10|2021-01-25T04:46:45Z|t|1|Unknown|gable-hip|4|1|15|0|0"),
        db.queryRows(
            "SELECT v.installation_id, roofs.roofs_utc(v.valid_from), v.is_current, v.schema_version,"
                + " t.material, t.shape_class, v.facing_directions,"
                + " (SELECT count(*) FROM roofs.roof_buildings b WHERE b.roof_version_id = v.roof_version_id),"
                + " (SELECT count(*) FROM roofs.mounting_planes p WHERE p.roof_version_id = v.roof_version_id),"
                + " (SELECT count(*) FROM roofs.roof_obstructions o WHERE o.roof_version_id = v.roof_version_id),"
                + " (SELECT count(*) FROM roofs.plane_penetrations x WHERE x.roof_version_id = v.roof_version_id)"
                + " FROM roofs.roof_versions v JOIN roofs.roof_types t USING (roof_type_id) ORDER BY 1"));
    assertEquals(parts[1] - 1, db.queryLong("SELECT count(*) FROM roofs.mounting_planes"));

    // roof_2.json: plane "33" (an id as a string) has no azimuthAngle, plane 35 neither angle;
    // both are derived from the plane's vectors. roof_7.json: an azimuth of 360 is north, 0.
    assertEquals(
        List.of("33|18.39321097564201|92.87|t", "35|22.60|272.75|t"),
        db.queryRows(
            "SELECT plane_id, CASE WHEN pitch_deg::text LIKE '18.39321%' THEN pitch_deg::text"
                + " ELSE round(pitch_deg::numeric, 2)::text END, round(azimuth_deg::numeric, 2),"
                + " angles_derived FROM roofs.current_planes WHERE installation_id = 2"
                + " AND plane_id IN (33, 35) ORDER BY 1"));
    assertEquals(
        "0",
        db.queryRows(
                "SELECT azimuth_deg FROM roofs.current_planes WHERE installation_id = 7"
                    + " AND plane_id = 9")
            .get(0));
    assertHandCheckedExports(dir.resolve("out"));
  }

  @Test
  void aRerunChangesNothing() throws Exception {
    runSample();
    var first = tables(db);
    List<String> firstRejected = rejected(db);
    runSample();
    assertEquals(first, tables(db));
    assertEquals(firstRejected, rejected(db));
    // Per run and level: read, written, of those new, rejected (roof_2's plane, both times).
    assertEquals(
        List.of(
            "1|buildings|14|14|0|0",
            "1|models|8|8|8|0",
            "1|planes|154|153|0|1",
            "2|buildings|14|14|0|0",
            "2|models|8|8|0|0",
            "2|planes|154|153|0|1"),
        db.queryRows(
            "SELECT run_id, level, read, written, inserted, rejected FROM ops.run_counts"
                + " ORDER BY 1, 2"));
    assertHandCheckedExports(dir.resolve("out"));
  }

  /** roof_3.json as delivered, plus an earlier and a later model of the same installation. */
  private List<ObjectNode> threeVersionsOfRoof3() throws IOException {
    ObjectNode middle = model("roof_3.json");
    ObjectNode early = middle.deepCopy().put("id", 299).put("dateCreated", "2021-01-01T00:00:00Z");
    ObjectNode late = middle.deepCopy().put("id", 300).put("dateCreated", "2022-05-01T09:30:00Z");
    ArrayNode planes = (ArrayNode) late.at("/siteModel/buildings/0/mountingPlanes");
    planes.remove(planes.size() - 1);
    tilt((ObjectNode) planes.get(0), 2);
    return List.of(early, middle, late);
  }

  /** Steepens a plane by {@code degrees}: its pitch, and its normal to match. */
  private static void tilt(ObjectNode plane, double degrees) {
    double pitch = Math.toRadians(plane.get("pitchAngle").asDouble() + degrees);
    ObjectNode normal = (ObjectNode) plane.at("/coordinateSystem/zAxis");
    double across = Math.hypot(normal.get("x").asDouble(), normal.get("y").asDouble());
    normal.put("x", normal.get("x").asDouble() / across * Math.sin(pitch));
    normal.put("y", normal.get("y").asDouble() / across * Math.sin(pitch));
    normal.put("z", Math.cos(pitch));
    plane.put("pitchAngle", Math.toDegrees(pitch));
  }

  @Test
  void laterModelsBecomeVersionsWhateverTheOrderTheyArriveIn() throws Exception {
    List<ObjectNode> versions = threeVersionsOfRoof3();
    Path oneGo = Files.createDirectories(dir.resolve("one-go"));
    write(oneGo, "a-late.json", versions.get(2));
    write(oneGo, "b-early.json", versions.get(0));
    write(oneGo, "c-middle.json", versions.get(1));
    write(oneGo, "d-late-again.json", versions.get(2)); // an exact duplicate file
    RunSummary summary = run(oneGo + "/*.json", db.jdbcUrl(), dir.resolve("out"));

    assertEquals(new RunSummary.Balance("models", 4, 3, 1), summary.balance("models"));
    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(
        List.of(
            "3|2021-01-01 00:00:00+00|2021-11-04 20:43:37+00|f|299|6",
            "3|2021-11-04 20:43:37+00|2022-05-01 09:30:00+00|f|3|6",
            "3|2022-05-01 09:30:00+00|null|t|300|5"),
        db.queryRows(
            "SELECT installation_id, valid_from, valid_to, is_current, model_id,"
                + " (SELECT count(*) FROM roofs.mounting_planes p WHERE p.roof_version_id = v.roof_version_id)"
                + " FROM roofs.roof_versions v ORDER BY valid_from"));
    List<String> duplicates = rejected(db);
    assertEquals(1, duplicates.size(), duplicates.toString());
    assertTrue(
        duplicates
            .get(0)
            .matches(
                "[ad]-late(-again)?\\.json\\|1\\|\\$\\|version\\|duplicate of the"
                    + " version of key 3 valid from 2022-05-01T09:30:00Z"),
        duplicates.get(0));
    // The features describe the current (latest) version only.
    assertEquals(
        List.of("3|5"),
        db.queryRows("SELECT installation_id, planes FROM roofs.export_roof_features"));

    // The same versions over three runs, newest first, and a re-delivery: the same history.
    try (TestDatabase other = TestDatabase.create(false)) {
      for (int i : new int[] {2, 0, 1, 2}) {
        Path runDir = Files.createDirectories(dir.resolve("run-" + i + "-" + System.nanoTime()));
        run(
            write(runDir, "roof.json", versions.get(i)).toString(),
            other.jdbcUrl(),
            dir.resolve("out-" + i));
      }
      assertEquals(tables(db), tables(other));
      assertEquals(
          "1|0",
          other
              .queryRows("SELECT rows_written, rows_new FROM ops.ingestion_runs WHERE run_id = 4")
              .get(0));
    }
  }

  /** A run cannot see what earlier runs stored: the merge finds the conflict and rejects it. */
  @Test
  void aConflictingVersionInALaterRunIsADeadLetterAndChangesNothing() throws Exception {
    ObjectNode late = threeVersionsOfRoof3().get(2);
    run(write(dir, "late.json", late).toString(), db.jdbcUrl(), dir.resolve("out"));
    var stored = tables(db);
    ArrayNode planes = (ArrayNode) late.at("/siteModel/buildings/0/mountingPlanes");
    planes.remove(0); // remeasured, but delivered with the same dateCreated
    Path again = Files.createDirectories(dir.resolve("again"));

    RunSummary summary =
        run(write(again, "late.json", late).toString(), db.jdbcUrl(), dir.resolve("out"));

    assertEquals(new RunSummary.Balance("models", 1, 0, 1), summary.balance("models"));
    assertEquals(new RunSummary.Balance("buildings", 1, 0, 1), summary.balance("buildings"));
    assertEquals(new RunSummary.Balance("planes", 4, 0, 4), summary.balance("planes"));
    assertEquals(stored, tables(db));
    assertEquals(
        List.of(
            "late.json|1|$|version|conflicts with the stored version of key 3 valid from"
                + " 2022-05-01T09:30:00Z: same version time, different content"),
        db.queryRows(
            "SELECT regexp_replace(source, '^.*/', ''), line, json_path, step, reason"
                + " FROM ops.rejected_records WHERE run_id = 2"));
    assertEquals(
        "2|0|0|1",
        db.queryRows(
                "SELECT run_id, rows_written, rows_new, rows_rejected FROM ops.ingestion_runs"
                    + " WHERE run_id = 2")
            .get(0));
  }

  @Test
  void aDirtyFeedRejectsTheSmallestPartAndNothingElse() throws Exception {
    Path feed = Files.createDirectories(dir.resolve("feed"));
    String roof5 = Files.readString(sample().resolve("roof_5.json"));
    write(feed, "broken.json", roof5.substring(0, roof5.length() / 2));

    ObjectNode a = model("roof_3.json").put("installationId", 103);
    ObjectNode b = model("roof_5.json").put("installationId", 105);
    ((ObjectNode) b.at("/siteModel/buildings/1/mountingPlanes/1")).put("area", -5);
    ArrayNode array = JSON.createArrayNode().add(a).add(b);
    write(feed, "array.json", JSON.writeValueAsString(array));

    ObjectNode misspelt = model("roof_3.json").put("installationId", 204);
    misspelt.set("site_model", misspelt.remove("siteModel"));
    write(
        feed,
        "lines.jsonl",
        JSON.writeValueAsString(model("roof_3.json").put("installationId", 203))
            + "\n{not json\n"
            + JSON.writeValueAsString(misspelt)
            + "\n");

    ObjectNode duplicatePlane = model("roof_3.json").put("installationId", 303);
    ((ObjectNode) duplicatePlane.at("/siteModel/buildings/0/mountingPlanes/1")).put("id", 0);
    write(feed, "duplicate-plane.json", duplicatePlane);

    ObjectNode noPlanes = model("roof_5.json").put("installationId", 405);
    ObjectNode building = (ObjectNode) noPlanes.at("/siteModel/buildings/1");
    building.set("mountingPlane", building.remove("mountingPlanes"));
    write(feed, "no-planes.json", noPlanes);

    RunSummary summary = run(feed + "/*", db.jdbcUrl(), dir.resolve("out"));

    assertEquals(
        List.of(
            "array.json|1|$.siteModel.buildings[1].mountingPlanes[1]|clean"
                + "|area must be positive, was -5.0",
            "broken.json|1||parse|not valid JSON at line 1, column 10845: Unexpected"
                + " end-of-input in field name",
            "duplicate-plane.json|1|$.siteModel.buildings[0].mountingPlanes[1]|clean"
                + "|duplicate plane id 0, first at $.siteModel.buildings[0].mountingPlanes[0]",
            "lines.jsonl|2||parse|not valid JSON: Unexpected character ('n' (code 110)):"
                + " was expecting double-quote to start field name",
            "lines.jsonl|3|$|clean|no siteModel object in the model (keys: id, installationId,"
                + " dateCreated, version, externalSiteModelSourceId, site_model)",
            "no-planes.json|1|$.siteModel.buildings[1]|clean|no mountingPlanes array in the"
                + " building (keys: isPrimaryBuilding, totalRoofArea, polygon, mountingPlane)"),
        rejected(db));
    // Models: 2 in the array, 3 lines, 1 broken file, 2 single files. Buildings and planes:
    // what the JSON holds, less the parts of the rejected ones, counted from the JSON.
    assertEquals(new RunSummary.Balance("models", 8, 5, 3), summary.balance("models"));
    assertEquals(
        List.of("103|6", "105|7", "203|6", "303|5", "405|6"),
        db.queryRows(
            "SELECT installation_id, count(p.plane_id) FROM roofs.roof_versions v"
                + " LEFT JOIN roofs.mounting_planes p USING (roof_version_id) GROUP BY 1 ORDER BY 1"));
    assertTrue(summary.isComplete(), summary.toString());
    assertEquals(
        db.queryLong("SELECT count(*) FROM roofs.mounting_planes"),
        summary.balance("planes").written());
    assertEquals(
        db.queryLong("SELECT count(*) FROM roofs.roof_buildings"),
        summary.balance("buildings").written());
  }

  @Test
  void embeddedFlinkGivesTheSameExports() throws Exception {
    RunSummary summary =
        runSample("--runner=FlinkRunner", "--flinkMaster=[local]", "--parallelism=2");
    assertTrue(summary.isComplete(), summary.toString());
    assertHandCheckedExports(dir.resolve("out"));
  }

  @Test
  void aMissingInputIsOneLine() {
    UsageException e =
        assertThrows(
            UsageException.class,
            () -> run(dir + "/nothing-*.json", db.jdbcUrl(), dir.resolve("out")));
    assertEquals(
        "no input file matches '" + dir + "/nothing-*.json': check the path given to --input",
        e.getMessage());
  }
}
