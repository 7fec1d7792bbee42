package dev.tributary.pipelines.roofs;

import dev.tributary.pipelines.roofs.RoofModel.Plane;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a roof's planes say about it: each plane's orientation, the roof's facing directions, its
 * shape class and its material. The shape classes (table roof_shape_classes):
 *
 * <ul>
 *   <li>{@code flat}: no plane pitched more than {@value #FLAT_MAX_PITCH_DEG} degrees;
 *   <li>{@code single-pitch}: the pitched planes all face one direction (a shed or lean-to);
 *   <li>{@code gable-hip}: they face 2 to 4 directions, all on one right-angled grid (a gable faces
 *       two opposite ways, a hip four);
 *   <li>{@code complex}: more directions, or directions off that grid (L-shapes at odd angles,
 *       turrets, many dormers);
 *   <li>{@code none}: the model has no accepted plane.
 * </ul>
 *
 * Two planes face one direction when their azimuths differ by at most {@value #SAME_DIRECTION_DEG}
 * degrees (chained: a direction is a run of azimuths with no gap wider than that).
 */
final class RoofShape {
  static final double FLAT_MAX_PITCH_DEG = 10;
  static final double SAME_DIRECTION_DEG = 15;
  static final String UNKNOWN_MATERIAL = "Unknown";
  private static final String[] COMPASS = {"N", "NE", "E", "SE", "S", "SW", "W", "NW"};

  private RoofShape() {}

  /** {@code flat}, or the compass point (N, NE, ... NW) the plane faces. */
  static String orientation(double pitchDeg, double azimuthDeg) {
    if (pitchDeg <= FLAT_MAX_PITCH_DEG) {
      return "flat";
    }
    double fromNorth = ((azimuthDeg + 22.5) % 360 + 360) % 360; // any azimuth: rules judge range
    return COMPASS[(int) (fromNorth / 45) % 8];
  }

  /** How many directions the pitched planes face. */
  static int facingDirections(List<Plane> planes) {
    double[] azimuths = pitchedAzimuths(planes);
    if (azimuths.length == 0) {
      return 0;
    }
    int directions = 1;
    for (int i = 1; i < azimuths.length; i++) {
      if (azimuths[i] - azimuths[i - 1] > SAME_DIRECTION_DEG) {
        directions++;
      }
    }
    boolean wrapsAround = azimuths[0] + 360 - azimuths[azimuths.length - 1] <= SAME_DIRECTION_DEG;
    return directions > 1 && wrapsAround ? directions - 1 : directions;
  }

  static String shapeClass(List<Plane> planes) {
    if (planes.isEmpty()) {
      return "none";
    }
    int directions = facingDirections(planes);
    if (directions == 0) {
      return "flat";
    }
    if (directions == 1) {
      return "single-pitch";
    }
    return directions <= 4 && onRightAngledGrid(pitchedAzimuths(planes)) ? "gable-hip" : "complex";
  }

  /** The material covering the most area; ties go to the alphabetically first. */
  static String material(List<Plane> planes) {
    Map<String, Double> area = new HashMap<>();
    for (Plane p : planes) {
      area.merge(p.material(), p.areaSqft(), Double::sum);
    }
    return area.entrySet().stream()
        .max(
            Map.Entry.<String, Double>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
        .map(Map.Entry::getKey)
        .orElse(UNKNOWN_MATERIAL);
  }

  private static boolean onRightAngledGrid(double[] azimuths) {
    for (double azimuth : azimuths) {
      double offGrid = Math.abs(azimuth - azimuths[0]) % 90;
      if (Math.min(offGrid, 90 - offGrid) > SAME_DIRECTION_DEG) {
        return false;
      }
    }
    return true;
  }

  private static double[] pitchedAzimuths(List<Plane> planes) {
    return planes.stream()
        .filter(p -> p.pitchDeg() > FLAT_MAX_PITCH_DEG)
        .mapToDouble(Plane::azimuthDeg)
        .sorted()
        .toArray();
  }
}
