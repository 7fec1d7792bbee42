package dev.tributary.io.postgres;

import dev.tributary.transforms.DeadLetter;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
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

  /** Called when the sink's worker is done, for encoders that hold a connection of their own. */
  default void close() {}
}
