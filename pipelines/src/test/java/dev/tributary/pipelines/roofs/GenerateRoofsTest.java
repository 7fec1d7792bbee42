package dev.tributary.pipelines.roofs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roofs generator on two real templates (src/test/resources/roofs/templates). */
class GenerateRoofsTest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String[] TEMPLATES = {"roof_3.json", "roof_5.json"};

  @TempDir Path dir;
  private Path templates;

  @BeforeEach
  void copyTemplates() throws IOException {
    templates = Files.createDirectories(dir.resolve("templates"));
    for (String name : TEMPLATES) {
      try (InputStream in = getClass().getResourceAsStream("/roofs/templates/" + name)) {
        assertNotNull(in, "test resource roofs/templates/" + name);
        Files.copy(in, templates.resolve(name));
      }
    }
  }

  private static List<JsonNode> lines(Path file) throws IOException {
    List<JsonNode> models = new ArrayList<>();
    for (String line : Files.readAllLines(file)) models.add(MAPPER.readTree(line));
    return models;
  }

  private static JsonNode template(Path templates, long installation) throws IOException {
    return MAPPER.readTree(templates.resolve(TEMPLATES[(int) (installation % 2)]).toFile());
  }

  private static Instant date(JsonNode model) {
    return Instant.parse(model.get("dateCreated").asText());
  }

  @Test
  void writesOneLinePerModelAndAnUpdateForSomeInstallations() throws IOException {
    long n = 200;
    Path file = dir.resolve("out/roofs.jsonl");
    GenerateRoofs.Counts counts = GenerateRoofs.generate(n, file, templates, 7);
    List<JsonNode> models = lines(file);

    assertEquals(counts.models(), models.size());
    assertEquals(n, counts.installations());
    assertTrue(counts.updates() >= 5 && counts.updates() <= 40, "~10% updates: " + counts);
    assertEquals(n + counts.updates(), counts.models());
    assertEquals(
        models.stream().mapToLong(m -> GenerateRoofs.buildings(m).size()).sum(),
        counts.buildings());
    assertEquals(
        models.stream().mapToLong(m -> GenerateRoofs.planes(m).size()).sum(), counts.planes());

    Map<Long, JsonNode> originals = new HashMap<>();
    Map<Long, Integer> lineOfOriginal = new HashMap<>();
    Set<Long> installations = new HashSet<>();
    for (int line = 0; line < models.size(); line++) {
      JsonNode model = models.get(line);
      long installation = model.get("installationId").asLong();
      installations.add(installation);
      if (model.get("id").asLong() == installation) {
        originals.put(installation, model);
        lineOfOriginal.put(installation, line);
      }
    }
    assertEquals(n, installations.size());
    assertEquals(n, originals.size());
    for (long i = 0; i < n; i++) assertTrue(installations.contains(1_000_000 + i));

    int before = 0, after = 0;
    for (int line = 0; line < models.size(); line++) {
      JsonNode update = models.get(line);
      long installation = update.get("installationId").asLong();
      if (update.get("id").asLong() == installation) continue;
      long i = installation - 1_000_000;
      assertEquals(2_000_000 + i, update.get("id").asLong());
      JsonNode original = originals.get(installation);

      Duration later = Duration.between(date(original), date(update));
      assertTrue(
          later.compareTo(Duration.ofDays(30)) >= 0 && later.compareTo(Duration.ofDays(400)) <= 0,
          "update " + later + " after its original");
      assertEquals(GenerateRoofs.planes(original).size() - 1, GenerateRoofs.planes(update).size());

      // The first building lost its last plane, and its roof area that plane's area.
      JsonNode building = original.at("/siteModel/buildings/0");
      JsonNode planes = building.get("mountingPlanes");
      JsonNode removed = planes.get(planes.size() - 1);
      assertEquals(
          building.get("totalRoofArea").asDouble() - removed.get("area").asDouble(),
          update.at("/siteModel/buildings/0/totalRoofArea").asDouble(),
          1e-9);

      // Exactly one plane's pitch went up by 1-5 degrees; planes are matched by id.
      Map<String, Double> pitches = new HashMap<>();
      for (JsonNode plane : GenerateRoofs.planes(original)) {
        pitches.put(plane.get("id").asText(), plane.get("pitchAngle").asDouble());
      }
      int changed = 0;
      for (JsonNode plane : GenerateRoofs.planes(update)) {
        double delta = plane.get("pitchAngle").asDouble() - pitches.get(plane.get("id").asText());
        if (delta != 0) {
          changed++;
          assertTrue(delta >= 1 && delta <= 5, "pitch changed by " + delta);
        }
      }
      assertEquals(1, changed);

      if (line < lineOfOriginal.get(installation)) before++;
      else after++;
    }
    assertTrue(before > 0 && after > 0, before + " updates before, " + after + " after");
  }

  @Test
  void scalesPositionsAndAreasButNotAnglesOrVectors() throws IOException {
    long n = 20;
    Path file = dir.resolve("roofs.jsonl");
    GenerateRoofs.generate(n, file, templates, 42);
    Set<Double> scales = new HashSet<>();
    for (JsonNode model : lines(file)) {
      long installation = model.get("installationId").asLong();
      if (model.get("id").asLong() != installation) continue;
      long i = installation - 1_000_000;
      JsonNode template = template(templates, i);

      JsonNode plane = model.at("/siteModel/buildings/0/mountingPlanes/0");
      JsonNode templatePlane = template.at("/siteModel/buildings/0/mountingPlanes/0");
      double s = plane.at("/centroid/x").asDouble() / templatePlane.at("/centroid/x").asDouble();
      assertTrue(s >= 0.9 && s <= 1.1, "scale " + s);
      scales.add(s);
      for (String pointer :
          List.of(
              "/centroid/y",
              "/centroid/z",
              "/polygon/exteriorRing/edges/0/startPoint/x",
              "/polygon/exteriorRing/edges/0/endPoint/z")) {
        assertEquals(
            templatePlane.at(pointer).asDouble() * s, plane.at(pointer).asDouble(), 1e-9, pointer);
      }
      assertEquals(
          templatePlane.get("area").asDouble() * s * s, plane.get("area").asDouble(), 1e-9);
      assertEquals(
          template.at("/siteModel/buildings/0/totalRoofArea").asDouble() * s * s,
          model.at("/siteModel/buildings/0/totalRoofArea").asDouble(),
          1e-9);
      for (String field :
          List.of("pitchAngle", "azimuthAngle", "azimuthVector", "coordinateSystem")) {
        assertEquals(templatePlane.get(field), plane.get(field), field);
      }
      assertEquals(template.at("/siteModel/northVector"), model.at("/siteModel/northVector"));
      assertEquals(template.at("/siteModel/units"), model.at("/siteModel/units"));

      Duration shift = Duration.between(date(template), date(model));
      assertTrue(!shift.isNegative() && shift.compareTo(Duration.ofDays(365)) <= 0, "" + shift);
    }
    assertTrue(scales.size() > 10, "one scale per installation: " + scales);
  }

  /** Clean templates give clean models: an update's steeper plane has its normal tilted too. */
  @Test
  void modelsFromCleanTemplatesPassTheCleaningRules() throws IOException {
    Path file = dir.resolve("clean.jsonl");
    GenerateRoofs.Counts counts = GenerateRoofs.generate(40, file, templates, 3);
    List<JsonNode> models = lines(file);
    assertTrue(counts.updates() > 0, "no update to check");
    for (JsonNode model : models) {
      RoofModelReader.Result result = RoofModelReader.read("clean.jsonl", 0, model);
      assertEquals(List.of(), result.rejections(), model.get("id").toString());
      assertNotNull(result.model(), result.reason());
    }
  }

  @Test
  void sameSeedSameBytes() throws IOException {
    Path a = dir.resolve("a.jsonl"), b = dir.resolve("b.jsonl"), c = dir.resolve("c.jsonl");
    GenerateRoofs.generate(30, a, templates, 5);
    GenerateRoofs.generate(30, b, templates, 5);
    GenerateRoofs.generate(30, c, templates, 6);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a), Files.readAllBytes(c)));
  }

  /** roof_3 and roof_5 are clean there; a dirtier copy of roof_3 checks that the dirt survives. */
  @Test
  void keepsStringNumbersAsStringsAndOtherDirtAsItIs() throws IOException {
    ObjectNode dirty = (ObjectNode) MAPPER.readTree(templates.resolve("roof_3.json").toFile());
    ObjectNode building = (ObjectNode) dirty.at("/siteModel/buildings/0");
    building.put("totalRoofArea", "1805.5");
    ObjectNode plane0 = (ObjectNode) building.at("/mountingPlanes/0");
    plane0.put("area", "693.0");
    plane0.put("pitchAngle", "24.6");
    ((ObjectNode) plane0.get("centroid")).put("x", "-93.0");
    ObjectNode plane1 = (ObjectNode) building.at("/mountingPlanes/1");
    plane1.put("area", "None");
    plane1.put("pitchAngle", 100000);
    Path dirtyTemplates = Files.createDirectories(dir.resolve("dirty"));
    MAPPER.writeValue(dirtyTemplates.resolve("roof_dirty.json").toFile(), dirty);

    Path file = dir.resolve("dirty.jsonl");
    GenerateRoofs.generate(3, file, dirtyTemplates, 1);
    for (JsonNode model : lines(file)) {
      JsonNode b = model.at("/siteModel/buildings/0");
      JsonNode p0 = b.at("/mountingPlanes/0");
      JsonNode p1 = b.at("/mountingPlanes/1");
      assertTrue(b.get("totalRoofArea").isTextual(), b.get("totalRoofArea").toString());
      assertTrue(p0.get("area").isTextual());
      assertTrue(p0.at("/centroid/x").isTextual());
      double s = Double.parseDouble(p0.at("/centroid/x").asText()) / -93.0;
      assertTrue(s >= 0.9 && s <= 1.1, "scale " + s);
      assertEquals(693.0 * s * s, Double.parseDouble(p0.get("area").asText()), 1e-6);
      assertTrue(p0.get("pitchAngle").isTextual());
      assertEquals("None", p1.get("area").asText());
      assertTrue(p1.get("pitchAngle").isNumber());
      assertEquals("None", p0.at("/polygon/exteriorRing/edges/0/sidingMaterial").asText());
    }
  }
}
