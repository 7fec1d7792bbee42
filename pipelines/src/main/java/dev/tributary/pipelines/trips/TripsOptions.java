package dev.tributary.pipelines.trips;

import dev.tributary.io.sinks.SinkOptions;
import dev.tributary.pipelines.runtime.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;

/** Options of the trips pipeline; {@code scripts/run.sh trips --help} lists them. */
public interface TripsOptions extends JobOptions, SinkOptions {
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

  @Description(
      "Kafka topic of trips, one CSV line per record without header, columns as in the file"
          + " (--source=kafka).")
  @Default.String("trips")
  String getTopic();

  void setTopic(String value);

  @Description(
      "Streaming: minutes after a week's window closed that its trips are still counted (a late"
          + " pane); later trips go to rejected_records with step 'window'.")
  @Default.Integer(1440)
  int getAllowedLatenessMinutes();

  void setAllowedLatenessMinutes(int value);

  @Description(
      "Streaming: seconds between provisional (EARLY) weekly counts of an open window; 0 for none.")
  @Default.Integer(30)
  int getEarlyFiringSeconds();

  void setEarlyFiringSeconds(int value);

  @Description(
      "Streaming: also publish every weekly-count pane as JSON to this Kafka topic (none if"
          + " empty).")
  @Default.String("")
  String getWindowCountsTopic();

  void setWindowCountsTopic(String value);

  /** How a run's trips go into PostgreSQL; the names are the option's values. */
  enum LoadMode {
    auto,
    bulk,
    incremental
  }

  @Description(
      "How trips go into PostgreSQL: bulk (appended to a table without indexes, then sorted index"
          + " builds and set-based aggregates), incremental (an idempotent merge per chunk through"
          + " the indexes) or auto: bulk for "
          + TripsLoad.MIN_BULK_ROWS
          + "+ trips that are at least 1/"
          + TripsLoad.BULK_SHARE
          + " of those stored, a stream always incremental.")
  @Default.Enum("auto")
  LoadMode getLoadMode();

  void setLoadMode(LoadMode value);

  @Hidden
  @Description(
      "Set by the run: the table (and columns) a bulk load appends to; empty: incremental.")
  @Default.String("")
  String getBulkLoadTable();

  void setBulkLoadTable(String value);
}
