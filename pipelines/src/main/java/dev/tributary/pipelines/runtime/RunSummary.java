package dev.tributary.pipelines.runtime;

import dev.tributary.io.runs.Counts;
import dev.tributary.io.runs.IngestionRuns;
import dev.tributary.io.runs.Ledger;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run did, from its run record and its ledger: how it ended and, per level, read = written +
 * rejected. The one summary of every pipeline.
 */
public record RunSummary(IngestionRuns.Run run, List<String> levels, Map<String, Counts> counts) {
  /** One level's balance, as tests and users compare it. */
  public record Balance(String level, long read, long written, long rejected) {}

  /** The summary of the run whose ledger is {@code ledger}, as recorded now. */
  public static RunSummary load(Ledger ledger, List<String> levels) {
    return new RunSummary(
        IngestionRuns.load(ledger.jdbcUrl(), ledger.runId()), levels, ledger.totals(levels));
  }

  public long runId() {
    return run.runId();
  }

  /**
   * The run ended (or a stream was stopped) and every record read at every level is accounted for.
   */
  public boolean isComplete() {
    return run.ended() && counts.values().stream().allMatch(Counts::balanced);
  }

  public Counts counts(String level) {
    return counts.getOrDefault(level, Counts.NONE);
  }

  public Balance balance(String level) {
    Counts c = counts(level);
    return new Balance(level, c.read(), c.written(), c.rejected());
  }

  /** The counts of the run's first level: rows, models. */
  public Counts first() {
    return counts(levels.get(0));
  }

  public long read() {
    return first().read();
  }

  public long written() {
    return first().written();
  }

  public long inserted() {
    return first().inserted();
  }

  public long rejected() {
    return first().rejected();
  }

  /**
   * {@code run 3 finished in 2.1 s: read 13 = written 4 (3 new) + rejected 9}, with why a failed
   * run failed; further levels on a line of their own; where the rejected records are ({@code
   * rejectedAt}).
   */
  public void print(PrintStream out, String rejectedAt) {
    String first = levels.get(0);
    out.printf(
        "run %d %s in %.1f s%s: %s%s%n",
        run.runId(),
        run.status(),
        run.seconds(),
        run.message().isEmpty() ? "" : " (" + run.message() + ")",
        levels.size() == 1 ? "" : first + " ",
        line(first, true));
    if (levels.size() > 1) {
      out.println(
          levels.subList(1, levels.size()).stream()
              .map(level -> level + " " + line(level, false))
              .collect(Collectors.joining("; ", "  ", "")));
    }
    if (counts.values().stream().anyMatch(c -> c.rejected() != 0)) {
      out.println("rejected: " + rejectedAt);
    }
  }

  /**
   * A level as a merge sees it: {@code read 20 = inserted 3 + updated 1 + unchanged 15 + rejected
   * 1}, for the jobs whose writes are upserts (a change-data-capture summary).
   */
  public String changes(String level) {
    Counts c = counts(level);
    return String.format(
        "read %d = inserted %d + updated %d + unchanged %d + rejected %d",
        c.read(), c.inserted(), c.updated(), c.unchanged(), c.rejected());
  }

  /** {@code read 13 = written 4 (3 new) + rejected 9}, and a warning if it does not add up. */
  private String line(String level, boolean changes) {
    Counts c = counts(level);
    String what =
        !changes
            ? ""
            : c.updated() == 0
                ? String.format(" (%d new)", c.inserted())
                : String.format(" (%d new, %d updated)", c.inserted(), c.updated());
    return String.format(
        "read %d = written %d%s + rejected %d%s",
        c.read(),
        c.written(),
        what,
        c.rejected(),
        c.balanced() ? "" : "  <-- MISMATCH: some records are unaccounted for");
  }
}
