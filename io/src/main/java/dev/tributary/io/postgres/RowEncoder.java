package dev.tributary.io.postgres;

import java.io.Serializable;

/** Writes one value as one row of binary COPY, its fields in the staging table's column order. */
@FunctionalInterface
public interface RowEncoder<T> extends Serializable {
  void encode(T value, PgBinaryWriter row);
}
