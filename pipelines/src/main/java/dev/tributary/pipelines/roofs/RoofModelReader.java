package dev.tributary.pipelines.roofs;

import static dev.tributary.pipelines.roofs.JsonValues.array;
import static dev.tributary.pipelines.roofs.JsonValues.integer;
import static dev.tributary.pipelines.roofs.JsonValues.number;
import static dev.tributary.pipelines.roofs.JsonValues.object;
import static dev.tributary.pipelines.roofs.JsonValues.optionalArray;
import static dev.tributary.pipelines.roofs.JsonValues.requiredInteger;
import static dev.tributary.pipelines.roofs.JsonValues.requiredNumber;
import static dev.tributary.pipelines.roofs.JsonValues.text;
import static dev.tributary.pipelines.roofs.JsonValues.vector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.pipelines.roofs.RoofModel.Building;
import dev.tributary.pipelines.roofs.RoofModel.Obstruction;
import dev.tributary.pipelines.roofs.RoofModel.Penetration;
import dev.tributary.pipelines.roofs.RoofModel.Plane;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Rules;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Turns one geometry-model document (schema v1 to v3) into a cleaned {@link RoofModel}. A defect
 * rejects the smallest part it spoils: a bad plane is dropped from its building, a bad building
 * from its model. A model is rejected as a whole when what applies to all of it is bad (its ids,
 * date, schema version, siteModel, units, north vector, obstructions array) or when no building is
 * left: stored, an empty model would become the installation's current roof. Every rejected part
 * comes back with its JSON path and reason. The rules, and the file that showed each, are listed in
 * the README ("Roofs: cleaning rules").
 */
final class RoofModelReader {
  /** Materials as the feeds spell them; other casings are mapped onto these. */
  static final List<String> MATERIALS = List.of("CompShingle", "FlatCementTile", "Unknown");

  /** A pitch may differ this much from the one its plane's normal gives. */
  static final double PITCH_TOLERANCE_DEG = 1;

  private static final Clean.Cleaner<Plane> PLANE_RULES =
      Clean.<Plane>create()
          .withNormalizer(RoofModelReader::fullCircleIsNorth)
          .withRule(p -> p.areaSqft() > 0 ? null : "area must be positive, was " + p.areaSqft())
          .withRule(Rules.between("pitchAngle", Plane::pitchDeg, 0, 90))
          .withRule(Rules.between("azimuthAngle", Plane::azimuthDeg, 0, 360))
          .withRule(RoofModelReader::pitchMatchesNormal)
          .withRule(
              p -> p.perimeterIn() > 0 ? null : "the outline has no extent: its vertices coincide")
          .cleaner();

  /**
   * A rejected part of a document: where, why, its JSON, and what it takes out of the run's
   * accounting per level (a building takes its planes along; penetrations and obstructions are no
   * level of their own).
   */
  record Rejection(String path, String reason, String raw, Map<String, Long> counts) {}

  /**
   * The model, or the reason it is rejected as a whole; the parts rejected on the way; and how many
   * buildings and planes the document had (for read = written + rejected at every level).
   */
  record Result(
      @Nullable RoofModel model,
      @Nullable String reason,
      List<Rejection> rejections,
      int buildingsRead,
      int planesRead) {}

  private final String source;
  private final long offset;
  private final List<Rejection> rejections = new ArrayList<>();
  private final Map<Long, String> planePaths = new HashMap<>();
  private int buildingsRead;
  private int planesRead;

  private RoofModelReader(String source, long offset) {
    this.source = source;
    this.offset = offset;
  }

  /** Reads {@code document}, found at {@code offset} of {@code source} (a file or a topic). */
  static Result read(String source, long offset, JsonNode document) {
    RoofModelReader reader = new RoofModelReader(source, offset);
    RoofModel model = null;
    String reason = null;
    try {
      model = reader.model(document);
    } catch (RecordException e) {
      reason = e.getMessage();
    }
    return new Result(
        model, reason, List.copyOf(reader.rejections), reader.buildingsRead, reader.planesRead);
  }

