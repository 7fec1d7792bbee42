package dev.tributary.pipelines.weather;

import dev.tributary.io.UsageException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A city to poll, a line of the cities file ({@code id,name,country,lat,lon}), and its key in the
 * {@code weather} schema ({@link #key}).
 */
record City(long owmId, String name, String country, double lat, double lon)
    implements Serializable {
  static final String HEADER = "id,name,country,lat,lon";

  City {
    if (owmId < 0 || name.isBlank() || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180)) {
      throw new IllegalArgumentException(
          "a city needs an id >= 0, a name and coordinates on the Earth: "
              + owmId
              + ","
              + name
              + ","
              + lat
              + ","
              + lon);
    }
  }

  /**
   * OpenWeatherMap's city id; a place it gives id 0 (it has no city of its own) is keyed by its
   * coordinates to 4 decimals, the precision OWM answers with, as a negative number: −(lat·10⁴ +
   * 900000)·10⁷ − (lon·10⁴ + 1800000).
   */
  long key() {
    return owmId > 0 ? owmId : key(lat, lon);
  }

  static long key(double lat, double lon) {
    return -((Math.round(lat * 1e4) + 900_000) * 10_000_000L + Math.round(lon * 1e4) + 1_800_000);
  }

  /** Its coordinates as a request carries them ({@code lat=…&lon=…}): what finds it again. */
  String coordinates() {
    return coordinates(lat, lon);
  }

  static String coordinates(double lat, double lon) {
    return String.format(Locale.ROOT, "%.4f,%.4f", lat, lon);
  }

  /** The cities of {@code file}, every line checked: one clear line for a bad one. */
  static List<City> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file);
    } catch (NoSuchFileException e) {
      throw new UsageException("--cities: no such file " + file);
    } catch (IOException e) {
      throw new UsageException("--cities: cannot read " + file + ": " + e.getMessage());
    }
    if (lines.isEmpty() || !lines.get(0).strip().equals(HEADER)) {
      throw new UsageException("--cities " + file + ": the first line must be " + HEADER);
    }
    List<City> cities = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      String[] f = line.split(",", -1);
      try {
        if (f.length != 5) {
          throw new IllegalArgumentException("expected 5 fields, found " + f.length);
        }
        cities.add(
            new City(
                Long.parseLong(f[0].strip()),
                f[1].strip(),
                f[2].strip(),
                Double.parseDouble(f[3].strip()),
                Double.parseDouble(f[4].strip())));
      } catch (IllegalArgumentException e) {
        throw new UsageException(
            "--cities " + file + " line " + (i + 1) + ": " + e.getMessage() + ": " + line);
      }
    }
    if (cities.isEmpty()) {
      throw new UsageException("--cities " + file + " lists no city");
    }
    return cities;
  }
}
