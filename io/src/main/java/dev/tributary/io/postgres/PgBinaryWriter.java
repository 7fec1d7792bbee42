package dev.tributary.io.postgres;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.UUID;

/**
 * Encodes rows in PostgreSQL's binary {@code COPY} format into a growing buffer. Binary rather than
 * text because the server then stores float8 and timestamp values without parsing their decimal
 * text, which costs it about as much CPU as the whole JVM side of an ingest.
 *
 * <p>Format: a signature header, then per row a 16-bit field count and per field a 32-bit length
 * (-1 for NULL) and the value in network byte order; a -1 trailer ends the stream.
 */
public final class PgBinaryWriter {
  private static final byte[] SIGNATURE = {
    'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0
  };

  /** 2000-01-01T00:00:00Z, PostgreSQL's timestamp epoch, in microseconds after the Unix epoch. */
  private static final long PG_EPOCH_MICROS = 946_684_800_000_000L;

  private static final int INT2_OID = 21;

  private static final long PG_EPOCH_DAY = LocalDate.of(2000, 1, 1).toEpochDay();

  private byte[] buffer = new byte[1 << 20];
  private int size;

  public PgBinaryWriter() {
    header();
  }

  /** Starts a row of {@code fields} values. */
  public PgBinaryWriter row(int fields) {
    ensure(2);
    putShort(fields);
    return this;
  }

  public PgBinaryWriter int2(int value) {
    ensure(6);
    putInt(2);
    putShort(value);
    return this;
  }

  public PgBinaryWriter int4(int value) {
    ensure(8);
    putInt(4);
    putInt(value);
    return this;
  }

  public PgBinaryWriter int8(long value) {
    ensure(12);
    putInt(8);
    putLong(value);
    return this;
  }

  public PgBinaryWriter float8(double value) {
    return int8Bits(Double.doubleToLongBits(value));
  }

  public PgBinaryWriter float4(float value) {
    return int4(Float.floatToIntBits(value));
  }

  public PgBinaryWriter bool(boolean value) {
    ensure(5);
    putInt(1);
    buffer[size++] = (byte) (value ? 1 : 0);
    return this;
  }

  public PgBinaryWriter bytes(byte[] value) {
    ensure(4 + value.length);
    putInt(value.length);
    System.arraycopy(value, 0, buffer, size, value.length);
    size += value.length;
    return this;
  }

  /** A {@code jsonb} value: its binary form is a version byte, 1, and the JSON text. */
  public PgBinaryWriter jsonb(String json) {
    byte[] text = withoutNul(json).getBytes(StandardCharsets.UTF_8);
    ensure(5 + text.length);
    putInt(1 + text.length);
    buffer[size++] = 1;
    System.arraycopy(text, 0, buffer, size, text.length);
    size += text.length;
    return this;
  }

  /** A {@code timestamp} (without time zone) from epoch milliseconds of its wall time. */
  public PgBinaryWriter timestampMillis(long epochMillis) {
    return int8Bits(epochMillis * 1000 - PG_EPOCH_MICROS);
  }

  /** A day ({@code YYYY-MM-DD} as a field): PostgreSQL counts days from 2000-01-01. */
  public PgBinaryWriter date(LocalDate value) {
    return date(value.toEpochDay());
  }

  /** A day given as days after 1970-01-01, as {@link LocalDate#toEpochDay}. */
  public PgBinaryWriter date(long epochDay) {
    return int4(Math.toIntExact(epochDay - PG_EPOCH_DAY));
  }

  /**
   * A {@code smallint[]} of one dimension without NULLs: dimensions, a NULL flag, the element type
   * (int2), the length and lower bound, then each element as a field.
   */
  public PgBinaryWriter int2Array(short[] values) {
    ensure(24 + 6 * values.length);
    putInt(20 + 6 * values.length);
    putInt(1);
    putInt(0);
    putInt(INT2_OID);
    putInt(values.length);
    putInt(1);
    for (short value : values) {
      putInt(2);
      putShort(value);
    }
    return this;
  }

  /**
   * A {@code numeric}: base-10000 digit groups around the decimal point, the weight of the first
   * group, the sign and the display scale (the value's own scale, so 1.50 stays 1.50).
   */
  public PgBinaryWriter numeric(BigDecimal value) {
    BigDecimal abs = value.abs();
    int scale = Math.max(abs.scale(), 0);
    String plain = abs.setScale(scale).toPlainString();
    int point = plain.indexOf('.');
    String whole = point < 0 ? plain : plain.substring(0, point);
    String fraction = point < 0 ? "" : plain.substring(point + 1);
    whole = "0".repeat((4 - whole.length() % 4) % 4) + whole;
    fraction = fraction + "0".repeat((4 - fraction.length() % 4) % 4);
    String groups = whole + fraction;
    int first = 0;
    int last = groups.length() / 4;
    while (first < last && groups.startsWith("0000", first * 4)) {
      first++;
    }
    while (last > first && groups.startsWith("0000", (last - 1) * 4)) {
      last--;
    }
    int digits = last - first;
    ensure(12 + 2 * digits);
    putInt(8 + 2 * digits);
    putShort(digits);
    putShort(digits == 0 ? 0 : whole.length() / 4 - 1 - first);
    putShort(value.signum() < 0 ? 0x4000 : 0);
    putShort(scale);
    for (int g = first; g < last; g++) {
      putShort(Integer.parseInt(groups.substring(g * 4, g * 4 + 4)));
    }
    return this;
  }

  public PgBinaryWriter uuid(UUID value) {
    ensure(20);
    putInt(16);
    putLong(value.getMostSignificantBits());
    putLong(value.getLeastSignificantBits());
    return this;
  }

  /** Text; a NUL, which PostgreSQL text cannot hold, is written as {@code \\0}. */
  public PgBinaryWriter text(String value) {
    return value == null ? nul() : bytes(withoutNul(value).getBytes(StandardCharsets.UTF_8));
  }

  private static String withoutNul(String s) {
    return s.indexOf('\0') < 0 ? s : s.replace("\0", "\\0");
  }

  public PgBinaryWriter nul() {
    ensure(4);
    putInt(-1);
    return this;
  }

  /** Bytes encoded so far; {@link #reset()} after handing them to the server. */
  public int size() {
    return size;
  }

  public byte[] buffer() {
    return buffer;
  }

  /** Empties the buffer (the header was sent with the first chunk). */
  public void reset() {
    size = 0;
  }

  /** Appends the end-of-data trailer. */
  public void trailer() {
    ensure(2);
    putShort(-1);
  }

  private void header() {
    System.arraycopy(SIGNATURE, 0, buffer, 0, SIGNATURE.length);
    size = SIGNATURE.length;
    putInt(0); // flags
    putInt(0); // header extension length
  }

  private PgBinaryWriter int8Bits(long bits) {
    ensure(12);
    putInt(8);
    putLong(bits);
    return this;
  }

  private void ensure(int bytes) {
    if (size + bytes > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + bytes));
    }
  }

  private void putShort(int v) {
    buffer[size++] = (byte) (v >>> 8);
    buffer[size++] = (byte) v;
  }

  private void putInt(int v) {
    buffer[size++] = (byte) (v >>> 24);
    buffer[size++] = (byte) (v >>> 16);
    buffer[size++] = (byte) (v >>> 8);
    buffer[size++] = (byte) v;
  }

  private void putLong(long v) {
    putInt((int) (v >>> 32));
    putInt((int) v);
  }
}
