package dev.tributary.io.postgres;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.List;

/**
 * Records a pipeline kept in PostgreSQL, to read again with {@code --source=staged} (a rebuild from
 * raw answers, a backfill from stored observations): a query returning one row per record, its
 * columns in this order: {@code source} (text) and {@code position} (bigint), the record's {@link
 * dev.tributary.transforms.Location} as the original source gave it, so dead letters and run
 * accounting name the record as they did the first time; {@code text} (the record as received);
 * {@code at} (timestamptz, the record's event time, as the original source stamped it).
 *
 * <pre>{@code
 * new StagedQuery(jdbcUrl,
 *     "SELECT request, 0,\n body, fetched_at FROM energy.raw_responses"
 *         + " WHERE request IN (SELECT jsonb_array_elements_text(?::jsonb))",
 *     List.of(requestsAsJson));
 * }</pre>
 *
 * <p>Break the select list over two lines: Beam 2.70's {@code JdbcIO} prints the schema of a query
 * it reads as {@code SELECT … FROM schema.table} on stdout ({@code
 * JdbcUtil.extractTableFromReadQuery}, for lineage), where a run prints its summary; its pattern
 * does not cross a line break inside the select list.
 *
 * @param parameters bound in order to the query's {@code ?}, as text
 */
public record StagedQuery(String jdbcUrl, String sql, List<String> parameters)
    implements Serializable {
  public StagedQuery {
    requireNonNull(jdbcUrl, "jdbcUrl");
    requireNonNull(sql, "sql");
    parameters = List.copyOf(parameters);
  }
}
