package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;

import com.google.auto.value.AutoValue;
import dev.tributary.io.runs.Counting;
import dev.tributary.io.runs.Ledger;
import dev.tributary.transforms.DeadLetter;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.beam.sdk.schemas.Schema;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.SerializableFunction;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Upserts schema'd records into a table, declared rather than written: from the records' Beam
 * schema, the table and its key columns it generates the staging table, the binary {@code COPY} and
 * one {@code INSERT … ON CONFLICT (keys) DO UPDATE … WHERE … IS DISTINCT FROM} merge per chunk
 * ({@link CopyMergeSink}), which inserts new keys, updates changed rows and leaves unchanged rows
 * alone; with {@link #withCounting} each chunk's inserted, updated and unchanged records go to the
 * run's ledger in the same transaction.
 *
 * <p>A field goes to the column of its name in snake_case ({@code paneIndex} → {@code pane_index})
 * unless {@link #withColumn} renames it; {@link #withValue} fills a column the records lack (the
 * run id, a looked-up id) with a SQL expression; {@link #withTimestamp} stamps a column with the
 * time of the write. Of several records with one key in a chunk, one is stored: the first in {@link
 * #withPreference}'s order (say, the latest), else any.
 *
 * <pre>{@code
 * panes.apply("WriteWindowCounts",
 *     UpsertSink.<TripWindowCount>into(jdbcUrl, "trips.trip_window_counts")
 *         .withKeys("grouping_id", "region", "origin_cell", "destination_cell", "time_bucket", "window_start")
 *         .withValue("grouping_id", "trips.grouping_id(?, ?)", grid, bucketMinutes)
 *         .withValue("run_id", "?", runId)
 *         .withTimestamp("updated_at")
 *         .withPreference("pane_index DESC"));
 * }</pre>
 */
@AutoValue
public abstract class UpsertSink<T> extends PTransform<PCollection<T>, PCollection<DeadLetter>> {
  abstract String jdbcUrl();

  abstract String table();

  abstract List<String> keys();

  abstract @Nullable String keyPredicate();

  abstract Map<String, String> columnNames();

  abstract Map<String, Value> values();

  abstract List<String> timestamps();

  abstract List<String> uncompared();

  abstract @Nullable String preference();

  abstract @Nullable String updateCondition();

  abstract long rowsPerTransaction();

  abstract @Nullable Counting<T> counting();

  abstract Builder<T> toBuilder();

  @AutoValue.Builder
  abstract static class Builder<T> {
    abstract Builder<T> setJdbcUrl(String jdbcUrl);

    abstract Builder<T> setTable(String table);

    abstract Builder<T> setKeys(List<String> keys);

    abstract Builder<T> setKeyPredicate(String predicate);

    abstract Builder<T> setColumnNames(Map<String, String> names);

    abstract Builder<T> setValues(Map<String, Value> values);

    abstract Builder<T> setTimestamps(List<String> columns);

    abstract Builder<T> setUncompared(List<String> columns);

    abstract Builder<T> setPreference(String order);

    abstract Builder<T> setUpdateCondition(String condition);

    abstract Builder<T> setRowsPerTransaction(long rows);

    abstract Builder<T> setCounting(Counting<T> counting);

    abstract UpsertSink<T> build();
  }

  /** A column's SQL expression and its parameters. */
  record Value(String expression, List<Serializable> parameters) implements Serializable {}

  /**
   * An API's answers as received into {@code table}, one row per {@code request} of run {@code
   * ledger}, counted as written: of two fetches the later wins, and an unchanged answer is left
   * alone (its run and {@code stored_at} included), so a re-run changes nothing.
   */
  public static <T> UpsertSink<T> answersAsReceived(
      Ledger ledger, String table, SerializableFunction<T, Long> id) {
    return UpsertSink.<T>into(ledger.jdbcUrl(), table)
        .withKeys("request")
        .withValue("run_id", "?", ledger.runId())
        .withUncompared("fetched_at", "run_id")
        .withTimestamp("stored_at")
        .withPreference("fetched_at DESC")
        .withUpdateCondition("t.fetched_at <= EXCLUDED.fetched_at")
        .withCounting(ledger.written("raw_responses", id));
  }

  /** Upserts into {@code table} (schema-qualified); say its key columns with {@link #withKeys}. */
  public static <T> UpsertSink<T> into(String jdbcUrl, String table) {
    return new AutoValue_UpsertSink.Builder<T>()
        .setJdbcUrl(requireNonNull(jdbcUrl, "jdbcUrl"))
        .setTable(requireNonNull(table, "table"))
        .setKeys(List.of())
        .setColumnNames(Map.of())
        .setValues(Map.of())
        .setTimestamps(List.of())
        .setUncompared(List.of())
        .setRowsPerTransaction(CopyMergeSink.DEFAULT_ROWS_PER_TRANSACTION)
        .build();
  }

  /** The columns of the table's primary key or of a unique index: what makes a record new. */
  public UpsertSink<T> withKeys(String... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("an upsert needs at least one key column");
    }
    return toBuilder().setKeys(List.of(columns)).build();
  }

  /**
   * The key is a partial unique index with this predicate: only records it holds for are upserted
   * by key; the others are inserted as they are.
   */
  public UpsertSink<T> withKeyPredicate(String predicate) {
    return toBuilder().setKeyPredicate(requireNonNull(predicate, "predicate")).build();
  }

  /** Field {@code field} goes to column {@code column}. */
  public UpsertSink<T> withColumn(String field, String column) {
    Map<String, String> names = new LinkedHashMap<>(columnNames());
    names.put(requireNonNull(field, "field"), requireNonNull(column, "column"));
    return toBuilder().setColumnNames(Map.copyOf(names)).build();
  }

  /**
   * Column {@code column}, which the records lack, gets {@code expression}: SQL that may use {@code
   * ?} parameters, e.g. {@code withValue("run_id", "?", runId)}. It counts as data: a different
   * value updates the row.
   */
  public UpsertSink<T> withValue(String column, String expression, Serializable... parameters) {
    Map<String, Value> values = new LinkedHashMap<>(values());
    values.put(
        requireNonNull(column, "column"),
        new Value(requireNonNull(expression, "expression"), List.of(parameters)));
    return toBuilder().setValues(Collections.unmodifiableMap(values)).build();
  }

  /** Column {@code column} gets the time of the write; it does not make a row changed. */
  public UpsertSink<T> withTimestamp(String column) {
    List<String> columns = new ArrayList<>(timestamps());
    columns.add(requireNonNull(column, "column"));
    return toBuilder().setTimestamps(List.copyOf(columns)).build();
  }

  /**
   * Columns written with a new or changed row that do not make a row changed by themselves: who
   * wrote it and when it was fetched ({@code run_id}, {@code fetched_at}) describe the change, so a
   * re-run that brings the same data leaves the row, and its run, as they were.
   */
  public UpsertSink<T> withUncompared(String... columns) {
    List<String> all = new ArrayList<>(uncompared());
    all.addAll(List.of(columns));
    return toBuilder().setUncompared(List.copyOf(all)).build();
  }

  /** Of several records with one key in a chunk, keep the first in this SQL order. */
  public UpsertSink<T> withPreference(String order) {
    return toBuilder().setPreference(requireNonNull(order, "order")).build();
  }

  /**
   * A changed row is updated only where {@code condition} also holds; it may name the stored row
   * {@code t} and the new one {@code EXCLUDED}, e.g. {@code t.version < EXCLUDED.version}.
   */
  public UpsertSink<T> withUpdateCondition(String condition) {
    return toBuilder().setUpdateCondition(requireNonNull(condition, "condition")).build();
  }

  public UpsertSink<T> withRowsPerTransaction(long rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("rows per transaction must be positive, was " + rows);
    }
    return toBuilder().setRowsPerTransaction(rows).build();
  }

  /** Counts each chunk into the run's ledger, in its transaction. */
  public UpsertSink<T> withCounting(Counting<T> counting) {
    return toBuilder().setCounting(requireNonNull(counting, "counting")).build();
  }

  @Override
  public PCollection<DeadLetter> expand(PCollection<T> records) {
    if (keys().isEmpty()) {
      throw new IllegalStateException("UpsertSink into " + table() + " needs withKeys(...)");
    }
    if (!records.hasSchema()) {
      throw new IllegalArgumentException(
          "UpsertSink needs records with a schema (@DefaultSchema), got " + records.getCoder());
    }
    Schema schema = records.getSchema();
    List<String> columns =
        schema.getFieldNames().stream()
            .map(f -> columnNames().getOrDefault(f, snakeCase(f)))
            .toList();
    if (keys().stream().noneMatch(columns::contains)) {
      throw new IllegalStateException(
          "UpsertSink into "
              + table()
              + ": no key column "
              + keys()
              + " is a field of the records"
              + " (fields as columns: "
              + columns
              + ")");
    }
    String staging = "staging_" + table().replace('.', '_');
    CopyMergeSink<T> sink =
        CopyMergeSink.into(
                jdbcUrl(),
                "CREATE TEMP TABLE IF NOT EXISTS "
                    + staging
                    + " ON COMMIT DELETE ROWS AS SELECT "
                    + String.join(", ", columns)
                    + " FROM "
                    + table()
                    + " WITH NO DATA",
                staging,
                new SchemaRowEncoder<>(records.getToRowFunction(), schema, staging))
            .withMergeSql(
                mergeSql(staging, columns),
                values().values().stream()
                    .flatMap(v -> v.parameters().stream())
                    .toArray(Serializable[]::new))
            .withRowsPerTransaction(rowsPerTransaction());
    return records.apply("Upsert", counting() == null ? sink : sink.withCounting(counting()));
  }

  /** One statement per chunk: dedupe by key, insert or update, report what it did. */
  String mergeSql(String staging, List<String> columns) {
    String keyList = String.join(", ", keys());
    String fieldList = String.join(", ", columns);
    // Key columns filled by withValue are the same for the whole chunk: dedupe by the others.
    String stagedKeys = keys().stream().filter(columns::contains).collect(Collectors.joining(", "));
    String byKey =
        "SELECT DISTINCT ON ("
            + stagedKeys
            + ") "
            + fieldList
            + " FROM "
            + staging
            + (keyPredicate() == null ? "" : " WHERE " + keyPredicate())
            + " ORDER BY "
            + stagedKeys
            + (preference() == null ? "" : ", " + preference());
    String staged =
        keyPredicate() == null
            ? byKey
            : "("
                + byKey
                + ") UNION ALL SELECT "
                + fieldList
                + " FROM "
                + staging
                + " WHERE NOT ("
                + keyPredicate()
                + ")";
    List<String> targetColumns = new ArrayList<>(columns);
    List<String> selected = new ArrayList<>(columns);
    values()
        .forEach(
            (column, value) -> {
              targetColumns.add(column);
              selected.add(value.expression());
            });
    timestamps()
        .forEach(
            column -> {
              targetColumns.add(column);
              selected.add("clock_timestamp()");
            });
    List<String> data =
        Stream.concat(columns.stream(), values().keySet().stream())
            .filter(c -> !keys().contains(c))
            .toList();
    String conflict;
    if (data.isEmpty()) {
      conflict = " DO NOTHING";
    } else {
      List<String> compared = data.stream().filter(c -> !uncompared().contains(c)).toList();
      if (compared.isEmpty()) {
        throw new IllegalStateException(
            "UpsertSink into " + table() + ": every data column is uncompared " + uncompared());
      }
      String changed =
          "("
              + compared.stream().map(c -> "t." + c).collect(Collectors.joining(", "))
              + ") IS DISTINCT FROM ("
              + compared.stream().map(c -> "EXCLUDED." + c).collect(Collectors.joining(", "))
              + ")";
      conflict =
          " DO UPDATE SET "
              + Stream.concat(data.stream(), timestamps().stream())
                  .map(c -> c + " = EXCLUDED." + c)
                  .collect(Collectors.joining(", "))
              + " WHERE "
              + changed
              + (updateCondition() == null ? "" : " AND (" + updateCondition() + ")");
    }
    return "WITH staged AS ("
        + staged
        + "), merged AS (INSERT INTO "
        + table()
        + " AS t ("
        + String.join(", ", targetColumns)
        + ") SELECT "
        + String.join(", ", selected)
        + " FROM staged ON CONFLICT ("
        + keyList
        + ")"
        + (keyPredicate() == null ? "" : " WHERE " + keyPredicate())
        + conflict
        + " RETURNING (xmax = 0) AS inserted)"
        + " SELECT 'inserted', count(*) FILTER (WHERE inserted) FROM merged"
        + " UNION ALL SELECT 'updated', count(*) FILTER (WHERE NOT inserted) FROM merged";
  }

  /** paneIndex → pane_index; names already in snake_case stay. */
  static String snakeCase(String field) {
    return field.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("table", table()))
        .add(DisplayData.item("keys", String.join(", ", keys())))
        .add(DisplayData.item("rowsPerTransaction", rowsPerTransaction()))
        .add(DisplayData.item("counted", counting() != null));
  }
}
