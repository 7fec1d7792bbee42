package dev.tributary.pipelines.roofs;

import dev.tributary.transforms.Location;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * One cleaned geometry model of an installation's roof: a version of that roof, valid from {@code
 * dateCreated}. Units are fixed whatever the file used: lengths in inches, areas in square feet,
 * angles in degrees (azimuth clockwise from north). {@code material}, {@code shapeClass} and {@code
 * facingDirections} are derived from the accepted planes ({@link RoofShape}).
 */
record RoofModel(
    long installationId,
    long modelId,
    String dateCreated,
    long validFromMillis,
    int schemaVersion,
    @Nullable Long externalSourceId,
    String source,
    long offset,
    @Nullable Vec3 northVector,
    List<Building> buildings,
    List<Obstruction> obstructions,
    String material,
    String shapeClass,
    int facingDirections)
    implements Serializable {
  /** The levels of a roofs run's accounting: read = written + rejected holds for each. */
  static final String MODELS = "models";

  static final String BUILDINGS = "buildings";
  static final String PLANES = "planes";
  static final List<String> LEVELS = List.of(MODELS, BUILDINGS, PLANES);

  /** Where the model was read: the dead letters' location. */
  Location location() {
    return Location.of(source, offset);
  }

  /** What the model holds at each level of the accounting. */
  Map<String, Long> parts() {
    long planes = buildings.stream().mapToLong(b -> b.planes().size()).sum();
    return Map.of(MODELS, 1L, BUILDINGS, (long) buildings.size(), PLANES, planes);
  }

  /** The same model as if it came from nowhere: two deliveries of one version compare equal. */
  RoofModel withoutProvenance() {
    return new RoofModel(
        installationId,
        modelId,
        dateCreated,
        validFromMillis,
        schemaVersion,
        externalSourceId,
        "",
        0,
        northVector,
        buildings,
        obstructions,
        material,
        shapeClass,
        facingDirections);
  }

  /** A building of the model; {@code index} is its position in the file's buildings array. */
  record Building(
      int index, boolean primary, @Nullable Double deliveredTotalAreaSqft, List<Plane> planes)
      implements Serializable {}

  /**
   * A mounting plane. {@code anglesDerived} says pitch or azimuth was missing and was computed from
   * the plane's normal and azimuth vector. {@code outline} is the exterior ring's vertices in
   * order; {@code holes} counts interior rings.
   */
  record Plane(
      long id,
      double areaSqft,
      double pitchDeg,
      double azimuthDeg,
      boolean anglesDerived,
      Vec3 azimuthVector,
      Vec3 normal,
      @Nullable Vec3 centroid,
      String material,
      List<Vec3> outline,
      int holes,
      double perimeterIn,
      String orientation,
      List<Penetration> penetrations)
      implements Serializable {}

  /** A penetration of a plane (a vent, a pipe), outlined on the plane. */
  record Penetration(long id, @Nullable Long obstructionId, List<Vec3> outline)
      implements Serializable {}

  /** An obstruction of the site (a chimney, a vent, a service drop). */
  record Obstruction(
      long id,
      @Nullable String shapeType,
      @Nullable String featureName,
      @Nullable Vec3 center,
      @Nullable Double radiusIn,
      List<Vec3> outline)
      implements Serializable {}
}
