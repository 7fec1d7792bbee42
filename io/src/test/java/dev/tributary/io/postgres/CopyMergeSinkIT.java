package dev.tributary.io.postgres;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.runs.Counting;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.RecordIds;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.beam.runners.direct.DirectOptions;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.testing.TestStream;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.windowing.FixedWindows;
import org.apache.beam.sdk.transforms.windowing.IntervalWindow;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TimestampedValue;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(TestPipelineExtension.class)
class CopyMergeSinkIT {
  private static final String STAGING_DDL =
      "CREATE TEMP TABLE IF NOT EXISTS kv_staging (k int, v text) ON COMMIT DELETE ROWS";

  /**
   * Inserts new keys, logs each chunk's size with the merge parameter, returns the merge contract's
   * outcome rows: the keys inserted.
   */
  private static final String MERGE_SQL =
      "WITH ins AS (INSERT INTO kv SELECT k, v FROM kv_staging ON CONFLICT (k) DO NOTHING RETURNING 1),"
          + " chunk AS (INSERT INTO kv_chunks (tag, staged) SELECT ?, count(*) FROM kv_staging RETURNING 1)"
          + " SELECT 'inserted', count(*) FROM ins";

  /** Stores the rows it can and refuses the poisoned ones, by key. */
  private static final String REFUSING_MERGE_SQL =
      "WITH ins AS (INSERT INTO kv SELECT k, v FROM kv_staging WHERE v <> 'poison'"
          + " ON CONFLICT (k) DO NOTHING RETURNING 1),"
          + " chunk AS (INSERT INTO kv_chunks (tag, staged) SELECT min(k), count(*) FROM kv_staging)"
          + " SELECT 'inserted', count(*), NULL, NULL FROM ins"
          + " UNION ALL SELECT 'refused', 1, k::text, 'poisoned' FROM kv_staging WHERE v = 'poison'";

  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  @BeforeEach
  void setUp() throws Exception {
    db.execute(
        "DROP TABLE IF EXISTS kv, kv_chunks",
        "CREATE TABLE kv (k int PRIMARY KEY, v text CHECK (v <> 'poison'))",
        "CREATE TABLE kv_chunks (tag bigint NOT NULL, staged bigint NOT NULL)");
  }

  @Test
  void writesEveryRowInChunksAndASecondRunAddsNothing(TestPipeline pipeline) throws Exception {
    List<KV<Integer, String>> rows = rows(0, 500);
    List<String> runsBefore = db.queryRows("SELECT * FROM ops.ingestion_runs ORDER BY run_id");
    write(pipeline, rows, null, 7, 11);
    assertEquals(500, db.queryLong("SELECT count(*) FROM kv"));
    assertEquals(
        0,
        db.queryLong("SELECT count(*) FROM kv WHERE v IS DISTINCT FROM 'value ' || k || ' ü🚕'"));
    assertEquals(0, db.queryLong("SELECT min(k) FROM kv"));
    assertEquals(499, db.queryLong("SELECT max(k) FROM kv"));
    // Several transactions, none bigger than 7 rows, every row staged once.
    assertEquals(500, db.queryLong("SELECT sum(staged) FROM kv_chunks WHERE tag = 11"));
    assertEquals(7, db.queryLong("SELECT max(staged) FROM kv_chunks WHERE tag = 11"));
    assertThat(
        db.queryLong("SELECT count(*) FROM kv_chunks WHERE tag = 11"),
        greaterThanOrEqualTo(500L / 7 + 1));
    // No run id: no run's counts change.
    assertEquals(runsBefore, db.queryRows("SELECT * FROM ops.ingestion_runs ORDER BY run_id"));

    List<String> before = db.queryRows("SELECT k, v FROM kv ORDER BY k");
    write(newPipeline(pipeline.getOptions()), rows, null, 7, 12);
    assertEquals(before, db.queryRows("SELECT k, v FROM kv ORDER BY k"));
    assertEquals(500, db.queryLong("SELECT sum(staged) FROM kv_chunks WHERE tag = 12"));
  }

