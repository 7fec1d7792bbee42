import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Writes N synthetic vehicle trips as CSV:
 *
 * <pre>java scripts/tools/GenerateTrips.java N FILE [--seed S]</pre>
 *
 * Trips cluster around real hotspots of five cities and follow daily commute routes at
 * rush hours, so "similar trips" (same ~1 km origin and destination cell, same 30-minute
 * time-of-day bucket) genuinely repeat; a uniform background keeps the rest noisy. The
 * output depends only on N and the seed. Single file, JDK only: no build needed.
 */
public class GenerateTrips {

  static final String HEADER = "region,origin_coord,destination_coord,datetime,datasource\n";
  static final LocalDate FIRST_DAY = LocalDate.of(2018, 3, 1);
  static final LocalDate LAST_DAY = LocalDate.of(2018, 8, 31);

  static final String[] SOURCES = {
    "funny_car", "cheap_mobile", "baba_car", "pt_search_app", "bad_diesel_vehicles"
  };
  static final double[] SOURCE_WEIGHTS = {0.28, 0.24, 0.20, 0.17, 0.11};
  static final int CHEAP_MOBILE = 1;

  static final double BOX_LON = 0.25, BOX_LAT = 0.15; // uniform background extent, degrees
  static final double SPOT_SIGMA = 0.004; // ~300-450 m around a hotspot
  static final double ROUTE_SIGMA = 0.002; // commuters start/end closer to the exact spot
  static final double ROUTE_SHARE = 0.30, SPOT_SHARE = 0.70; // of trips / of trip ends
  static final int ROUTES_PER_CITY = 8;

  /** A city: background box, weighted hotspots, commute routes, datasource mix. */
  static final class City {
    final String name;
    final double weight, minLon, minLat;
    final double[][] spots; // {lon, lat, weight}
    final double[] spotCum, sourceCum;
    int[][] routes; // {from spot, to spot, departure second of day}
    double[] routeCum;

    City(String name, double weight, double lon, double lat, boolean cheapMobile, double[][] spots) {
      this.name = name;
      this.weight = weight;
      this.minLon = lon - BOX_LON / 2;
      this.minLat = lat - BOX_LAT / 2;
      this.spots = spots;
      this.spotCum = cumulative(column(spots, 2));
      double[] w = SOURCE_WEIGHTS.clone();
      if (!cheapMobile) w[CHEAP_MOBILE] = 0; // cheap_mobile operates in only 3 cities
      this.sourceCum = cumulative(w);
    }
  }

  static final City[] CITIES = {
    new City("Prague", 0.33, 14.44, 50.07, true, new double[][] {
      {14.4208, 50.0875, 5}, // Old Town Square
      {14.4270, 50.0812, 4}, // Wenceslas Square
      {14.4356, 50.0830, 4}, // main station
      {14.4036, 50.0713, 3}, // Anděl
      {14.4500, 50.0925, 2}, // Karlín
      {14.4380, 50.0510, 2}, // Pankrác
      {14.4910, 50.0310, 1}, // Chodov
    }),
    new City("Turin", 0.27, 7.68, 45.07, true, new double[][] {
      {7.6858, 45.0710, 5}, // Piazza Castello
      {7.6782, 45.0620, 4}, // Porta Nuova
      {7.6655, 45.0717, 3}, // Porta Susa
      {7.6600, 45.0625, 3}, // Politecnico
      {7.6650, 45.0320, 2}, // Lingotto
      {7.6413, 45.1096, 1}, // stadium
    }),
    new City("Hamburg", 0.17, 9.99, 53.56, true, new double[][] {
      {10.0065, 53.5530, 5}, // Hauptbahnhof
      {9.9925, 53.5505, 4}, // Rathaus / Jungfernstieg
      {9.9980, 53.5410, 3}, // HafenCity
      {9.9600, 53.5495, 3}, // St. Pauli
      {9.9350, 53.5520, 2}, // Altona
      {9.9850, 53.5900, 2}, // Eppendorf
    }),
    new City("Lisbon", 0.13, -9.16, 38.75, false, new double[][] {
      {-9.1393, 38.7139, 5}, // Baixa / Rossio
      {-9.1445, 38.7060, 3}, // Cais do Sodré
      {-9.1503, 38.7253, 4}, // Marquês de Pombal
      {-9.1450, 38.7345, 3}, // Saldanha
      {-9.0990, 38.7678, 2}, // Oriente
      {-9.1355, 38.7742, 2}, // airport
      {-9.2060, 38.6970, 1}, // Belém
    }),
    new City("Vienna", 0.10, 16.37, 48.21, false, new double[][] {
      {16.3725, 48.2085, 5}, // Stephansplatz
      {16.3385, 48.1966, 3}, // Westbahnhof
      {16.3755, 48.1852, 4}, // Hauptbahnhof
      {16.3920, 48.2180, 3}, // Praterstern
      {16.3615, 48.2150, 3}, // Schottentor
      {16.3120, 48.1850, 1}, // Schönbrunn
    }),
  };

