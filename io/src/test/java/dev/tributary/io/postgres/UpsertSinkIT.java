package dev.tributary.io.postgres;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.auto.value.AutoValue;
import dev.tributary.io.runs.Counts;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.RecordIds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.schemas.AutoValueSchema;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The declared upsert: new keys inserted, changed rows updated, the rest left and counted. */
class UpsertSinkIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  /** A record whose fields land in columns of other widths and types. */
  @DefaultSchema(AutoValueSchema.class)
  @AutoValue
  public abstract static class Reading {
    public abstract long getSensorId();

    public abstract String getName();

    public abstract double getValue();

    public abstract int getBucket();

    public abstract Instant getTakenAt();

    public abstract String getExtra();

    public abstract boolean getValid();

    static Reading of(long id, String name, double value) {
      return new AutoValue_UpsertSinkIT_Reading(
          id, name, value, 3, new Instant(1_525_680_000_000L + id), "{\"id\": " + id + "}", true);
    }
  }

  @BeforeEach
  void table() throws Exception {
    db.execute(
        "DROP TABLE IF EXISTS readings",
        "CREATE TABLE readings (sensor_id int, name text, value float8, bucket smallint,"
            + " taken_at timestamp, extra jsonb, valid boolean, source text, run_id bigint,"
            + " written_at timestamptz, PRIMARY KEY (source, sensor_id))");
  }

  private static UpsertSink<Reading> sink(Ledger ledger) {
    return UpsertSink.<Reading>into(db.jdbcUrl(), "readings")
        .withKeys("source", "sensor_id")
        .withValue("source", "upper(?)", "lab")
        .withValue("run_id", "?", ledger.runId())
        .withTimestamp("written_at")
        .withRowsPerTransaction(3)
        // A record's id is where it was read; here its name and sensor stand for that.
        .withCounting(ledger.written("readings", r -> RecordIds.of(r.getName(), r.getSensorId())));
  }

  /** The sink without the run's id among its values: a new run can find rows unchanged. */
  private static UpsertSink<Reading> withoutRun(Ledger ledger) {
    return UpsertSink.<Reading>into(db.jdbcUrl(), "readings")
        .withKeys("source", "sensor_id")
        .withValue("source", "upper(?)", "lab")
        .withTimestamp("written_at")
        .withCounting(ledger.written("readings", r -> RecordIds.of(r.getName(), r.getSensorId())));
  }

  private static Ledger write(List<Reading> readings) throws Exception {
    Ledger ledger = IngestionRuns.start(db.jdbcUrl(), "test", "readings", 0, "rows");
    write(readings, sink(ledger));
    return ledger;
  }

  /** Writes the readings as one bundle (one TestStream batch), so chunking is the sink's alone. */
  private static void write(List<Reading> readings, UpsertSink<Reading> sink) throws Exception {
    Pipeline pipeline = Pipeline.create(PipelineOptionsFactory.create());
    Coder<Reading> coder = pipeline.getSchemaRegistry().getSchemaCoder(Reading.class);
    pipeline
        .apply(
            TestStream.create(coder)
                .addElements(
                    readings.get(0), readings.subList(1, readings.size()).toArray(new Reading[0]))
                .advanceWatermarkToInfinity())
        .apply(sink);
    pipeline.run().waitUntilFinish();
  }

  private static Counts counts(Ledger ledger) {
    return ledger.totals(List.of("rows")).get("rows");
  }

  @Test
  void insertsNewUpdatesChangedAndCountsTheUnchanged() throws Exception {
    Ledger first =
        write(List.of(Reading.of(1, "a", 1.5), Reading.of(2, "b", 2.5), Reading.of(3, "c", 0)));
    assertEquals(new Counts(0, 3, 3, 0, 0), counts(first));
    assertEquals(
        List.of(
            "LAB|1|a|1.5|3|2018-05-07 08:00:00.001|{\"id\": 1}|t",
            "LAB|2|b|2.5|3|2018-05-07 08:00:00.002|{\"id\": 2}|t",
            "LAB|3|c|0|3|2018-05-07 08:00:00.003|{\"id\": 3}|t"),
        db.queryRows(
            "SELECT source, sensor_id, name, value, bucket, taken_at, extra, valid FROM readings"
                + " ORDER BY 2"));

    // 1 changed, 2 the same but a new run (its run_id is data), 3 the same, 4 new.
    Ledger second =
        write(
            List.of(
                Reading.of(1, "a", 9.5),
                Reading.of(2, "b", 2.5),
                Reading.of(3, "c", 0),
                Reading.of(4, "d", 4)));
    assertEquals(new Counts(0, 4, 1, 3, 0), counts(second));
    assertEquals(
        List.of("1|9.5|" + second.runId(), "4|4|" + second.runId()),
        db.queryRows(
            "SELECT sensor_id, value, run_id FROM readings WHERE value IN (9.5, 4) ORDER BY 1"));
    assertEquals(4, db.queryLong("SELECT count(*) FROM readings WHERE run_id = " + second.runId()));
  }

  /** Rows already stored as they are stay untouched; a retried write counts nothing twice. */
  @Test
  void unchangedRowsAreLeftAndARetryCountsOnce() throws Exception {
    List<Reading> readings = List.of(Reading.of(1, "a", 1.5), Reading.of(2, "b", 2.5));
    Ledger first = IngestionRuns.start(db.jdbcUrl(), "test", "readings", 0, "rows");
    write(readings, withoutRun(first));
    String stamps = "SELECT sensor_id, written_at FROM readings ORDER BY 1";
    List<String> written = db.queryRows(stamps);

    Ledger second = IngestionRuns.start(db.jdbcUrl(), "test", "readings", 0, "rows");
    write(readings, withoutRun(second));
    write(readings, withoutRun(second));
    assertEquals(new Counts(0, 2, 0, 0, 0), counts(second), "the retry is not counted again");
    assertEquals(2, counts(second).unchanged());
    assertEquals(written, db.queryRows(stamps), "unchanged rows keep their written_at");
  }

  /**
   * An uncompared column (the run) is written with a new or changed row but does not change one:
   * the same data from a later run leaves the rows and their run as they were.
   */
  @Test
  void uncomparedColumnsFollowChangesWithoutMakingThem() throws Exception {
    Ledger first = IngestionRuns.start(db.jdbcUrl(), "test", "readings", 0, "rows");
    write(
        List.of(Reading.of(1, "a", 1.5), Reading.of(2, "b", 2.5)),
        sink(first).withUncompared("run_id"));
    Ledger second = IngestionRuns.start(db.jdbcUrl(), "test", "readings", 0, "rows");
    write(
        List.of(Reading.of(1, "a", 1.5), Reading.of(2, "b", 3.5)),
        sink(second).withUncompared("run_id"));
    assertEquals(new Counts(0, 2, 0, 1, 0), counts(second));
    assertEquals(
        List.of("1|" + first.runId(), "2|" + second.runId()),
        db.queryRows("SELECT sensor_id, run_id FROM readings ORDER BY 1"));
  }

  /**
   * Of two records with one key, the higher value is kept in whichever order they come: by the
   * preference within a chunk (both in one: 100 rows per transaction), by the update condition
   * across chunks (one row per transaction).
   */
  @ParameterizedTest(name = "{0} rows per transaction, higher value {1}")
  @CsvSource({"100, first", "100, last", "1, first", "1, last"})
  void thePreferredRecordOfAKeyIsStoredWhateverTheChunks(int rowsPerTransaction, String order)
      throws Exception {
    Ledger ledger = IngestionRuns.start(db.jdbcUrl(), "test", "readings", 0, "rows");
    List<Reading> readings =
        new ArrayList<>(List.of(Reading.of(7, "new", 2), Reading.of(7, "old", 1)));
    if (order.equals("last")) {
      Collections.reverse(readings);
    }
    write(
        readings,
        sink(ledger)
            .withRowsPerTransaction(rowsPerTransaction)
            .withPreference("value DESC")
            .withUpdateCondition("t.value < EXCLUDED.value"));
    assertEquals(List.of("7|new|2"), db.queryRows("SELECT sensor_id, name, value FROM readings"));
    assertEquals(2, counts(ledger).written(), "both records were written");
  }

  @Test
  void aFieldThatFitsNoColumnIsOneClearError() throws Exception {
    db.execute("ALTER TABLE readings ALTER COLUMN name TYPE int USING 0");
    Exception e = assertThrows(Exception.class, () -> write(List.of(Reading.of(1, "a", 1.5))));
    assertThat(
        String.valueOf(e.getMessage()),
        containsString(
            "field name (STRING NOT NULL) cannot be written to a column of type integer"));
  }

  @Test
  void misconfigurationFailsAtConstruction() {
    Pipeline pipeline = Pipeline.create();
    IllegalStateException noKeys =
        assertThrows(
            IllegalStateException.class,
            () ->
                pipeline
                    .apply(Create.of(Reading.of(1, "a", 1)))
                    .apply(UpsertSink.<Reading>into(db.jdbcUrl(), "readings")));
    assertThat(noKeys.getMessage(), containsString("needs withKeys"));
    assertThrows(
        IllegalArgumentException.class,
        () -> UpsertSink.<Reading>into(db.jdbcUrl(), "readings").withRowsPerTransaction(0));
    IllegalArgumentException noSchema =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                pipeline
                    .apply("Strings", Create.of("x"))
                    .apply(UpsertSink.<String>into(db.jdbcUrl(), "t").withKeys("k")));
    assertThat(noSchema.getMessage(), containsString("needs records with a schema"));
  }
}
