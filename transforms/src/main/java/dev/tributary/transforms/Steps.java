package dev.tributary.transforms;

/**
 * The steps a dead letter names as the one that rejected it ({@code rejected_records.step}): one
 * vocabulary for every pipeline, so that a query by step means the same thing everywhere.
 */
public final class Steps {
  /** The record's text could not be read as its format: CSV, JSON, a date. */
  public static final String PARSE = "parse";

  /** The value broke a cleaning rule: a missing field, a coordinate off the Earth. */
  public static final String CLEAN = "clean";

  /** A version that changes nothing (a duplicate) or contradicts a stored one (a conflict). */
  public static final String VERSION = "version";

  /** Too late for its event-time window. */
  public static final String WINDOW = "window";

  /**
   * An HTTP request that did not answer with its document: a status that will not change (400, 404,
   * ...) or retries exhausted (5xx, 429, timeouts, refused connections).
   */
  public static final String FETCH = "fetch";

  /** Refused by BigQuery. */
  public static final String BIGQUERY = "bigquery";

  private Steps() {}
}
