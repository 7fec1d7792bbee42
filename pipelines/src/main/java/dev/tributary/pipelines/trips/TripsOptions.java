package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.PostgresOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the trips pipeline; run with {@code --help=TripsOptions} for the list. */
public interface TripsOptions extends PostgresOptions {
  @Description(
      "Trips CSV file or glob (header: region,origin_coord,destination_coord,datetime,datasource).")
  @Default.String("data/sample/trips.csv")
  String getInput();

  void setInput(String value);

  @Description(
      "Grid of similar-trip groups: a cell size in degrees (0.01 ≈ 1.1 km × 0.7 km at 50° N) or"
          + " geohash:<precision> (geohash:6 ≈ 1.2 km × 0.6 km).")
  @Default.String("0.01")
  String getGrid();

  void setGrid(String value);

  @Description(
      "Time-of-day bucket of similar-trip groups in minutes; must divide a day (e.g. 15, 30, 60).")
  @Default.Integer(30)
  int getTimeBucketMinutes();

  void setTimeBucketMinutes(int value);

  @Description("Trips before this date (yyyy-MM-dd) are rejected as impossible timestamps.")
  @Default.String("2000-01-01")
  String getEarliestDate();

  void setEarliestDate(String value);

  @Description("Show a progress bar while the run writes (needs a terminal).")
  @Default.Boolean(true)
  boolean getProgress();

  void setProgress(boolean value);
}