  @Test
  void runCountsAreExact(TestPipeline pipeline) throws Exception {
    Ledger first = IngestionRuns.start(db.jdbcUrl(), "kv-test", "first", 300, "rows");
    write(pipeline, rows(0, 300), first, 7, 1);
    assertEquals(List.of("300|300|progress|running"), run(first));

    // Overlapping keys, plus keys that come twice within the run (other records with the same key:
    // record ids name input records, and a chunk of ids counted before is a retry): staged counts
    // every row, new only new keys.
    Ledger second = IngestionRuns.start(db.jdbcUrl(), "kv-test", "second", 260, "rows");
    List<KV<Integer, String>> rows = rows(200, 450);
    rows(400, 410).forEach(kv -> rows.add(KV.of(kv.getKey(), kv.getValue() + " again")));
    write(newPipeline(pipeline.getOptions()), rows, second, 7, 2);
    assertEquals(List.of("260|150|progress|running"), run(second));
    assertEquals(List.of("300|300|progress|running"), run(first), "the first run is untouched");
    assertEquals(450, db.queryLong("SELECT count(*) FROM kv"));

    Ledger third = IngestionRuns.start(db.jdbcUrl(), "kv-test", "third", 450, "rows");
    write(newPipeline(pipeline.getOptions()), rows(0, 450), third, 100, 3);
    assertEquals(List.of("450|0|progress|running"), run(third));
  }

  @Test
  void refusedRecordsComeBackInTheirOwnWindows(TestPipeline pipeline) throws Exception {
    pipeline.getOptions().as(DirectOptions.class).setTargetParallelism(1);
    // Keys 0-9 in the first minute, 10-19 in the second; every third value is refused. Chunks of 4
    // commit mid-bundle, so refusals are found while another record is at hand: 9 while 11 is.
    TestStream.Builder<KV<Integer, String>> input =
        TestStream.create(KvCoder.of(VarIntCoder.of(), StringUtf8Coder.of()));
    List<TimestampedValue<KV<Integer, String>>> rows = new ArrayList<>();
    for (KV<Integer, String> kv : rows(0, 20)) {
      String value = kv.getKey() % 3 == 0 ? "poison" : kv.getValue();
      rows.add(TimestampedValue.of(KV.of(kv.getKey(), value), new Instant(kv.getKey() * 6_000L)));
    }
    @SuppressWarnings("unchecked") // one batch, one bundle: addElements takes the rest as an array
    TimestampedValue<KV<Integer, String>>[] rest =
        rows.subList(1, rows.size()).toArray(new TimestampedValue[0]);
    PCollection<DeadLetter> refused =
        pipeline
            .apply(input.addElements(rows.get(0), rest).advanceWatermarkToInfinity())
            .apply(Window.into(FixedWindows.of(Duration.standardMinutes(1))))
            .apply(
                CopyMergeSink.<KV<Integer, String>>into(
                        db.jdbcUrl(), STAGING_DDL, "kv_staging", CopyMergeSinkIT::encode)
                    .withMergeSql(REFUSING_MERGE_SQL)
                    .withRowsPerTransaction(4)
                    .withRefusals(
                        kv -> String.valueOf(kv.getKey()),
                        (kv, reason) ->
                            DeadLetter.of(
                                Location.of("kv", kv.getKey()),
                                0,
                                "merge",
                                reason,
                                kv.getValue())));
    PCollection<Long> offsets =
        refused.apply(
            "Offsets", MapElements.into(TypeDescriptors.longs()).via(DeadLetter::getOffset));
    IntervalWindow first = new IntervalWindow(new Instant(0), Duration.standardMinutes(1));
    PAssert.that(offsets).inWindow(first).containsInAnyOrder(0L, 3L, 6L, 9L);
    PAssert.that(offsets)
        .inWindow(new IntervalWindow(first.end(), Duration.standardMinutes(1)))
        .containsInAnyOrder(12L, 15L, 18L);
    pipeline.run().waitUntilFinish();
    assertEquals(13, db.queryLong("SELECT count(*) FROM kv"));
    // One bundle (a TestStream batch), chunks of 4: keys 8-11 were one chunk across both windows.
    assertEquals(
        List.of("0|4", "4|4", "8|4", "12|4", "16|4"),
        db.queryRows("SELECT tag, staged FROM kv_chunks ORDER BY tag"));
  }

