package dev.tributary.io.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The binary {@code numeric} form, byte for byte, as PostgreSQL's numeric_send writes it. */
class PgBinaryWriterTest {
  /** The bytes {@code value} adds after the header: length, then 16-bit words. */
  private static byte[] numeric(String value) {
    PgBinaryWriter writer = new PgBinaryWriter();
    int header = writer.size();
    writer.numeric(new BigDecimal(value));
    return Arrays.copyOfRange(writer.buffer(), header, writer.size());
  }

  private static byte[] words(int length, int... words) {
    byte[] b = new byte[4 + 2 * words.length];
    b[2] = (byte) (length >>> 8);
    b[3] = (byte) length;
    for (int i = 0; i < words.length; i++) {
      b[4 + 2 * i] = (byte) (words[i] >>> 8);
      b[5 + 2 * i] = (byte) words[i];
    }
    return b;
  }

  @Test
  void digitGroupsWeightSignAndScale() {
    // ndigits, weight, sign, dscale, then the base-10000 digits
    assertArrayEquals(words(12, 2, 0, 0, 1, 1234, 5000), numeric("1234.5"));
    assertArrayEquals(words(10, 1, -1, 0x4000, 2, 500), numeric("-0.05"));
    assertArrayEquals(words(10, 1, 1, 0, 0, 1), numeric("10000"));
    assertArrayEquals(words(14, 3, 1, 0, 3, 1, 2345, 6780), numeric("12345.678"));
    assertArrayEquals(words(8, 0, 0, 0, 2), numeric("0.00"));
    assertArrayEquals(words(10, 1, 1, 0, 0, 1), numeric("1E+4"));
  }
}
