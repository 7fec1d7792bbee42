package dev.tributary.transforms;

/**
 * Thrown by record mappers and cleaning rules for a record that cannot be used. The message is the
 * reason a user reads in the dead-letter table, so it names the field and the offending value. No
 * stack trace is captured: rejections are data, not bugs, and a dirty file can throw millions.
 */
public class RecordException extends Exception {
  public RecordException(String reason) {
    super(reason, null, false, false);
  }
}
