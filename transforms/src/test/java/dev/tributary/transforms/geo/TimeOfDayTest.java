package dev.tributary.transforms.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.parse.Timestamps;
import org.joda.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeOfDayTest {
  private final TimeOfDay halfHours = TimeOfDay.buckets(TimeOfDay.DEFAULT_BUCKET);

  private static long at(String timestamp) throws RecordException {
    return Timestamps.parseMillis(timestamp);
  }

  @Test
  void sameHalfHourSharesABucket() throws RecordException {
    assertEquals(18, halfHours.bucketOf(at("2018-05-28 09:03:40")));
    assertEquals(18, halfHours.bucketOf(at("2018-05-28 09:29:59.999")));
  }

  @Test
  void nextHalfHourStartsTheNextBucket() throws RecordException {
    assertEquals(19, halfHours.bucketOf(at("2018-05-28 09:30:00")));
  }

  @Test
  void midnightIsBucketZeroAndTheLastMinuteTheLastBucket() throws RecordException {
    assertEquals(0, halfHours.bucketOf(at("2018-05-28 00:00:00")));
    assertEquals(47, halfHours.bucketOf(at("2018-05-28 23:59:59")));
  }

  @Test
  void ignoresTheDate() throws RecordException {
    assertEquals(
        halfHours.bucketOf(at("2018-05-28 09:03:40")),
        halfHours.bucketOf(at("2021-12-31 09:15:00")));
  }

  @Test
  void bucketsTimesBeforeTheEpoch() throws RecordException {
    assertEquals(47, halfHours.bucketOf(at("1969-12-31 23:59:59")));
    assertEquals(18, halfHours.bucketOf(at("1950-01-01 09:03:00")));
  }

  @Test
  void otherBucketSizes() throws RecordException {
    assertEquals(36, TimeOfDay.bucketsOfMinutes(15).bucketOf(at("2018-05-28 09:03:40")));
    assertEquals(9, TimeOfDay.bucketsOfMinutes(60).bucketOf(at("2018-05-28 09:59:59")));
    assertEquals(
        0, TimeOfDay.buckets(Duration.standardDays(1)).bucketOf(at("2018-05-28 23:59:59")));
    assertEquals(15, TimeOfDay.bucketsOfMinutes(15).minutes());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -30, 7, 25, 1441, 2880})
  void rejectsBucketsThatDoNotDivideADay(int minutes) {
    assertThrows(IllegalArgumentException.class, () -> TimeOfDay.bucketsOfMinutes(minutes));
  }

  @Test
  void rejectsBucketsShorterThanAMinute() {
    assertThrows(
        IllegalArgumentException.class, () -> TimeOfDay.buckets(Duration.standardSeconds(30)));
    assertThrows(IllegalArgumentException.class, () -> TimeOfDay.buckets(Duration.ZERO));
  }
}