  private RoofModel model(JsonNode doc) throws RecordException {
    if (!doc.isObject()) {
      throw new RecordException("a roof model must be a JSON object, found " + doc.getNodeType());
    }
    countParts(doc);
    long installationId = requiredInteger(doc, "installationId");
    long modelId = requiredInteger(doc, "id");
    Instant created = dateCreated(doc);
    JsonNode site = object(doc, "siteModel", "the model");
    int schemaVersion = schemaVersion(doc, site);
    Units units = Units.of(site.get("units"));
    Vec3 north = vector(site, "northVector");
    Long externalSourceId = integer(doc, "externalSiteModelSourceId");
    List<Obstruction> obstructions = obstructions(site, units);
    JsonNode buildingNodes = array(site, "buildings", "siteModel");
    if (buildingNodes.isEmpty()) {
      throw new RecordException("siteModel.buildings is empty");
    }
    List<Building> buildings = new ArrayList<>();
    List<Plane> planes = new ArrayList<>();
    for (int i = 0; i < buildingNodes.size(); i++) {
      String path = "$.siteModel.buildings[" + i + "]";
      try {
        Building building = building(buildingNodes.get(i), i, path, units, north);
        buildings.add(building);
        planes.addAll(building.planes());
      } catch (RecordException e) {
        reject(path, e.getMessage(), buildingNodes.get(i), buildingParts(buildingNodes.get(i)));
      }
    }
    if (buildings.isEmpty()) {
      throw new RecordException("every building was rejected: no roof is left to store");
    }
    return new RoofModel(
        installationId,
        modelId,
        created.toString(),
        created.toEpochMilli(),
        schemaVersion,
        externalSourceId,
        source,
        offset,
        north,
        List.copyOf(buildings),
        obstructions,
        RoofShape.material(planes),
        RoofShape.shapeClass(planes),
        RoofShape.facingDirections(planes));
  }

  private Building building(JsonNode node, int index, String path, Units units, Vec3 north)
      throws RecordException {
    if (!node.isObject()) {
      throw new RecordException("a building must be a JSON object, found " + node.getNodeType());
    }
    JsonNode planeNodes = array(node, "mountingPlanes", "the building");
    Double total = number(node, "totalRoofArea");
    if (total != null && !(total > 0)) {
      throw new RecordException("totalRoofArea must be positive, was " + total);
    }
    boolean primary = JsonValues.bool(node, "isPrimaryBuilding");
    List<Plane> planes = new ArrayList<>();
    for (int j = 0; j < planeNodes.size(); j++) {
      String planePath = path + ".mountingPlanes[" + j + "]";
      JsonNode planeNode = planeNodes.get(j);
      int partsBefore = rejections.size();
      try {
        Plane plane = PLANE_RULES.normalize(plane(planeNode, planePath, units, north));
        String reason = PLANE_RULES.rejection(plane);
        if (reason != null) {
          throw new RecordException(reason);
        }
        String first = planePaths.putIfAbsent(plane.id(), planePath);
        if (first != null) {
          throw new RecordException("duplicate plane id " + plane.id() + ", first at " + first);
        }
        planes.add(plane);
      } catch (RecordException e) {
        rejections.subList(partsBefore, rejections.size()).clear(); // its penetrations go with it
        reject(planePath, e.getMessage(), planeNode, Map.of(RoofModel.PLANES, 1L));
      }
    }
    return new Building(
        index, primary, total == null ? null : units.area(total), List.copyOf(planes));
  }

  private Plane plane(JsonNode node, String path, Units units, Vec3 north) throws RecordException {
    if (!node.isObject()) {
      throw new RecordException("a plane must be a JSON object, found " + node.getNodeType());
    }
    long id = requiredInteger(node, "id");
    double area = units.area(requiredNumber(node, "area"));
    JsonNode axes = object(node, "coordinateSystem", "the plane");
    Vec3 normal = vector(axes, "zAxis");
    if (normal == null || normal.length() == 0) {
      throw new RecordException("coordinateSystem.zAxis (the plane's normal) missing");
    }
    Vec3 azimuthVector = vector(node, "azimuthVector");
    if (azimuthVector == null) {
      azimuthVector = new Vec3(normal.x(), normal.y(), 0);
    }
    Double pitch = number(node, "pitchAngle");
    Double azimuth = number(node, "azimuthAngle");
    boolean derived = pitch == null || azimuth == null;
    if (azimuth == null && Math.hypot(azimuthVector.x(), azimuthVector.y()) == 0) {
      throw new RecordException(
          "azimuthAngle missing and the plane faces no direction to derive it");
    }
    JsonNode polygon = object(node, "polygon", "the plane");
    List<Vec3> outline = ring(object(polygon, "exteriorRing", "polygon"), units);
    JsonNode holes = optionalArray(polygon, "interiorRings");
    String material = material(text(node, "roofMaterialType"));
    double pitchDeg = pitch == null ? pitchOf(normal) : units.degrees(pitch);
    double azimuthDeg = azimuth == null ? azimuthOf(azimuthVector, north) : units.degrees(azimuth);
    return new Plane(
        id,
        area,
        pitchDeg,
        azimuthDeg,
        derived,
        azimuthVector,
        normal,
        scaled(vector(node, "centroid"), units),
        material,
        outline,
        holes == null ? 0 : holes.size(),
        perimeter(outline),
        RoofShape.orientation(pitchDeg, azimuthDeg),
        penetrations(node, path, units));
  }

