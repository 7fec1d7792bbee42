package dev.tributary.io.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.postgres.TestDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The run ledger: a chunk counts once, whoever commits it how often, at every level it names. */
class LedgerIT {
  @RegisterExtension final TestDatabase db = TestDatabase.perTest(true);

  private Ledger run(String level) {
    return IngestionRuns.start(db.jdbcUrl(), "test", "in", 0, level);
  }

  private static boolean commit(Connection c, Counting<Long> counting, long... ids)
      throws Exception {
    Counting<Long>.Chunk chunk = counting.chunk();
    for (long id : ids) {
      chunk.add(id);
    }
    return chunk.commit(c);
  }

  @Test
  void aRetriedChunkCountsOnceInAnyOrderAndOtherChunksCount() throws Exception {
    Ledger ledger = run("rows");
    Counting<Long> written = ledger.written("sink", id -> id);
    try (Connection c = db.connect()) {
      assertTrue(commit(c, written, 1, 2, 3));
      assertFalse(commit(c, written, 3, 1, 2), "the same records again: a retry");
      assertTrue(commit(c, written, 1, 2), "other records: another chunk");
      assertTrue(commit(c, written, 1, 1, 2, 3), "a duplicate record makes another chunk too");
      assertTrue(commit(c, ledger.read("source", id -> id), 1, 2, 3), "read is another step");
    }
    assertEquals(new Counts(3, 9, 0, 0, 0), ledger.totals(List.of("rows")).get("rows"));
    assertEquals(
        List.of("3|9|0|progress"),
        db.queryRows(
            "SELECT rows_read, rows_written, rows_rejected, last_event FROM ops.ingestion_runs"));
  }

  @Test
  void partsCountAtTheirLevelsAndOnlyTheRunsLevelIsInItsRecord() throws Exception {
    Ledger ledger = run("models");
    Counting<Long> rejected =
        ledger
            .<Long>rejected("letters", id -> id)
            .withParts(id -> Map.of("models", 1L, "planes", id));
    Counting<Long> written =
        ledger.<Long>written("sink", id -> id).withParts(id -> Map.of("models", 1L, "planes", 10L));
    try (Connection c = db.connect()) {
      assertTrue(commit(c, rejected, 4, 5));
      Counting<Long>.Chunk chunk = written.chunk();
      chunk.add(100L);
      chunk.add(101L);
      chunk.refuse(101L); // the store refused it after all
      chunk.merged(1, 0);
      assertTrue(chunk.commit(c));
    }
    Map<String, Counts> totals = ledger.totals(List.of("models", "buildings", "planes"));
    assertEquals(new Counts(0, 1, 1, 0, 2), totals.get("models"));
    assertEquals(Counts.NONE, totals.get("buildings"), "a level nothing counted is zero");
    assertEquals(new Counts(0, 10, 0, 0, 9), totals.get("planes"));
    assertEquals(
        List.of("0|1|1|2"),
        db.queryRows(
            "SELECT rows_read, rows_written, rows_new, rows_rejected FROM ops.ingestion_runs"));
  }

  /** A generator's lines count at their own level, what their merge inserted too. */
  @Test
  void recordsOfAnotherLevelCountThereWithTheirMergeOutcomes() throws Exception {
    Ledger ledger = run("items");
    try (Connection c = db.connect()) {
      Counting<Long>.Chunk chunk = ledger.<Long>written("lines", id -> id).inLevel("lines").chunk();
      chunk.add(1L);
      chunk.add(2L);
      chunk.merged(2, 0);
      assertTrue(chunk.commit(c));
      assertTrue(commit(c, ledger.<Long>read("generated", id -> id).inLevel("lines"), 1, 2));
    }
    Map<String, Counts> totals = ledger.totals(List.of("items", "lines"));
    assertEquals(Counts.NONE, totals.get("items"), "nothing counts at the run's level");
    assertEquals(new Counts(2, 2, 2, 0, 0), totals.get("lines"));
  }

  /** A document read counts a model at the source and its planes at the parser: both count. */
  @Test
  void twoStepsReadingTheSameRecordsAtOtherLevelsBothCount() throws Exception {
    Ledger ledger = run("models");
    try (Connection c = db.connect()) {
      assertTrue(commit(c, ledger.read("source", id -> id), 1, 2));
      assertTrue(
          commit(
              c,
              ledger.<Long>read("parser", id -> id).withParts(id -> Map.of("planes", 10L)),
              1,
              2));
    }
    Map<String, Counts> totals = ledger.totals(List.of("models", "planes"));
    assertEquals(2, totals.get("models").read());
    assertEquals(20, totals.get("planes").read());
    assertEquals(List.of("2"), db.queryRows("SELECT rows_read FROM ops.ingestion_runs"));
  }

  @Test
  void anEmptyChunkCountsNothing() throws Exception {
    Ledger ledger = run("rows");
    try (Connection c = db.connect()) {
      assertFalse(ledger.<Long>written("sink", id -> id).chunk().commit(c));
    }
    assertEquals(0, db.queryLong("SELECT count(*) FROM ops.run_chunks"));
  }
}