  public static void main(String[] args) {
    long rows = 0, seed = 42;
    String file = null;
    try {
      if (args.length != 2 && !(args.length == 4 && args[2].equals("--seed"))) {
        fail("usage: java scripts/tools/GenerateTrips.java N FILE [--seed S]");
      }
      rows = Long.parseLong(args[0]);
      if (rows < 1) fail("N must be a positive integer, got " + args[0]);
      file = args[1];
      if (args.length == 4) seed = Long.parseLong(args[3]);
    } catch (NumberFormatException e) {
      fail("N and --seed must be integers, got " + String.join(" ", args));
    }

    long start = System.nanoTime();
    try (Writer out = new BufferedWriter(
        new OutputStreamWriter(new FileOutputStream(file), StandardCharsets.US_ASCII), 1 << 20)) {
      generate(rows, new SplittableRandom(seed), out);
    } catch (IOException e) {
      fail("cannot write " + file + ": " + e.getMessage());
    }
    System.err.printf("wrote %d rows to %s in %.1f s%n", rows, file, (System.nanoTime() - start) / 1e9);
  }

  static void generate(long rows, SplittableRandom rnd, Writer out) throws IOException {
    for (City c : CITIES) planRoutes(c, rnd);
    double[] cityCum = cumulative(java.util.Arrays.stream(CITIES).mapToDouble(c -> c.weight).toArray());

    // Fewer trips at weekends; dates are formatted once, not per row.
    int days = (int) (LAST_DAY.toEpochDay() - FIRST_DAY.toEpochDay()) + 1;
    String[] dayText = new String[days];
    double[] dayWeight = new double[days];
    for (int d = 0; d < days; d++) {
      LocalDate date = FIRST_DAY.plusDays(d);
      dayText[d] = date + " ";
      dayWeight[d] = date.getDayOfWeek().compareTo(DayOfWeek.SATURDAY) >= 0 ? 0.55 : 1.0;
    }
    double[] dayCum = cumulative(dayWeight);

    out.write(HEADER);
    StringBuilder sb = new StringBuilder(1 << 17); // rows are batched: one write per ~128 KB
    for (long i = 0; i < rows; i++) {
      City c = CITIES[pick(cityCum, rnd)];
      double oLon, oLat, dLon, dLat;
      int second;
      if (rnd.nextDouble() < ROUTE_SHARE) { // a regular commute: same ends, same time
        int[] r = c.routes[pick(c.routeCum, rnd)];
        double[] from = c.spots[r[0]], to = c.spots[r[1]];
        oLon = from[0] + rnd.nextGaussian() * ROUTE_SIGMA;
        oLat = from[1] + rnd.nextGaussian() * ROUTE_SIGMA;
        dLon = to[0] + rnd.nextGaussian() * ROUTE_SIGMA;
        dLat = to[1] + rnd.nextGaussian() * ROUTE_SIGMA;
        second = r[2] + (int) (rnd.nextGaussian() * 480); // ±8 min
      } else {
        int o = -1;
        if (rnd.nextDouble() < SPOT_SHARE) {
          o = pick(c.spotCum, rnd);
          oLon = c.spots[o][0] + rnd.nextGaussian() * SPOT_SIGMA;
          oLat = c.spots[o][1] + rnd.nextGaussian() * SPOT_SIGMA;
        } else {
          oLon = c.minLon + rnd.nextDouble() * BOX_LON;
          oLat = c.minLat + rnd.nextDouble() * BOX_LAT;
        }
        if (rnd.nextDouble() < SPOT_SHARE) {
          int d = pick(c.spotCum, rnd);
          if (d == o) d = pick(c.spotCum, rnd); // mostly leave the origin's hotspot
          dLon = c.spots[d][0] + rnd.nextGaussian() * SPOT_SIGMA;
          dLat = c.spots[d][1] + rnd.nextGaussian() * SPOT_SIGMA;
        } else {
          dLon = c.minLon + rnd.nextDouble() * BOX_LON;
          dLat = c.minLat + rnd.nextDouble() * BOX_LAT;
        }
        second = timeOfDay(rnd);
      }
      second = Math.floorMod(second, 86400);

      sb.append(c.name).append(",POINT (").append(oLon).append(' ').append(oLat)
          .append("),POINT (").append(dLon).append(' ').append(dLat).append("),")
          .append(dayText[pick(dayCum, rnd)]);
      twoDigits(sb, second / 3600).append(':');
      twoDigits(sb, second / 60 % 60).append(':');
      twoDigits(sb, second % 60).append(',').append(SOURCES[pick(c.sourceCum, rnd)]).append('\n');
      if (sb.length() > (1 << 17) - 256) {
        out.append(sb);
        sb.setLength(0);
      }
    }
    out.append(sb);
  }