  private List<Penetration> penetrations(JsonNode plane, String path, Units units)
      throws RecordException {
    JsonNode nodes = optionalArray(plane, "penetrations");
    List<Penetration> penetrations = new ArrayList<>();
    for (int k = 0; nodes != null && k < nodes.size(); k++) {
      JsonNode node = nodes.get(k);
      try {
        Penetration penetration =
            new Penetration(
                requiredInteger(node, "id"),
                integer(node, "obstructionId"),
                ring(object(node, "ring", "the penetration"), units));
        unique(penetrations, penetration.id(), Penetration::id, "penetration");
        penetrations.add(penetration);
      } catch (RecordException e) {
        reject(path + ".penetrations[" + k + "]", e.getMessage(), node, Map.of());
      }
    }
    return List.copyOf(penetrations);
  }

  private List<Obstruction> obstructions(JsonNode site, Units units) throws RecordException {
    JsonNode nodes = optionalArray(site, "obstructions");
    List<Obstruction> obstructions = new ArrayList<>();
    for (int k = 0; nodes != null && k < nodes.size(); k++) {
      JsonNode node = nodes.get(k);
      try {
        JsonNode ring = node.get("ring");
        Double radius = number(node, "radius");
        if (radius != null && !(radius >= 0)) {
          throw new RecordException("radius must not be negative, was " + radius);
        }
        Obstruction obstruction =
            new Obstruction(
                requiredInteger(node, "id"),
                text(node, "shapeType"),
                text(node, "featureName"),
                scaled(vector(node, "center"), units),
                radius == null ? null : units.length(radius),
                JsonValues.missing(ring) ? List.of() : ring(ring, units));
        unique(obstructions, obstruction.id(), Obstruction::id, "obstruction");
        obstructions.add(obstruction);
      } catch (RecordException e) {
        reject("$.siteModel.obstructions[" + k + "]", e.getMessage(), node, Map.of());
      }
    }
    return List.copyOf(obstructions);
  }

  private static <T> void unique(List<T> kept, long id, ToLongFunction<T> idOf, String what)
      throws RecordException {
    for (T other : kept) {
      if (idOf.applyAsLong(other) == id) {
        throw new RecordException("duplicate " + what + " id " + id);
      }
    }
  }

  /** A ring's vertices: each edge's start, the edges chained end to start and closed. */
  private static List<Vec3> ring(JsonNode ring, Units units) throws RecordException {
    JsonNode edges = array(ring, "edges", "the ring");
    if (edges.size() < 3) {
      throw new RecordException("a ring needs at least 3 edges, has " + edges.size());
    }
    List<Vec3> vertices = new ArrayList<>(edges.size());
    Vec3 previousEnd = null;
    for (int e = 0; e < edges.size(); e++) {
      Vec3 start = vector(edges.get(e), "startPoint");
      Vec3 end = vector(edges.get(e), "endPoint");
      if (start == null || end == null) {
        throw new RecordException("edge " + e + " has no startPoint or endPoint");
      }
      if (previousEnd != null && previousEnd.minus(start).length() > 1e-6) {
        throw new RecordException("edge " + e + " does not start where edge " + (e - 1) + " ends");
      }
      vertices.add(scaled(start, units));
      previousEnd = end;
    }
    Vec3 first = vector(edges.get(0), "startPoint");
    if (previousEnd.minus(first).length() > 1e-6) {
      throw new RecordException("the ring is not closed: the last edge does not end at the first");
    }
    return List.copyOf(vertices);
  }