  @Test
  void anEncoderThatRejectsWritesAndCountsOnlyTheRest(TestPipeline pipeline) throws Exception {
    // An encoder that parses as it writes (trips' bulk load) rejects bad values itself.
    RowEncoder<KV<Integer, String>> rejectingOdd = new RejectingOdd();
    Ledger ledger = IngestionRuns.start(db.jdbcUrl(), "kv-test", "rejecting", 10, "rows");
    PCollection<DeadLetter> rejected =
        pipeline
            .apply(Create.of(rows(0, 10)))
            .apply(
                CopyMergeSink.into(db.jdbcUrl(), STAGING_DDL, "kv_staging", rejectingOdd)
                    .withMergeSql(MERGE_SQL, 1L)
                    .withRowsPerTransaction(3)
                    .withCounting(counting(ledger)));
    PAssert.that(
            rejected.apply(
                "Offsets", MapElements.into(TypeDescriptors.longs()).via(DeadLetter::getOffset)))
        .containsInAnyOrder(1L, 3L, 5L, 7L, 9L);
    pipeline.run().waitUntilFinish();
    assertEquals(List.of("0", "2", "4", "6", "8"), db.queryRows("SELECT k FROM kv ORDER BY k"));
    assertEquals(List.of("5|5|progress|running"), run(ledger));
  }

  @Test
  void bigRowsStreamInSeveralCopyWrites(TestPipeline pipeline) throws Exception {
    List<KV<Integer, String>> rows = new ArrayList<>();
    for (int k = 0; k < 60; k++) {
      rows.add(
          KV.of(
              k,
              String.valueOf((char) ('a' + k % 26)).repeat(100_000 + k))); // ~6 MB > 1 MiB chunks
    }
    Ledger runId = IngestionRuns.start(db.jdbcUrl(), "kv-test", "big", 60, "rows");
    write(pipeline, rows, runId, 1000, 4);
    assertEquals(60, db.queryLong("SELECT count(*) FROM kv"));
    assertEquals(60L * 100_000 + 59 * 60 / 2, db.queryLong("SELECT sum(length(v)) FROM kv"));
    assertEquals(0, db.queryLong("SELECT count(*) FROM kv WHERE length(v) <> 100000 + k"));
    assertEquals(List.of("60|60|progress|running"), run(runId));
  }

  @Test
  void failedChunkRollsBackItsRowsAndItsCounts(TestPipeline pipeline) throws Exception {
    pipeline.getOptions().as(DirectOptions.class).setTargetParallelism(1);
    List<KV<Integer, String>> rows = rows(0, 100);
    rows.set(50, KV.of(50, "poison"));
    Ledger runId = IngestionRuns.start(db.jdbcUrl(), "kv-test", "poisoned", 100, "rows");
    pipeline
        .apply(Create.of(rows))
        .apply(
            CopyMergeSink.<KV<Integer, String>>into(
                    db.jdbcUrl(), STAGING_DDL, "kv_staging", CopyMergeSinkIT::encode)
                .withMergeSql(MERGE_SQL, 5)
                .withCounting(counting(runId))
                .withRowsPerTransaction(7));
    Exception e = assertThrows(Exception.class, () -> pipeline.run().waitUntilFinish());
    assertThat(String.valueOf(e.getMessage()), containsString("kv_v_check"));
    assertEquals(0, db.queryLong("SELECT count(*) FROM kv WHERE k = 50"));
    // Whatever committed before the failure, the run's counts are exactly the rows in the table.
    List<String> snapshot =
        db.queryRows(
            "SELECT (SELECT count(*) FROM kv) = rows_written AND rows_written = rows_new"
                + " AND (SELECT coalesce(sum(staged), 0) FROM kv_chunks) = rows_written"
                + " FROM ops.ingestion_runs WHERE run_id = "
                + runId.runId());
    assertEquals(List.of("t"), snapshot);
  }