  /** Commute routes between distinct hotspots, each leaving at a fixed rush-hour time. */
  static void planRoutes(City c, SplittableRandom rnd) {
    c.routes = new int[ROUTES_PER_CITY][];
    double[] w = new double[ROUTES_PER_CITY];
    for (int i = 0; i < ROUTES_PER_CITY; i++) {
      int from = pick(c.spotCum, rnd), to;
      do to = pick(c.spotCum, rnd); while (to == from);
      int depart = i % 2 == 0
          ? 7 * 3600 + rnd.nextInt(10) * 900 // 07:00-09:15
          : 16 * 3600 + rnd.nextInt(12) * 900; // 16:00-18:45
      c.routes[i] = new int[] {from, to, depart};
      w[i] = 0.2 + rnd.nextDouble();
    }
    c.routeCum = cumulative(w);
  }

  /** Seconds since midnight: morning and evening rush peaks over a daytime base. */
  static int timeOfDay(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    if (u < 0.28) return (int) (8 * 3600 + rnd.nextGaussian() * 3000); // ~08:00
    if (u < 0.58) return (int) (17.75 * 3600 + rnd.nextGaussian() * 4200); // ~17:45
    if (u < 0.93) return 6 * 3600 + rnd.nextInt(18 * 3600); // daytime
    return rnd.nextInt(6 * 3600); // night
  }

  static StringBuilder twoDigits(StringBuilder sb, int v) {
    return sb.append((char) ('0' + v / 10)).append((char) ('0' + v % 10));
  }

  static int pick(double[] cum, SplittableRandom rnd) {
    double u = rnd.nextDouble() * cum[cum.length - 1];
    int lo = 0, hi = cum.length - 1;
    while (lo < hi) { // first index whose cumulative weight exceeds u
      int mid = (lo + hi) >>> 1;
      if (cum[mid] > u) hi = mid; else lo = mid + 1;
    }
    return lo;
  }

  static double[] cumulative(double[] w) {
    double[] cum = new double[w.length];
    double sum = 0;
    for (int i = 0; i < w.length; i++) cum[i] = sum += w[i];
    return cum;
  }

  static double[] column(double[][] rows, int col) {
    return java.util.Arrays.stream(rows).mapToDouble(r -> r[col]).toArray();
  }

  static void fail(String message) {
    System.err.println("error: " + message);
    System.exit(1);
  }
}
