package dev.tributary.io.runs;

/**
 * A run's counts at one level: records read, written (accepted into the target: inserted, updated
 * or already there) and rejected. Nothing was lost when read = written + rejected.
 */
public record Counts(long read, long written, long inserted, long updated, long rejected) {
  public static final Counts NONE = new Counts(0, 0, 0, 0, 0);

  public boolean balanced() {
    return read == written + rejected;
  }

  /** Written records that were neither inserted nor updated: already stored as they are. */
  public long unchanged() {
    return written - inserted - updated;
  }
}
