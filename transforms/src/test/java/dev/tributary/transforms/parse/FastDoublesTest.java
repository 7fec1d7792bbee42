package dev.tributary.transforms.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FastDoublesTest {
  private static void assertSameAsJdk(String text) {
    long expected = Double.doubleToRawLongBits(Double.parseDouble(text));
    long actual = Double.doubleToRawLongBits(FastDoubles.parse(text));
    if (expected != actual) {
      fail(
          "'"
              + text
              + "': JDK "
              + Double.longBitsToDouble(expected)
              + ", FastDoubles "
              + Double.longBitsToDouble(actual));
    }
  }

  private static String withSignificantDigits(double value, int digits) {
    return new BigDecimal(value).round(new MathContext(digits)).toPlainString();
  }

  @Test
  void isBitIdenticalToJdkOnAMillionRandomCoordinates() {
    SplittableRandom random = new SplittableRandom(20180528L);
    for (int i = 0; i < 1_000_000; i++) {
      double coordinate = i % 2 == 0 ? random.nextDouble(-180, 180) : random.nextDouble(-90, 90);
      assertSameAsJdk(Double.toString(coordinate));
      assertSameAsJdk(withSignificantDigits(coordinate, 15 + i % 3));
    }
  }

  @Test
  void isBitIdenticalToJdkOnSmallAndFixedDecimalCoordinates() {
    SplittableRandom random = new SplittableRandom(42L);
    for (int i = 0; i < 100_000; i++) {
      assertSameAsJdk(withSignificantDigits(random.nextDouble(-1, 1) / 1000, 15 + i % 3));
      assertSameAsJdk(String.format("%.6f", random.nextDouble(-180, 180)));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "-14.4973794438195",
        "-0",
        "-0.0",
        "+1.5",
        "0",
        "180",
        "-90",
        "42",
        "9007199254740991",
        "9007199254740992",
        "9007199254740993",
        "123456789012345678901234",
        "1.",
        ".5",
        "-.5",
        "0.1",
        "0.3",
        "0.00000000000000000000001",
        "1.0000000000000000000000001",
        "1e3",
        "1E3",
        "1.5E-7",
        "-2.5e+2",
        "4.9e-324",
        "1.7976931348623157E308",
        "NaN",
        "Infinity"
      })
  void agreesWithJdkOnEdgeForms(String text) {
    assertSameAsJdk(text);
  }

  @Test
  void keepsTheSignOfNegativeZero() {
    assertEquals(
        Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(FastDoubles.parse("-0")));
  }

  @Test
  void parsesARangeOfALongerText() {
    String wkt = "POINT (14.4973794438195 50.00136875782316)";

    assertEquals(14.4973794438195, FastDoubles.parse(wkt, 7, 23));
    assertEquals(50.00136875782316, FastDoubles.parse(wkt, 24, wkt.length() - 1));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "-", "+", ".", "-.", "1.2.3", "abc", "1,5", "--1", "1-", "1e", "0x", "12a"})
  void rejectsGarbageLikeTheJdk(String text) {
    assertThrows(NumberFormatException.class, () -> Double.parseDouble(text));
    assertThrows(NumberFormatException.class, () -> FastDoubles.parse(text));
  }
}
