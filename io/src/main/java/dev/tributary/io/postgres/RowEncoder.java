package dev.tributary.io.postgres;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;

/** Writes one value as one row of binary COPY, its fields in the staging table's column order. */
@FunctionalInterface
public interface RowEncoder<T> extends Serializable {
  void encode(T value, PgBinaryWriter row);

  /**
   * Called once per connection after the staging table exists, for encoders that read its column
   * types first.
   */
  default void prepare(Connection connection) throws SQLException {}

  /** Called when the sink's worker is done, for encoders that hold a connection of their own. */
  default void close() {}
}
