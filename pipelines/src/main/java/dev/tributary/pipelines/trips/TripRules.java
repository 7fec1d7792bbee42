package dev.tributary.pipelines.trips;

import dev.tributary.io.UsageException;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.clean.Rules;
import dev.tributary.transforms.geo.GeoGrid;
import dev.tributary.transforms.geo.TimeOfDay;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** What makes a trip acceptable, and the options that shape the rules and the grouping. */
final class TripRules {
  private TripRules() {}

  /**
   * Normalised names; both fields present; both points on Earth; a start that can have happened.
   */
  static Clean<Trip> clean(TripsOptions options) {
    return Clean.<Trip>create()
        .withNormalizer(Trip::normalized)
        .withRule(Rules.required("region", Trip::getRegion))
        .withRule(Rules.required("datasource", Trip::getDatasource))
        .withRule(Rules.onEarth("origin", Trip::getOrigin))
        .withRule(Rules.onEarth("destination", Trip::getDestination))
        .withRule(
            Rules.timestampBetween(
                "datetime", Trip::getStartedAtMillis, earliest(options), latest()));
  }

  static GeoGrid grid(TripsOptions options) {
    try {
      TimeOfDay.bucketsOfMinutes(options.getTimeBucketMinutes());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--timeBucketMinutes: " + e.getMessage());
    }
    try {
      return GeoGrid.parse(options.getGrid());
    } catch (IllegalArgumentException e) {
      throw new UsageException("--grid: " + e.getMessage());
    }
  }

  static Instant earliest(TripsOptions options) {
    try {
      return LocalDate.parse(options.getEarliestDate()).atStartOfDay().toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw new UsageException(
          "--earliestDate must be yyyy-MM-dd, was '" + options.getEarliestDate() + "'");
    }
  }

  /** A trip starting more than a day from now (any time zone) cannot have happened yet. */
  private static Instant latest() {
    return Instant.now().plus(1, ChronoUnit.DAYS);
  }
}