  private static double perimeter(List<Vec3> outline) {
    double length = 0;
    for (int i = 0; i < outline.size(); i++) {
      length += outline.get((i + 1) % outline.size()).minus(outline.get(i)).length();
    }
    return length;
  }

  /** The angle between the plane's normal and straight up. */
  static double pitchOf(Vec3 normal) {
    return Math.toDegrees(Math.acos(Math.abs(normal.z()) / normal.length()));
  }

  /** The direction a plane faces, clockwise from the site's north (the model's +y without one). */
  static double azimuthOf(Vec3 direction, @Nullable Vec3 north) {
    double degrees = Math.toDegrees(Math.atan2(direction.x(), direction.y()));
    if (north != null && Math.hypot(north.x(), north.y()) > 0) {
      degrees -= Math.toDegrees(Math.atan2(north.x(), north.y()));
    }
    return ((degrees % 360) + 360) % 360;
  }

  private static @Nullable String pitchMatchesNormal(Plane plane) {
    double fromNormal = pitchOf(plane.normal());
    if (Math.abs(plane.pitchDeg() - fromNormal) <= PITCH_TOLERANCE_DEG) {
      return null;
    }
    return String.format(
        Locale.ROOT,
        "pitchAngle %s disagrees with the plane's normal, which gives %.2f degrees%s",
        plane.pitchDeg(),
        fromNormal,
        Math.abs(Math.toDegrees(plane.pitchDeg()) - fromNormal) <= PITCH_TOLERANCE_DEG
            ? " (radians under a degree unit?)"
            : "");
  }

  private static Plane fullCircleIsNorth(Plane p) {
    if (p.azimuthDeg() != 360) {
      return p;
    }
    return new Plane(
        p.id(),
        p.areaSqft(),
        p.pitchDeg(),
        0,
        p.anglesDerived(),
        p.azimuthVector(),
        p.normal(),
        p.centroid(),
        p.material(),
        p.outline(),
        p.holes(),
        p.perimeterIn(),
        p.orientation(),
        p.penetrations());
  }

  private static String material(@Nullable String name) {
    if (name == null) {
      return RoofShape.UNKNOWN_MATERIAL;
    }
    for (String known : MATERIALS) {
      if (known.equalsIgnoreCase(name.replace(" ", "").replace("_", ""))) {
        return known;
      }
    }
    return name;
  }

  private static Instant dateCreated(JsonNode doc) throws RecordException {
    String text = text(doc, "dateCreated");
    if (text == null) {
      throw new RecordException("dateCreated missing");
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new RecordException("dateCreated is not an ISO-8601 time with offset: " + text);
    }
  }

  private static final Set<String> SCHEMAS = Set.of("1", "2", "3");

  private static int schemaVersion(JsonNode doc, JsonNode site) throws RecordException {
    String text = text(doc, "version");
    if (text == null) {
      text = text(site, "version");
    }
    if (text == null) {
      throw new RecordException("version missing (v1, v2 or v3)");
    }
    String number = text.toLowerCase(Locale.ROOT).replaceFirst("^v", "");
    if (!SCHEMAS.contains(number)) {
      throw new RecordException("schema version " + text + " unknown: v1, v2 or v3");
    }
    return Integer.parseInt(number);
  }

  private static @Nullable Vec3 scaled(@Nullable Vec3 point, Units units) {
    return point == null ? null : point.times(units.length(1));
  }

  /** Counts the buildings and planes the document holds, before any of them can be rejected. */
  private void countParts(JsonNode doc) {
    for (JsonNode building : doc.path("siteModel").path("buildings")) {
      buildingsRead++;
      planesRead += planesOf(building);
    }
  }

  private static int planesOf(JsonNode building) {
    JsonNode planes = building.path("mountingPlanes");
    return planes.isArray() ? planes.size() : 0;
  }

  /** A rejected building: itself and the planes it held. */
  private static Map<String, Long> buildingParts(JsonNode building) {
    return Map.of(RoofModel.BUILDINGS, 1L, RoofModel.PLANES, (long) planesOf(building));
  }

  private void reject(String path, String reason, JsonNode part, Map<String, Long> counts) {
    rejections.add(new Rejection(path, reason, part.toString(), counts));
  }
}
