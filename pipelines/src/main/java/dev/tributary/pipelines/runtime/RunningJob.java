package dev.tributary.pipelines.runtime;

import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.io.runs.Ledger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.beam.sdk.PipelineResult;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A job from its run record on, for whoever may stop it: Ctrl-C or SIGTERM, or a test. A stopped
 * stream ends 'stopped'; a batch stopped before its input ended is a failed run.
 */
public final class RunningJob {
  static final String STOPPED_EARLY = "stopped before its input ended";

  private final Ledger ledger;
  private @Nullable PipelineResult result;
  private boolean stopped;

  RunningJob(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Stops the job when the JVM is asked to exit, then gives the main thread (which counts {@code
   * recorded} down) up to a minute to record how the run ended. A runner that has not handed the
   * job over yet holds the main thread until the job ends (Flink batch): the run is recorded here.
   */
  static Consumer<RunningJob> stopOnExit(CountDownLatch recorded) {
    return job ->
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        if (!job.stop()) {
                          return;
                        }
                        if (job.handedOver()) {
                          recorded.await(1, TimeUnit.MINUTES);
                        } else {
                          IngestionRuns.fail(
                              job.ledger.jdbcUrl(), job.ledger.runId(), STOPPED_EARLY);
                        }
                      } catch (IOException | InterruptedException | RuntimeException e) {
                        System.err.println("error: could not stop the job cleanly: " + e);
                      }
                    }));
  }

  /** The runner has started the job; if someone stopped it meanwhile, it is cancelled now. */
  synchronized void started(PipelineResult result) {
    this.result = result;
    if (stopped) {
      try {
        result.cancel();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private synchronized boolean handedOver() {
    return result != null;
  }

  /** Whether someone stopped the job, rather than its input ending. */
  synchronized boolean stopped() {
    return stopped;
  }

  /** Stops the job unless it has ended: true if it was still going. */
  public synchronized boolean stop() throws IOException {
    if (stopped || (result != null && result.getState().isTerminal())) {
      return false;
    }
    stopped = true;
    if (result != null) {
      result.cancel();
    }
    return true;
  }

  /** Until the job ends, by itself or by {@link #stop}. */
  void await() {
    try {
      result.waitUntilFinish();
    } catch (RuntimeException e) {
      // A stopped detached job on embedded Flink takes its MiniCluster along: no state to ask.
      if (!stopped()) {
        throw e;
      }
    }
  }
}
