package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tributary.io.status.IngestionRuns;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(TestPipelineExtension.class)
class DeadLetterSinkIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  @BeforeEach
  void setUp() throws Exception {
    db.execute("TRUNCATE rejected_records");
  }

  @Test
  void writesEveryField(TestPipeline pipeline) throws Exception {
    long runId = IngestionRuns.start(db.jdbcUrl(), "trips", "/data/trips.csv", 10);
    pipeline
        .apply(
            Create.of(
                DeadLetter.of(
                    Location.of("/data/trips.csv", 1234),
                    17,
                    "parse",
                    "datetime 'yesterday' is not a timestamp",
                    "Prague,yesterday,\"x\"\0,ü🚕")))
        .apply(DeadLetterSink.of(db.jdbcUrl(), "trips", runId));
    pipeline.run().waitUntilFinish();
    assertEquals(
        List.of(
            "trips|"
                + runId
                + "|/data/trips.csv|1234|17|parse|datetime 'yesterday' is not a timestamp|Prague,yesterday,\"x\"\\0,ü🚕"),
        db.queryRows(
            "SELECT pipeline, run_id, source, byte_offset, line, step, reason, raw FROM rejected_records"));
    assertEquals(
        1,
        db.queryLong(
            "SELECT count(*) FROM rejected_records WHERE rejected_at > now() - interval '1 hour'"));
    assertEquals(1, rejected(runId));
  }

  @Test
  void rewritingLocatedLettersUpdatesThem(TestPipeline pipeline) throws Exception {
    long first = IngestionRuns.start(db.jdbcUrl(), "trips", "in.csv", 100);
    List<DeadLetter> letters = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      letters.add(
          DeadLetter.of(Location.of("in.csv", i * 100L), i + 2, "parse", "bad " + i, "raw " + i));
    }
    pipeline.apply(Create.of(letters)).apply(DeadLetterSink.of(db.jdbcUrl(), "trips", first));
    pipeline.run().waitUntilFinish();
    assertEquals(40, db.queryLong("SELECT count(*) FROM rejected_records"));
    assertEquals(40, rejected(first));

    // The same locations again in a new run, with new reasons; plus the same location under
    // another pipeline, which is a different record.
    long second = IngestionRuns.start(db.jdbcUrl(), "trips", "in.csv", 100);
    List<DeadLetter> again = new ArrayList<>();
    for (DeadLetter d : letters) {
      again.add(
          DeadLetter.of(
              Location.of(d.getSource(), d.getOffset()),
              d.getLine(),
              "clean",
              "worse " + d.getOffset(),
              d.getRaw()));
    }
    Pipeline rerun = Pipeline.create(pipeline.getOptions());
    rerun.apply(Create.of(again)).apply(DeadLetterSink.of(db.jdbcUrl(), "trips", second));
    rerun.run().waitUntilFinish();
    Pipeline other = Pipeline.create(pipeline.getOptions());
    other
        .apply(Create.of(letters.get(0)))
        .apply(DeadLetterSink.of(db.jdbcUrl(), "weather", second));
    other.run().waitUntilFinish();

    assertEquals(
        40, db.queryLong("SELECT count(*) FROM rejected_records WHERE pipeline = 'trips'"));
    assertEquals(
        40,
        db.queryLong(
            "SELECT count(*) FROM rejected_records WHERE pipeline = 'trips' AND run_id = "
                + second
                + " AND step = 'clean' AND reason = 'worse ' || byte_offset AND line = byte_offset / 100 + 2"));
    assertEquals(
        1, db.queryLong("SELECT count(*) FROM rejected_records WHERE pipeline = 'weather'"));
    assertEquals(40, rejected(first), "the first run keeps its count");
    assertEquals(41, rejected(second));
  }

  @Test
  void lettersWithoutLocationAreAllKept(TestPipeline pipeline) throws Exception {
    long runId = IngestionRuns.start(db.jdbcUrl(), "events", "topic", 0);
    List<DeadLetter> letters = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      letters.add(
          DeadLetter.of(Location.of("Event", -1), 0, "parse", "bad json", "{oops " + (i % 5)));
    }
    pipeline.apply(Create.of(letters)).apply(DeadLetterSink.of(db.jdbcUrl(), "events", runId));
    pipeline.run().waitUntilFinish();
    assertEquals(
        25,
        db.queryLong("SELECT count(*) FROM rejected_records WHERE byte_offset = -1 AND line = 0"));

    Pipeline again = Pipeline.create(pipeline.getOptions());
    again.apply(Create.of(letters)).apply(DeadLetterSink.of(db.jdbcUrl(), "events", runId));
    again.run().waitUntilFinish();
    assertEquals(50, db.queryLong("SELECT count(*) FROM rejected_records WHERE byte_offset = -1"));
    assertEquals(50, rejected(runId));
    assertEquals(
        List.of("rejected"),
        db.queryRows("SELECT last_event FROM ingestion_runs WHERE run_id = " + runId));
  }

  @Test
  void manyLettersInManyBundles(TestPipeline pipeline) throws Exception {
    long runId = IngestionRuns.start(db.jdbcUrl(), "trips", "many", 0);
    List<DeadLetter> letters = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      letters.add(DeadLetter.of(Location.of("f" + (i % 3) + ".csv", i), i + 1, "parse", "r", "x"));
    }
    pipeline.apply(Create.of(letters)).apply(DeadLetterSink.of(db.jdbcUrl(), "trips", runId));
    pipeline.run().waitUntilFinish();
    assertEquals(3000, db.queryLong("SELECT count(*) FROM rejected_records"));
    assertEquals(3000, rejected(runId));
  }

  private static long rejected(long runId) throws Exception {
    return db.queryLong("SELECT rows_rejected FROM ingestion_runs WHERE run_id = " + runId);
  }
}
