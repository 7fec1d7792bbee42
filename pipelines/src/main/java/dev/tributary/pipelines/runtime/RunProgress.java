package dev.tributary.pipelines.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.io.runs.Ledger;
import dev.tributary.io.runs.StatusListener;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A terminal progress bar driven by the run's own status events (LISTEN), so it shows exactly what
 * has been committed. Without a terminal it shows nothing: logs want the summary, not a bar.
 */
final class RunProgress implements AutoCloseable {
  private static final RunProgress NONE = new RunProgress(null, null, null);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StatusListener listener;
  private final ProgressBar bar;
  private final Thread thread;

  private RunProgress(StatusListener listener, ProgressBar bar, Thread thread) {
    this.listener = listener;
    this.bar = bar;
    this.thread = thread;
  }

  static RunProgress show(boolean wanted, String job, Ledger ledger, long expectedRows) {
    if (!wanted || System.console() == null) {
      return NONE;
    }
    long runId = ledger.runId();
    StatusListener listener = StatusListener.open(ledger.jdbcUrl());
    ProgressBar bar =
        new ProgressBarBuilder()
            .setTaskName(job + " run " + runId)
            .setInitialMax(Math.max(expectedRows, 1))
            .setStyle(ProgressBarStyle.ASCII)
            .setUnit(" " + ledger.level(), 1)
            .showSpeed()
            .build();
    Thread thread =
        new Thread(
            () -> {
              try {
                listener.forEach(payload -> update(bar, runId, payload));
              } catch (Exception e) {
                bar.setExtraMessage(" (status events lost: " + e.getMessage() + ")");
              }
            },
            "run-progress");
    thread.setDaemon(true);
    thread.start();
    return new RunProgress(listener, bar, thread);
  }

  private static void update(ProgressBar bar, long runId, String payload) {
    try {
      JsonNode event = JSON.readTree(payload);
      if (event.path("run_id").asLong() == runId) {
        long done = event.path("rows_written").asLong() + event.path("rows_rejected").asLong();
        if (done > bar.getMax()) {
          bar.maxHint(done); // the estimate from the first lines was low
        }
        bar.stepTo(done);
      }
    } catch (Exception e) {
      // A malformed event must not stop the run; the summary is authoritative.
    }
  }

  @Override
  public void close() {
    if (listener == null) {
      return;
    }
    listener.close();
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    bar.maxHint(bar.getCurrent()); // the total was an estimate; the run is done
    bar.close();
  }
}
