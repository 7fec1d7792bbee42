package dev.tributary.transforms.parse;

import dev.tributary.transforms.RecordException;
import java.io.Serializable;

/** Turns one CSV record into a typed value, or rejects it with a reason. */
@FunctionalInterface
public interface CsvRecordMapper<T> extends Serializable {
  T map(CsvRecord record) throws RecordException;
}
