package dev.tributary.io.postgres;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.io.UsageException;
import dev.tributary.io.sources.Input;
import dev.tributary.io.sources.SourceOptions;
import dev.tributary.io.sources.Sources;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.PCollection;
import org.joda.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Staged records come back with the location and event time they were stored with. */
class ReadStagedIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(false);

  private static final String QUERY =
      "SELECT url, seq,\n body, at FROM answers"
          + " WHERE url IN (SELECT jsonb_array_elements_text(?::jsonb)) AND seq >= ?::bigint";

  @BeforeAll
  static void answers() throws Exception {
    db.execute(
        "CREATE TABLE answers (url text, seq bigint, body text, at timestamptz)",
        "INSERT INTO answers VALUES"
            + " ('http://api/a', 0, '{\"a\":1}', '2025-06-01T10:00:00Z'),"
            + " ('http://api/b', 0, '{\"b\":2}', '2025-06-01T11:00:00Z'),"
            + " ('http://api/b', 7, '{\"b\":3}', '2025-06-01T12:00:00Z'),"
            + " ('http://api/c', 0, '{\"c\":4}', '2025-06-01T13:00:00Z')");
  }

  private static StagedQuery query(String urls, long from) {
    return new StagedQuery(db.jdbcUrl(), QUERY, List.of(urls, Long.toString(from)));
  }

  @Test
  void readsTheRowsWithTheirLocationAndEventTime() {
    Pipeline pipeline = Pipeline.create();
    PCollection<String> read =
        pipeline
            .apply(ReadStaged.of(query("[\"http://api/a\", \"http://api/b\"]", 0)))
            .apply(ParDo.of(new DescribeFn()));
    PAssert.that(read)
        .containsInAnyOrder(
            "http://api/a@0 REQUEST {\"a\":1} 2025-06-01T10:00:00.000Z",
            "http://api/b@0 REQUEST {\"b\":2} 2025-06-01T11:00:00.000Z",
            "http://api/b@7 REQUEST {\"b\":3} 2025-06-01T12:00:00.000Z");
    pipeline.run().waitUntilFinish();
  }

  @Test
  void countsWhatTheQueryReturns() {
    assertEquals(3, ReadStaged.count(query("[\"http://api/a\", \"http://api/b\"]", 0)));
    assertEquals(1, ReadStaged.count(query("[\"http://api/b\"]", 1)));
    assertEquals(0, ReadStaged.count(query("[]", 0)));
  }

  @Test
  void aBadQueryIsOneLineAndAMissingTableHoldsNothing() {
    StagedQuery bad = new StagedQuery(db.jdbcUrl(), "SELECT url FROM answers WHERE", List.of());
    UsageException e = assertThrows(UsageException.class, () -> ReadStaged.count(bad));
    assertThat(e.getMessage(), containsString("cannot read the staged records: ERROR: syntax"));
    assertEquals(
        0, ReadStaged.count(new StagedQuery(db.jdbcUrl(), "SELECT * FROM nowhere", List.of())));
  }

  @Test
  void theSourceChecksWhatIsStaged() {
    SourceOptions options =
        PipelineOptionsFactory.fromArgs("--source=staged").as(SourceOptions.class);
    Input answers = Input.json("Answers");
    assertEquals(
        new Sources.Checked("staged Answers", 3, false),
        Sources.check(options, answers.staged(query("[\"http://api/a\", \"http://api/b\"]", 0))));
    UsageException none =
        assertThrows(
            UsageException.class,
            () -> Sources.check(options, answers.staged(query("[\"http://api/x\"]", 0))));
    assertEquals(
        "no staged records of Answers match: load them from the source first (without"
            + " --source=staged)",
        none.getMessage());
    UsageException notKept =
        assertThrows(
            UsageException.class, () -> Sources.check(options, answers.files("answers.json")));
    assertThat(notKept.getMessage(), containsString("Answers keeps no staged records"));
  }

  /** The record as text with its location, kind and timestamp. */
  private static final class DescribeFn extends DoFn<SourceRecord, String> {
    @ProcessElement
    public void process(
        @Element SourceRecord record, @Timestamp Instant at, OutputReceiver<String> out) {
      Location location = record.getLocation();
      out.output(location.key() + " " + location.getKind() + " " + record.getText() + " " + at);
    }
  }
}
