package dev.tributary.pipelines.runtime;

import dev.tributary.io.UsageException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command-line main and turns what can go wrong into one line and an exit code: 2 for a
 * mistake the user can fix ({@link UsageException}: a bad option, a missing file, an unreachable
 * database), 1 for a run that failed. No stack trace reaches the user; a failure that is not the
 * user's (a bug, a server error) keeps its trace in the log.
 */
public final class Launcher {
  private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

  private Launcher() {}

  public static void exit(Callable<Integer> main) {
    System.exit(run(main));
  }

  /** Runs {@code main} and returns its exit code, having printed any error as one line. */
  public static int run(Callable<Integer> main) {
    return run(main, System.err);
  }

  /** As {@link #run(Callable)}, the error line to {@code err}. */
  public static int run(Callable<Integer> main, PrintStream err) {
    try {
      return main.call();
    } catch (Exception e) {
      UsageException usage = find(e, UsageException.class);
      if (usage != null) {
        err.println("error: " + UsageException.firstLine(usage.getMessage()));
        return 2;
      }
      LOG.error("the run failed", e);
      err.println("error: the run failed: " + UsageException.firstLine(rootCause(e).toString()));
      return 1;
    }
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }

  private static Throwable rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t;
  }
}
