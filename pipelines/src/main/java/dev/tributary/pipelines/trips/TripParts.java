package dev.tributary.pipelines.trips;

import dev.tributary.io.postgres.BinaryCopy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What the trips a bulk load's writers stored add to the aggregates (similar-trip groups, area
 * cells by week, region sources), summed in the JVM as the writers go and written to the run's part
 * tables ({@code trips.parts_<run>_*}, infra/sql/postgres/V19) when the JVM's last writer ends its
 * bundle, or sooner when they grow past {@link #LIMIT} keys. The settle then adds up the parts
 * instead of grouping every stored trip again: PostgreSQL took about 10 s of CPU to group 10M
 * trips, which a hash table here does in about one.
 *
 * <p>Exactly once, or not at all: a writer's rows count here only once their chunk is stored
 * ({@link Writer#stored}); every write of parts names the ledger chunks it covers; the settle takes
 * the parts only when they cover each chunk the ledger counted as written exactly once and the load
 * stored no copies ({@code trips.bulk_parts_usable}), and otherwise groups the stored trips as
 * before. A writer that died, a retried bundle, workers on several machines: each ends in one of
 * the two ways, and both give the same tables. The writers of one JVM share one sum, so a load on
 * one machine writes each group once and the settle copies the parts without grouping them again.
 */
final class TripParts {
  /** Keys per table before the sums are written: tables of at most about 350 MB of heap. */
  static final int LIMIT = 3_000_000;

  /** A datasource is a bit of a group's mask. */
  private static final int MAX_DATASOURCE = 62;

  private static final long DAY_MILLIS = 86_400_000L;

  /**
   * Rows whose slots are touched before they are added: a look-up into tables of hundreds of MB
   * waits about 100 ns for memory, and the touches of a batch wait together. In a microbenchmark
   * (10M trips into 2.2M groups, alternated runs) adding took 2.7-3.8 s instead of 4.0-5.0.
   */
  private static final int BATCH = 16;

  private static final Map<Long, TripParts> RUNS = new HashMap<>();

  private final long runId;
  private final short groupingId;
  private final LongTable groups = new LongTable(4); // trips, first, last, datasource mask
  private final LongTable cells = new LongTable(1); // trips
  private final LongTable sources = new LongTable(3); // trips, first, last
  private final List<UUID> chunks = new ArrayList<>();
  private final Map<Long, short[]> datasourceIds = new HashMap<>();
  private long touched; // what the touches read, kept so that the compiler keeps the reads
  private int writing; // writers inside a bundle
  private boolean broken; // a writer died or met a row the parts cannot hold: no parts

  private TripParts(long runId, short groupingId) {
    this.runId = runId;
    this.groupingId = groupingId;
  }

  /**
   * A writer of run {@code runId}'s trips, adding to the sum this JVM keeps for the run. Every sum
   * of every run is guarded by one lock, {@code RUNS}: writers take it once a chunk.
   */
  static Writer writer(long runId, short groupingId) {
    return new Writer(runId, groupingId);
  }

  /** The run's sum in this JVM, joined by one more writer's bundle. Callers hold RUNS. */
  private static TripParts join(long runId, short groupingId) {
    TripParts parts = RUNS.computeIfAbsent(runId, id -> new TripParts(id, groupingId));
    parts.writing++;
    return parts;
  }

  private void add(Writer rows, UUID chunk, Connection connection) throws SQLException {
    if (broken) {
      return;
    }
    if (rows.broken) {
      abandon();
      return;
    }
    if (groups.size() + rows.size > LIMIT || cells.size() + 2L * rows.size > LIMIT) {
      write(connection);
    }
    for (int from = 0; from < rows.size; from += BATCH) {
      int to = Math.min(rows.size, from + BATCH);
      long read = 0;
      for (int i = from; i < to; i++) {
        read ^= touch(rows, i);
      }
      touched ^= read;
      for (int i = from; i < to; i++) {
        add(rows, i);
      }
    }
    chunks.add(chunk);
  }

  /** Touches the slots row i will add to ({@link LongTable#touch}). */
  private long touch(Writer rows, int i) {
    long dimensions = rows.dimensions[i];
    long monday = rows.week[i];
    return groups.touch(rows.originCells[i], rows.destinationCells[i], groupOf(dimensions))
        ^ cells.touch(rows.originAreas[i], monday, cellOf(dimensions, 1))
        ^ cells.touch(rows.destinationAreas[i], monday, cellOf(dimensions, 0));
  }

  private void add(Writer rows, int i) {
    long started = rows.started[i];
    long dimensions = rows.dimensions[i];
    int g = groups.slot(rows.originCells[i], rows.destinationCells[i], groupOf(dimensions));
    count(groups, g, started);
    int datasource = (int) (dimensions >>> 16) & 0xffff;
    groups.set(g, 3, groups.value(g, 3) | 1L << datasource);
    long monday = rows.week[i];
    int o = cells.slot(rows.originAreas[i], monday, cellOf(dimensions, 1));
    cells.set(o, 0, cells.value(o, 0) + 1);
    int d = cells.slot(rows.destinationAreas[i], monday, cellOf(dimensions, 0));
    cells.set(d, 0, cells.value(d, 0) + 1);
    count(sources, sources.slot(dimensions >>> 32, datasource, 0), started);
  }

  /** A group's third key part from a row's dimensions: its region and time bucket. */
  private static long groupOf(long dimensions) {
    return (dimensions >>> 32) << 16 | dimensions & 0xffff;
  }

  /** A cell's third key part from a row's dimensions: its region and side (1: the origins). */
  private static long cellOf(long dimensions, int side) {
    return (dimensions >>> 32) << 1 | side;
  }

  /** Adds a trip started at {@code started} to values (trips, first, last) of a slot. */
  private static void count(LongTable table, int slot, long started) {
    long trips = table.value(slot, 0);
    table.set(slot, 0, trips + 1);
    table.set(slot, 1, trips == 0 ? started : Math.min(table.value(slot, 1), started));
    table.set(slot, 2, trips == 0 ? started : Math.max(table.value(slot, 2), started));
  }

  /** A writer's bundle ended: the last one writes the sums. */
  private void end(Connection connection) throws SQLException {
    if (--writing == 0) {
      if (!broken) {
        write(connection);
      }
      release();
    }
  }

  /** A writer's bundle failed. */
  private void fail() {
    abandon();
    if (--writing == 0) {
      release();
    }
  }

  /** No parts from this JVM for the run: the settle groups the stored trips. */
  private void abandon() {
    broken = true;
    groups.clear();
    cells.clear();
    sources.clear();
    chunks.clear();
  }

  private void release() {
    RUNS.remove(runId, this);
  }

  /** Writes the sums and the chunks they cover to the run's part tables, then starts afresh. */
  private void write(Connection connection) throws SQLException {
    if (chunks.isEmpty()) {
      return;
    }
    BinaryCopy copy = new BinaryCopy(connection, "trips.parts_" + runId + "_groups");
    for (int s = 0; s < groups.capacity(); s++) {
      if (groups.used(s)) {
        long dims = groups.key(s, 2);
        copy.rows()
            .row(9)
            .int2(groupingId)
            .int2((int) (dims >>> 16))
            .int8(groups.key(s, 0))
            .int8(groups.key(s, 1))
            .int2((int) dims & 0xffff)
            .int8(groups.value(s, 0))
            .timestampMillis(groups.value(s, 1))
            .timestampMillis(groups.value(s, 2))
            .int2Array(datasourceIds(groups.value(s, 3)));
        copy.flushIfFull();
      }
    }
    copy.end();
    copy = new BinaryCopy(connection, "trips.parts_" + runId + "_cells");
    for (int s = 0; s < cells.capacity(); s++) {
      if (cells.used(s)) {
        long area = cells.key(s, 0);
        long side = cells.key(s, 2);
        copy.rows()
            .row(6)
            .bool((side & 1) == 1)
            .int4(column(area))
            .int4(row(area))
            .date(cells.key(s, 1))
            .int2((int) (side >>> 1))
            .int8(cells.value(s, 0));
        copy.flushIfFull();
      }
    }
    copy.end();
    copy = new BinaryCopy(connection, "trips.parts_" + runId + "_sources");
    for (int s = 0; s < sources.capacity(); s++) {
      if (sources.used(s)) {
        copy.rows()
            .row(5)
            .int2((int) sources.key(s, 0))
            .int2((int) sources.key(s, 1))
            .int8(sources.value(s, 0))
            .timestampMillis(sources.value(s, 1))
            .timestampMillis(sources.value(s, 2));
      }
    }
    copy.end();
    copy = new BinaryCopy(connection, "trips.parts_" + runId + "_chunks");
    UUID write = UUID.randomUUID();
    for (UUID chunk : chunks) {
      copy.rows().row(2).uuid(write).uuid(chunk);
    }
    copy.end();
    groups.clear();
    cells.clear();
    sources.clear();
    chunks.clear();
  }

  private short[] datasourceIds(long mask) {
    return datasourceIds.computeIfAbsent(
        mask,
        m -> {
          short[] ids = new short[Long.bitCount(m)];
          int n = 0;
          for (int id = 0; id <= MAX_DATASOURCE; id++) {
            if ((m & 1L << id) != 0) {
              ids[n++] = (short) id;
            }
          }
          return Arrays.copyOf(ids, n);
        });
  }

  /**
   * A 0.0025° area cell as trips.area_cell() computes it ({@code floor(degrees * 400)}), column and
   * row in one long.
   */
  static long area(double lon, double lat) {
    return (long) (int) Math.floor(lon * 400) << 32 | ((int) Math.floor(lat * 400) & 0xffffffffL);
  }

  static int column(long area) {
    return (int) (area >> 32);
  }

  static int row(long area) {
    return (int) area;
  }

  /** The Monday of a time's ISO week, in days after 1970-01-01 (a Thursday). */
  static long monday(long epochMillis) {
    long day = Math.floorDiv(epochMillis, DAY_MILLIS);
    return day - Math.floorMod(day + 3, 7);
  }

  /**
   * One writer's rows since its last stored chunk: what the sums need of each, in flat arrays. Used
   * by one thread; the sums it adds to are shared.
   */
  static final class Writer {
    private final long runId;
    private final short groupingId;
    private TripParts parts;
    private long[] originCells = new long[0];
    private long[] destinationCells = new long[0];
    private long[] started = new long[0];
    private long[] week = new long[0];
    private long[] dimensions = new long[0]; // region << 32 | datasource << 16 | time bucket
    private long[] originAreas = new long[0]; // area_cell(lon) << 32 | area_cell(lat)
    private long[] destinationAreas = new long[0];
    private int size;
    private boolean broken;
    private boolean inBundle;

    private Writer(long runId, short groupingId) {
      this.runId = runId;
      this.groupingId = groupingId;
    }

    /** A bundle starts: rows kept from one that failed will not be stored. */
    void startBundle() {
      synchronized (RUNS) {
        if (!inBundle) {
          parts = join(runId, groupingId);
          inBundle = true;
        }
      }
      size = 0;
    }

    /**
     * A trip's row: its group's cells, when it started and its week ({@link #monday}), its
     * dimension ids and its origin's and destination's area cells ({@link #area}).
     */
    void add(
        long origin,
        long destination,
        long startedMillis,
        long monday,
        short region,
        short datasource,
        int timeBucket,
        long originArea,
        long destinationArea) {
      if (datasource < 0 || datasource > MAX_DATASOURCE || region < 0 || timeBucket > 0xffff) {
        broken = true;
      }
      if (size == started.length) {
        int capacity = Math.max(1024, size * 2);
        originCells = Arrays.copyOf(originCells, capacity);
        destinationCells = Arrays.copyOf(destinationCells, capacity);
        started = Arrays.copyOf(started, capacity);
        week = Arrays.copyOf(week, capacity);
        dimensions = Arrays.copyOf(dimensions, capacity);
        originAreas = Arrays.copyOf(originAreas, capacity);
        destinationAreas = Arrays.copyOf(destinationAreas, capacity);
      }
      originCells[size] = origin;
      destinationCells[size] = destination;
      started[size] = startedMillis;
      week[size] = monday;
      dimensions[size] = (long) region << 32 | (long) datasource << 16 | timeBucket;
      originAreas[size] = originArea;
      destinationAreas[size] = destinationArea;
      size++;
    }

    /** The rows added since the last chunk were stored as {@code chunk}. */
    void stored(UUID chunk, Connection connection) throws SQLException {
      synchronized (RUNS) {
        parts.add(this, chunk, connection);
      }
      size = 0;
    }

    /** The bundle's rows are all stored. */
    void finishBundle(Connection connection) throws SQLException {
      synchronized (RUNS) {
        inBundle = false;
        parts.end(connection);
      }
    }

    /** The writer is done; inside a bundle, that bundle failed. */
    void close() {
      synchronized (RUNS) {
        if (inBundle) {
          inBundle = false;
          parts.fail();
        }
      }
    }
  }
}
