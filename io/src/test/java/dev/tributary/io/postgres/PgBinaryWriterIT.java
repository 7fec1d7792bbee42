package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

class PgBinaryWriterIT {
  @RegisterExtension static final TestDatabase db = TestDatabase.perClass(false);

  @BeforeEach
  void createTable() throws SQLException {
    db.execute(
        "DROP TABLE IF EXISTS every_type",
        "CREATE TABLE every_type (n int PRIMARY KEY, s smallint, i int, l bigint, d float8,"
            + " ts timestamp, u uuid, t text)");
  }

  record Row(int n, Short s, Integer i, Long l, Double d, LocalDateTime ts, UUID u, String t) {}

  @Test
  void everyTypeRoundTrips() throws SQLException {
    List<Row> rows = new ArrayList<>();
    rows.add(new Row(1, (short) 0, 0, 0L, 0.0, at(2000, 1, 1, 0, 0, 0, 0), new UUID(0, 0), ""));
    rows.add(
        new Row(
            2,
            Short.MIN_VALUE,
            Integer.MIN_VALUE,
            Long.MIN_VALUE,
            -Double.MAX_VALUE,
            at(1900, 1, 1, 0, 0, 0, 1),
            UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"),
            "ascii"));
    rows.add(
        new Row(
            3,
            Short.MAX_VALUE,
            Integer.MAX_VALUE,
            Long.MAX_VALUE,
            Double.MAX_VALUE,
            at(9999, 12, 31, 23, 59, 59, 999),
            UUID.fromString("01234567-89ab-cdef-fedc-ba9876543210"),
            "Žluťoučký kůň úpěl ďábelské ódy 東京 🚕 \t tab, \"quotes\", back\\slash, new\nline"));
    rows.add(
        new Row(
            4,
            (short) -1,
            -1,
            -1L,
            Double.MIN_VALUE,
            at(1969, 12, 31, 23, 59, 59, 999),
            UUID.randomUUID(),
            "x".repeat(3_000_000)));
    rows.add(
        new Row(
            5, (short) 1, 1, 1L, Double.NaN, at(1970, 1, 1, 0, 0, 0, 0), UUID.randomUUID(), "nan"));
    rows.add(
        new Row(
            6,
            (short) 2,
            2,
            2L,
            Double.POSITIVE_INFINITY,
            at(2018, 5, 28, 9, 3, 40, 123),
            UUID.randomUUID(),
            "inf"));
    rows.add(
        new Row(
            7,
            (short) 3,
            3,
            3L,
            Double.NEGATIVE_INFINITY,
            at(1999, 12, 31, 23, 59, 59, 999),
            UUID.randomUUID(),
            "-inf"));
    rows.add(
        new Row(8, (short) 4, 4, 4L, -0.0, at(2000, 1, 1, 0, 0, 0, 1), UUID.randomUUID(), "-0"));
    rows.add(
        new Row(
            9,
            (short) 5,
            5,
            5L,
            14.4378005,
            at(2038, 1, 19, 3, 14, 8, 0),
            UUID.randomUUID(),
            "Prague"));
    rows.add(new Row(10, null, null, null, null, null, null, null));
    for (int n = 11; n < 5000; n++) { // enough rows to grow the 1 MiB buffer a few times more
      rows.add(
          new Row(
              n,
              (short) n,
              n * 31,
              (long) n << 33,
              n / 7.0,
              at(2020, 1 + n % 12, 1 + n % 28, n % 24, n % 60, n % 60, n % 1000),
              UUID.randomUUID(),
              "row " + n));
    }

    PgBinaryWriter writer = new PgBinaryWriter();
    for (Row r : rows) {
      writer.row(8).int4(r.n());
      if (r.s() == null) writer.nul();
      else writer.int2(r.s());
      if (r.i() == null) writer.nul();
      else writer.int4(r.i());
      if (r.l() == null) writer.nul();
      else writer.int8(r.l());
      if (r.d() == null) writer.nul();
      else writer.float8(r.d());
      if (r.ts() == null) writer.nul();
      else writer.timestampMillis(r.ts().toInstant(ZoneOffset.UTC).toEpochMilli());
      if (r.u() == null) writer.nul();
      else writer.uuid(r.u());
      writer.text(r.t()); // null text is written as NULL
    }
    writer.trailer();
    assertTrue(writer.buffer().length >= writer.size());
    assertTrue(writer.size() > 3_000_000, "the buffer grew past its first 1 MiB");

    try (Connection c = db.connect()) {
      long copied =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn(
                  "COPY every_type FROM STDIN (FORMAT binary)",
                  new java.io.ByteArrayInputStream(writer.buffer(), 0, writer.size()));
      assertEquals(rows.size(), copied);
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }

    List<Row> read = new ArrayList<>();
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT n, s, i, l, d, ts, u, t FROM every_type ORDER BY n")) {
      while (r.next()) {
        read.add(
            new Row(
                r.getInt(1),
                r.getObject(2) == null ? null : r.getShort(2),
                r.getObject(3, Integer.class),
                r.getObject(4, Long.class),
                r.getObject(5, Double.class),
                r.getObject(6, LocalDateTime.class),
                r.getObject(7, UUID.class),
                r.getString(8)));
      }
    }
    assertEquals(rows.size(), read.size());
    for (int k = 0; k < rows.size(); k++) {
      Row want = rows.get(k);
      Row got = read.get(k);
      assertEquals(want.n(), got.n());
      assertEquals(want.s(), got.s(), "int2 of row " + want.n());
      assertEquals(want.i(), got.i(), "int4 of row " + want.n());
      assertEquals(want.l(), got.l(), "int8 of row " + want.n());
      // Bit for bit: NaN, infinities and -0.0 included.
      assertEquals(
          want.d() == null ? null : Double.doubleToRawLongBits(want.d()),
          got.d() == null ? null : Double.doubleToRawLongBits(got.d()),
          "float8 of row " + want.n());
      assertEquals(want.ts(), got.ts(), "timestamp of row " + want.n());
      assertEquals(want.u(), got.u(), "uuid of row " + want.n());
      assertTrue(Objects.equals(want.t(), got.t()), "text of row " + want.n());
    }
    // Empty text and NULL stay different.
    assertEquals(1, db.queryLong("SELECT count(*) FROM every_type WHERE t = ''"));
    assertEquals(1, db.queryLong("SELECT count(*) FROM every_type WHERE t IS NULL"));
    // The server sees the same instants as its own text parser would.
    assertEquals(
        List.of("2018-05-28 09:03:40.123"),
        db.queryRows("SELECT ts::text FROM every_type WHERE n = 6"));
  }

  /** Through {@link BinaryCopy}, past several megabytes: smallint arrays and epoch days. */
  @Test
  void arraysAndDaysRoundTripThroughABinaryCopy() throws SQLException {
    db.execute("DROP TABLE IF EXISTS arrays", "CREATE TABLE arrays (n int, a smallint[], d date)");
    short[][] arrays = {{}, {0}, {1, 5, 62}, {Short.MIN_VALUE, -1, Short.MAX_VALUE}};
    long[] days = {-3, 0, 10_957, LocalDate.of(2024, 2, 29).toEpochDay()};
    int n = 300_000;
    try (Connection c = db.connect()) {
      c.setAutoCommit(false);
      BinaryCopy copy = new BinaryCopy(c, "arrays (n, a, d)");
      for (int i = 0; i < n; i++) {
        copy.rows().row(3).int4(i).int2Array(arrays[i % 4]).date(days[i % 4]);
        copy.flushIfFull();
      }
      copy.end();
      c.commit();
    }
    assertEquals(
        List.of(
            "0|{}|1969-12-29",
            "1|{0}|1970-01-01",
            "2|{1,5,62}|2000-01-01",
            "3|{-32768,-1,32767}|2024-02-29"),
        db.queryRows("SELECT n, a::text, d::text FROM arrays WHERE n < 4 ORDER BY n"));
    assertEquals(
        List.of(String.valueOf(n)),
        db.queryRows(
            "SELECT count(*) FROM arrays"
                + " WHERE a = (ARRAY['{}', '{0}', '{1,5,62}', '{-32768,-1,32767}'])[n % 4 + 1]::smallint[]"
                + " AND d = (ARRAY[date '1969-12-29', '1970-01-01', '2000-01-01', '2024-02-29'])[n % 4 + 1]"));
  }

  @Test
  void chunksAfterResetContinueOneStream() throws Exception {
    // As CopyMergeSink does: hand the buffer over in pieces, reset between them, trailer at the
    // end.
    PgBinaryWriter writer = new PgBinaryWriter();
    try (Connection c = db.connect()) {
      CopyIn copy =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY every_type (n, t) FROM STDIN (FORMAT binary)");
      for (int n = 0; n < 300; n++) {
        writer.row(2).int4(n).text("chunked " + n);
        if (n % 50 == 49) {
          copy.writeToCopy(writer.buffer(), 0, writer.size());
          writer.reset();
          assertEquals(0, writer.size());
        }
      }
      writer.trailer();
      copy.writeToCopy(writer.buffer(), 0, writer.size());
      assertEquals(300, copy.endCopy());
    }
    assertEquals(300, db.queryLong("SELECT count(*) FROM every_type WHERE t = 'chunked ' || n"));
  }

  @Test
  void numericsRoundTripWithTheirScale() throws Exception {
    List<String> values =
        List.of(
            "0",
            "0.00",
            "1",
            "-1",
            "29.99",
            "1234.5",
            "-0.05",
            "10000",
            "0.0001",
            "12345.678",
            "99999999999999.99",
            "-123456789012345678901234567890.123456789",
            "1E+4",
            "7.000");
    db.execute("DROP TABLE IF EXISTS numerics", "CREATE TABLE numerics (n int, v numeric)");
    PgBinaryWriter writer = new PgBinaryWriter();
    for (int n = 0; n < values.size(); n++) {
      writer.row(2).int4(n).numeric(new java.math.BigDecimal(values.get(n)));
    }
    writer.trailer();
    try (Connection c = db.connect()) {
      c.unwrap(PGConnection.class)
          .getCopyAPI()
          .copyIn(
              "COPY numerics FROM STDIN (FORMAT binary)",
              new java.io.ByteArrayInputStream(writer.buffer(), 0, writer.size()));
    }
    List<String> expected =
        values.stream().map(v -> new java.math.BigDecimal(v).toPlainString()).toList();
    assertEquals(expected, db.queryRows("SELECT v::text FROM numerics ORDER BY n"));
  }

  @Test
  void headerIsTheBinaryCopySignature() {
    PgBinaryWriter writer = new PgBinaryWriter();
    byte[] expected = {
      'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0, 0, 0, 0, 0
    };
    assertEquals(expected.length, writer.size());
    assertArrayEquals(expected, java.util.Arrays.copyOf(writer.buffer(), writer.size()));
    writer.row(1).nul().trailer();
    assertEquals(expected.length + 2 + 4 + 2, writer.size());
  }

  @Test
  void wrongFieldCountIsRejectedByTheServer() throws Exception {
    PgBinaryWriter writer = new PgBinaryWriter();
    writer.row(2).int4(1).text("too few fields for the table");
    writer.trailer();
    try (Connection c = db.connect()) {
      CopyIn copy =
          c.unwrap(PGConnection.class)
              .getCopyAPI()
              .copyIn("COPY every_type FROM STDIN (FORMAT binary)");
      copy.writeToCopy(writer.buffer(), 0, writer.size());
      assertThrows(SQLException.class, copy::endCopy);
    }
    assertEquals(0, db.queryLong("SELECT count(*) FROM every_type"));
  }

  private static LocalDateTime at(int y, int mo, int d, int h, int mi, int s, int millis) {
    return LocalDateTime.of(y, mo, d, h, mi, s, millis * 1_000_000);
  }
}
