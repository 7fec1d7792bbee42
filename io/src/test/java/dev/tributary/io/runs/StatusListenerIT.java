package dev.tributary.io.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Timeout(60)
class StatusListenerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(true);

  /** forEach on its own thread, feeding a queue; ended tells when forEach returned, failure how. */
  private static final class Listening implements AutoCloseable {
    final StatusListener listener;
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final CountDownLatch ended = new CountDownLatch(1);
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final Thread thread;

    Listening(String jdbcUrl) {
      listener = StatusListener.open(jdbcUrl);
      thread =
          new Thread(
              () -> {
                try {
                  listener.forEach(
                      payload -> {
                        try {
                          events.add(JSON.readTree(payload));
                        } catch (Exception e) {
                          failure.set(e);
                        }
                      });
                } catch (Throwable t) {
                  failure.set(t);
                } finally {
                  ended.countDown();
                }
              },
              "status-listener-test");
      thread.setDaemon(true);
      thread.start();
    }

    JsonNode next() throws InterruptedException {
      JsonNode event = events.poll(10, TimeUnit.SECONDS);
      assertNotNull(event, "no event within 10 s");
      return event;
    }

    @Override
    public void close() {
      listener.close();
    }
  }

  @Test
  void pushesEveryEventOfARunInOrderAndStopsOnClose() throws Exception {
    try (Listening listening = new Listening(db.jdbcUrl())) {
      Ledger ledger = IngestionRuns.start(db.jdbcUrl(), "trips", "data/*.csv", 1000, "rows");
      long runId = ledger.runId();
      Counting<Long> written = ledger.written("test", id -> id);
      try (Connection c = db.connect()) {
        c.setAutoCommit(false);
        count(c, written.chunk(), 0, 600, 550);
        c.commit();
        count(c, ledger.<Long>rejected("test", id -> id).chunk(), 600, 7, 0);
        c.commit();
        count(c, written.chunk(), 607, 400, 400);
        c.rollback(); // rolled back: never published
        count(c, written.chunk(), 607, 393, 390);
        c.commit();
        count(c, ledger.<Long>read("test", id -> id).chunk(), 0, 1000, 0);
        c.commit();
      }
      IngestionRuns.finish(db.jdbcUrl(), runId, false);

      JsonNode started = listening.next();
      assertEquals("started", started.path("event").asText());
      assertEquals(runId, started.path("run_id").asLong());
      assertEquals("trips", started.path("pipeline").asText());
      assertEquals("data/*.csv", started.path("input").asText());
      assertEquals("running", started.path("status").asText());
      assertEquals(1000, started.path("rows_expected").asLong());
      assertEquals(0, started.path("rows_written").asLong());
      assertTrue(started.path("rows_read").isNull());

      JsonNode progress = listening.next();
      assertEquals("progress", progress.path("event").asText());
      assertEquals(runId, progress.path("run_id").asLong());
      assertEquals(600, progress.path("rows_written").asLong());
      assertEquals(550, progress.path("rows_new").asLong());

      JsonNode rejected = listening.next();
      assertEquals("rejected", rejected.path("event").asText());
      assertEquals(7, rejected.path("rows_rejected").asLong());
      assertEquals(600, rejected.path("rows_written").asLong());

      JsonNode progress2 = listening.next();
      assertEquals("progress", progress2.path("event").asText());
      assertEquals(993, progress2.path("rows_written").asLong());
      assertEquals(940, progress2.path("rows_new").asLong());

      JsonNode read = listening.next();
      assertEquals("progress", read.path("event").asText());
      assertEquals(1000, read.path("rows_read").asLong());

      JsonNode finished = listening.next();
      assertEquals("finished", finished.path("event").asText());
      assertEquals("finished", finished.path("status").asText());
      assertEquals(1000, finished.path("rows_read").asLong());
      assertEquals(993, finished.path("rows_written").asLong());
      assertEquals(7, finished.path("rows_rejected").asLong());
      assertEquals(runId, finished.path("run_id").asLong());
      assertFalse(finished.path("at").asText().isEmpty());

      assertNull(listening.events.poll(300, TimeUnit.MILLISECONDS), "no further events");
      assertEquals(1, listening.ended.getCount(), "forEach still listening");

      long closing = System.nanoTime();
      listening.close();
      assertTrue(listening.ended.await(5, TimeUnit.SECONDS), "close() ends forEach");
      assertTrue(System.nanoTime() - closing < TimeUnit.SECONDS.toNanos(5));
      assertNull(listening.failure.get(), "forEach returns quietly after close()");
    }
  }

  /** Counts records {@code from} to {@code from + n - 1} in one chunk. */
  private static void count(
      Connection c, Counting<Long>.Chunk chunk, long from, long n, long inserted)
      throws SQLException {
    for (long id = from; id < from + n; id++) {
      chunk.add(id);
    }
    chunk.merged(inserted, 0);
    assertTrue(chunk.commit(c));
  }

  @Test
  void stoppedRunIsPushedAsStopped() throws Exception {
    try (Listening listening = new Listening(db.jdbcUrl())) {
      long runId = IngestionRuns.start(db.jdbcUrl(), "trips", "kafka://trips", 0, "rows").runId();
      IngestionRuns.finish(db.jdbcUrl(), runId, true);
      assertEquals("started", listening.next().path("event").asText());
      JsonNode stopped = listening.next();
      assertEquals("stopped", stopped.path("event").asText());
      assertEquals("stopped", stopped.path("status").asText());
      assertEquals(0, stopped.path("rows_read").asLong());
    }
  }

  @Test
  void failedRunIsPushedWithItsMessage() throws Exception {
    try (Listening listening = new Listening(db.jdbcUrl())) {
      long runId = IngestionRuns.start(db.jdbcUrl(), "trips", "x.csv", 5, "rows").runId();
      IngestionRuns.fail(
          db.jdbcUrl(), runId, "input file x.csv is empty: it needs a header line and rows");
      assertEquals("started", listening.next().path("event").asText());
      JsonNode failed = listening.next();
      assertEquals("failed", failed.path("event").asText());
      assertEquals("failed", failed.path("status").asText());
      assertEquals(
          "input file x.csv is empty: it needs a header line and rows",
          failed.path("message").asText());
    }
  }

  @Test
  void eventsOfEveryRunAreSeenByEveryListener() throws Exception {
    try (Listening a = new Listening(db.jdbcUrl());
        Listening b = new Listening(db.jdbcUrl())) {
      List<Long> runs = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        runs.add(IngestionRuns.start(db.jdbcUrl(), "p" + i, "in", i, "rows").runId());
      }
      for (Listening l : List.of(a, b)) {
        List<Long> seen = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
          seen.add(l.next().path("run_id").asLong());
        }
        assertEquals(runs, seen);
      }
    }
  }

  @Test
  void brokenConnectionEndsForEachWithAnError() throws Exception {
    try (Listening listening = new Listening(db.jdbcUrl())) {
      IngestionRuns.start(db.jdbcUrl(), "trips", "before", 1, "rows");
      listening.next(); // listening for sure
      long terminated =
          db.queryLong(
              "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                  + " WHERE datname = current_database() AND query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()");
      assertEquals(1, terminated);
      assertTrue(
          listening.ended.await(10, TimeUnit.SECONDS), "forEach ends when the server goes away");
      assertNotNull(listening.failure.get(), "and says so");
    }
  }

  @Test
  void closeBeforeAnyEventEndsForEach() throws Exception {
    Listening listening = new Listening(db.jdbcUrl());
    Thread.sleep(200); // let forEach block on the socket
    listening.close();
    assertTrue(listening.ended.await(5, TimeUnit.SECONDS));
    assertNull(listening.failure.get());
  }
}
