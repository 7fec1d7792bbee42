package dev.tributary.pipelines;

import dev.tributary.io.UsageException;
import java.util.concurrent.Callable;

/**
 * Runs a command-line main and turns what can go wrong into one line and an exit code: 2 for a
 * problem the user can fix (bad option, missing file, unreachable database), 1 for a failed run. No
 * stack trace reaches the user; the pipeline's own log keeps the details.
 */
public final class Launcher {
  private Launcher() {}

  public static void exit(Callable<Integer> main) {
    System.exit(run(main));
  }

  /** Runs {@code main} and returns its exit code, having printed any error as one line. */
  public static int run(Callable<Integer> main) {
    try {
      return main.call();
    } catch (Exception e) {
      UsageException usage = find(e, UsageException.class);
      if (usage != null) {
        System.err.println("error: " + usage.getMessage());
        return 2;
      }
      IllegalArgumentException badOption = find(e, IllegalArgumentException.class);
      if (badOption != null && badOption.getStackTrace().length > 0 && isOptionError(badOption)) {
        System.err.println("error: " + firstLine(badOption.getMessage()));
        return 2;
      }
      System.err.println("error: the run failed: " + firstLine(rootCause(e).toString()));
      return 1;
    }
  }

  /** Options parsing (Beam's factory or our own checks of option values) failed. */
  private static boolean isOptionError(IllegalArgumentException e) {
    String thrower = e.getStackTrace()[0].getClassName();
    return thrower.startsWith("org.apache.beam.sdk.options.")
        || thrower.startsWith("dev.tributary.");
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

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }
}
