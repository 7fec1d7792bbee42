package dev.tributary.io.runs;

import static java.util.Objects.requireNonNull;

import dev.tributary.transforms.DeadLetter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * How the records passing a step count in a run: as read, written or rejected, each as one record
 * of the run's level or as the parts it holds per level ({@link #withParts}: a roof model holds a
 * model, its buildings and their planes). Steps count chunk by chunk ({@link Chunk}), in the
 * transaction that commits the chunk, into the run's {@link Ledger}.
 *
 * <pre>{@code
 * Counting<Trip> trips = ledger.written("trips", Trip::getRecordId);
 * Counting<RoofModel>.Chunk chunk =
 *     ledger.written("roofs", (RoofModel m) -> m.location().id()).withParts(RoofModel::parts).chunk();
 * chunk.add(model); ... chunk.commit(connection); connection.commit();
 * }</pre>
 */
public final class Counting<T> implements Serializable {
  /** What passing the step means for a record. */
  public enum Role {
    READ,
    WRITTEN,
    REJECTED
  }

  private final Ledger ledger;
  private final String step;
  private final Role role;
  private final SerializableFunction<T, Long> recordId;
  private final @Nullable SerializableFunction<T, Map<String, Long>> parts;
  private final String level;

  Counting(
      Ledger ledger,
      String step,
      Role role,
      SerializableFunction<T, Long> recordId,
      @Nullable SerializableFunction<T, Map<String, Long>> parts,
      String level) {
    this.ledger = requireNonNull(ledger, "ledger");
    this.step = requireNonNull(step, "step");
    this.role = requireNonNull(role, "role");
    this.recordId = requireNonNull(recordId, "recordId");
    this.parts = parts;
    this.level = requireNonNull(level, "level");
  }

  /** Each record counts as {@code parts} per level instead of one record of the run's level. */
  public Counting<T> withParts(SerializableFunction<T, Map<String, Long>> parts) {
    return new Counting<>(ledger, step, role, recordId, requireNonNull(parts, "parts"), level);
  }

  /**
   * Each record counts as one record of {@code level} instead of the run's level, and so do the
   * merge's outcomes ({@link Chunk#merged}): for a job that writes several kinds of records, each
   * balanced on its own level (a generator's transactions and their line items).
   */
  public Counting<T> inLevel(String level) {
    return new Counting<>(ledger, step, role, recordId, parts, requireNonNull(level, "level"));
  }

  /**
   * How records this step counted and its store then refused are taken back out: one record of the
   * run's level each, in this step's role (a refused row comes back as a dead letter, without the
   * element it came from).
   */
  public Counting<DeadLetter> refusals() {
    return new Counting<>(ledger, step + " refused", role, DeadLetter::id, null, level);
  }

  public Ledger ledger() {
    return ledger;
  }

  public Role role() {
    return role;
  }

  /** A new, empty chunk to count records into. */
  public Chunk chunk() {
    return new Chunk();
  }

  /** The records of one chunk and what they count as; reusable after {@link #commit}. */
  public final class Chunk {
    private final ChunkId ids = new ChunkId(step + "/" + role);
    private final Tally tally = new Tally();

    private Chunk() {}

    public void add(T record) {
      ids.add(recordId.apply(record));
      count(record, 1);
    }

    /** A record {@link #add added} as written that the target refused after all. */
    public void refuse(T record) {
      count(record, -1);
    }

    /** A record counted as written in another chunk that the target refused after all. */
    public void addRefused(T record) {
      ids.add(recordId.apply(record));
      count(record, -1);
    }

    /**
     * What the merge did at the run's level: records new to the target, records changed. Only
     * written records have such outcomes: a rejection is a rejection whether its row is new or not.
     */
    public void merged(long inserted, long updated) {
      if (role == Role.WRITTEN) {
        tally.merged(level, inserted, updated);
      }
    }

    private void count(T record, long sign) {
      if (parts == null) {
        tally.add(role, level, sign);
      } else {
        parts.apply(record).forEach((level, n) -> tally.add(role, level, sign * n));
      }
    }

    public boolean isEmpty() {
      return ids.isEmpty();
    }

    /** The chunk's name in the ledger, made from the records added so far. */
    public UUID id() {
      return ids.uuid();
    }

    /** Forgets what was added, as after a commit. */
    public void clear() {
      ids.reset();
      tally.clear();
    }

    /**
     * Adds the chunk's counts to the ledger, in the caller's transaction, unless the same records
     * were counted by this step before (a retry); then empties the chunk. Returns whether it was
     * counted now.
     */
    public boolean commit(Connection connection) throws SQLException {
      try {
        return !isEmpty() && ledger.count(connection, ids.uuid(), tally);
      } finally {
        clear();
      }
    }
  }
}
