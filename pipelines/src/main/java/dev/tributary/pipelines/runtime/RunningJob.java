package dev.tributary.pipelines.runtime;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.beam.sdk.PipelineResult;

/** A running job, for whoever may stop it: Ctrl-C on a stream, or a test. */
public final class RunningJob {
  private final PipelineResult result;
  private volatile boolean stopped;

  RunningJob(PipelineResult result) {
    this.result = result;
  }

  /**
   * Ctrl-C on a stream: cancel the job, and give the main thread (which counts {@code recorded}
   * down) up to a minute to record how the run ended before the JVM goes.
   */
  static Consumer<RunningJob> stopOnExit(CountDownLatch recorded) {
    return job ->
        Runtime.getRuntime()
            .addShutdownHook(
                new Thread(
                    () -> {
                      try {
                        if (job.stop()) {
                          recorded.await(1, TimeUnit.MINUTES);
                        }
                      } catch (IOException | InterruptedException | RuntimeException e) {
                        System.err.println("error: could not stop the job cleanly: " + e);
                      }
                    }));
  }

  /** Whether someone stopped the job (a stream), rather than its input ending. */
  boolean stopped() {
    return stopped;
  }

  /** Cancels the job unless it has ended; true if it did. */
  public boolean stop() throws IOException {
    if (result.getState().isTerminal()) {
      return false;
    }
    stopped = true;
    result.cancel();
    return true;
  }

  /** Until the job ends, by itself or by {@link #stop}. */
  void await() {
    try {
      result.waitUntilFinish();
    } catch (RuntimeException e) {
      // A stopped detached job on embedded Flink takes its MiniCluster along: no state to ask.
      if (!stopped) {
        throw e;
      }
    }
  }
}
