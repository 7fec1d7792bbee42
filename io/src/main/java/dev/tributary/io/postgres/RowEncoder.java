package dev.tributary.io.postgres;

import dev.tributary.transforms.DeadLetter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.UUID;
import java.util.function.Consumer;

/** Writes one value as one row of binary COPY, its fields in the staging table's column order. */
@FunctionalInterface
public interface RowEncoder<T> extends Serializable {
  void encode(T value, PgBinaryWriter row);

  /**
   * Writes {@code value}'s row and returns true; or writes nothing, hands the value's dead letter
   * to {@code rejected} and returns false. For encoders that parse as they write (see {@code
   * ParseCsv.lineParser}); a rejected value is not counted as written.
   */
  default boolean encodeOrReject(T value, PgBinaryWriter row, Consumer<DeadLetter> rejected) {
    encode(value, row);
    return true;
  }

  /**
   * Called once per connection after the staging table exists, for encoders that read its column
   * types first.
   */
  default void prepare(Connection connection) throws SQLException {}

  /**
   * The sink starts a bundle: rows encoded before and not {@link #stored} since will not be, for
   * encoders that keep something of the rows they encode.
   */
  default void startBundle() {}

  /**
   * The rows encoded since the last call (or {@link #startBundle}) are stored, as the ledger's
   * chunk {@code chunk}: committed now, or by an earlier attempt that the ledger remembers. Called
   * only by sinks that count. The encoder may write on {@code connection}, which the sink then
   * commits, a transaction of its own.
   */
  default void stored(UUID chunk, Connection connection) throws SQLException {}

  /**
   * The bundle's rows are all stored: the encoder may write what it kept of them on {@code
   * connection}, which the sink then commits, a transaction of its own.
   */
  default void finishBundle(Connection connection) throws SQLException {}

  /** Called when the sink's worker is done, for encoders that hold a connection of their own. */
  default void close() {}
}