  @Test
  void misconfigurationFailsAtConstruction() {
    Pipeline pipeline = Pipeline.create(); // not the TestPipeline: this graph is never run
    CopyMergeSink<KV<Integer, String>> noMerge =
        CopyMergeSink.into(db.jdbcUrl(), STAGING_DDL, "kv_staging", CopyMergeSinkIT::encode);
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> pipeline.apply(Create.of(rows(0, 1))).apply(noMerge));
    assertThat(e.getMessage(), containsString("withMergeSql"));
    assertThrows(IllegalArgumentException.class, () -> noMerge.withRowsPerTransaction(0));
    assertThrows(
        NullPointerException.class,
        () -> CopyMergeSink.into(null, STAGING_DDL, "t", CopyMergeSinkIT::encode));
  }

  // --- helpers ---

  /** Writes even keys, rejects odd ones as a parser would reject bad lines. */
  private static final class RejectingOdd implements RowEncoder<KV<Integer, String>> {
    @Override
    public void encode(KV<Integer, String> kv, PgBinaryWriter row) {
      CopyMergeSinkIT.encode(kv, row);
    }

    @Override
    public boolean encodeOrReject(
        KV<Integer, String> kv, PgBinaryWriter row, Consumer<DeadLetter> rejected) {
      if (kv.getKey() % 2 == 1) {
        rejected.accept(
            DeadLetter.of(Location.of("kv", kv.getKey()), 0, "parse", "odd", kv.getValue()));
        return false;
      }
      encode(kv, row);
      return true;
    }
  }

  private static void encode(KV<Integer, String> kv, PgBinaryWriter row) {
    row.row(2).int4(kv.getKey()).text(kv.getValue());
  }

  private static List<KV<Integer, String>> rows(int from, int to) {
    List<KV<Integer, String>> rows = new ArrayList<>();
    for (int k = from; k < to; k++) {
      rows.add(KV.of(k, "value " + k + " ü🚕"));
    }
    return rows;
  }

  private static Counting<KV<Integer, String>> counting(Ledger ledger) {
    return ledger.written("kv", kv -> RecordIds.of(kv.getValue(), kv.getKey()));
  }

  private static void write(
      Pipeline p,
      List<KV<Integer, String>> rows,
      @Nullable Ledger ledger,
      long perTransaction,
      long tag) {
    CopyMergeSink<KV<Integer, String>> sink =
        CopyMergeSink.<KV<Integer, String>>into(
                db.jdbcUrl(), STAGING_DDL, "kv_staging", CopyMergeSinkIT::encode)
            .withMergeSql(MERGE_SQL, tag)
            .withRowsPerTransaction(perTransaction);
    p.apply(Create.of(rows)).apply(ledger != null ? sink.withCounting(counting(ledger)) : sink);
    p.run().waitUntilFinish();
  }

  /** A plain pipeline on the same runner for a second run within one test. */
  private static Pipeline newPipeline(PipelineOptions options) {
    return Pipeline.create(options);
  }

  private static List<String> run(Ledger ledger) throws Exception {
    return db.queryRows(
        "SELECT rows_written, rows_new, last_event, status FROM ops.ingestion_runs WHERE run_id = "
            + ledger.runId());
  }
}
