package dev.tributary.io.http;

import static java.util.Map.entry;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;

/**
 * Germany's installed capacity over time (roughly the real figures, in GW; battery capacity in
 * GWh), which {@code /installed_power} answers and which scales the solar and wind output of {@code
 * /public_power}, so the two endpoints tell one story.
 */
final class InstalledCapacity {
  /** The production types, by their current names, in answer order. */
  static final List<String> NAMES =
      List.of(
          "Nuclear",
          "Fossil brown coal / lignite",
          "Fossil hard coal",
          "Fossil gas",
          "Fossil oil",
          "Other, non-renewable",
          "Hydro",
          "Hydro pumped storage",
          "Biomass",
          "Wind offshore",
          "Wind onshore",
          "Solar DC",
          "Solar AC",
          "Battery storage (power)",
          "Battery storage (capacity)");

  /** year, value pairs: the capacity at the end of that year; none recorded before the first. */
  private static final Map<String, double[]> END_OF_YEAR =
      Map.ofEntries(
          entry(
              "Nuclear",
              new double[] {
                2002, 21.3, 2010, 20.5, 2011, 12.1, 2015, 10.8, 2017, 9.5, 2019, 8.1, 2021, 4.1,
                2022, 4.1, 2023, 0
              }),
          entry(
              "Fossil brown coal / lignite",
              new double[] {2002, 22.0, 2012, 21.3, 2020, 20.9, 2023, 18.5, 2025, 15.6}),
          entry(
              "Fossil hard coal",
              new double[] {2002, 28.5, 2015, 28.7, 2020, 22.5, 2023, 17.0, 2025, 15.0}),
          entry("Fossil gas", new double[] {2003, 20.0, 2015, 29.0, 2025, 33.0}),
          entry("Fossil oil", new double[] {2002, 5.5, 2025, 4.3}),
          entry("Other, non-renewable", new double[] {2015, 4.0, 2025, 4.5}),
          entry("Hydro", new double[] {2002, 4.5, 2025, 4.9}),
          entry("Hydro pumped storage", new double[] {2002, 5.5, 2015, 9.4, 2025, 9.9}),
          entry("Biomass", new double[] {2002, 1.9, 2012, 6.8, 2025, 9.1}),
          entry(
              "Wind offshore",
              new double[] {2009, 0.06, 2012, 0.3, 2015, 3.3, 2020, 7.8, 2025, 9.2}),
          entry("Wind onshore", new double[] {2002, 11.9, 2010, 26.8, 2020, 54.4, 2025, 64.0}),
          entry(
              "Solar DC",
              new double[] {
                2002, 0.3, 2010, 18.0, 2012, 34.1, 2020, 54.0, 2023, 82.0, 2025, 107.0
              }),
          entry("Solar AC", new double[] {2016, 36.0, 2020, 46.0, 2023, 68.0, 2025, 88.0}),
          entry(
              "Battery storage (power)",
              new double[] {2014, 0.1, 2020, 1.2, 2023, 6.0, 2025, 12.0}),
          entry(
              "Battery storage (capacity)",
              new double[] {2014, 0.15, 2020, 2.0, 2023, 9.0, 2025, 18.0}));

  private InstalledCapacity() {}

  /**
   * What Germany had of {@code name} at {@code year} (fractional: 2023.5 is mid-2023), linear
   * between year ends, the last trend continued (never below 0); null before the first record.
   */
  static Double germany(String name, double year) {
    double[] points = END_OF_YEAR.get(name);
    if (year < points[0] + 1) {
      return null;
    }
    int last = points.length - 2;
    for (int i = 2; i <= last; i += 2) {
      if (year <= points[i] + 1) {
        return between(points, i - 2, year);
      }
    }
    return Math.max(0, between(points, last - 2, year));
  }

  /** The line through the points at {@code i} and {@code i + 2}, at {@code year}. */
  private static double between(double[] points, int i, double year) {
    double x0 = points[i] + 1;
    double x1 = points[i + 2] + 1;
    return points[i + 1] + (points[i + 3] - points[i + 1]) * (year - x0) / (x1 - x0);
  }

  /** {@code instant} as a fractional year, in UTC. */
  static double year(Instant instant) {
    ZonedDateTime utc = instant.atZone(ZoneOffset.UTC);
    double day = utc.getDayOfYear() - 1 + utc.toLocalTime().toSecondOfDay() / 86_400.0;
    return utc.getYear() + day / utc.toLocalDate().lengthOfYear();
  }
}
