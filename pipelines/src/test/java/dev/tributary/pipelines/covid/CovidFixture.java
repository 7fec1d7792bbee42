package dev.tributary.pipelines.covid;

/**
 * A constructed answer in the API's shape, since the recorded series never goes down and repeats no
 * day: eight days of 2020-03, {@code Cases} once a string, 03-03 twice, a decrease on 03-04 (120 to
 * 115, a correction kept as received), and on 03-09 a count that is not a number.
 */
final class CovidFixture {
  static final String ANSWER =
      "["
          + day("2020-03-01", "100")
          + ","
          + day("2020-03-02", "\"110\"")
          + ","
          + day("2020-03-03", "120")
          + ","
          + day("2020-03-03", "120")
          + ","
          + day("2020-03-04", "115")
          + ","
          + day("2020-03-05", "125")
          + ","
          + day("2020-03-06", "135")
          + ","
          + day("2020-03-07", "140")
          + ","
          + day("2020-03-08", "150")
          + ","
          + day("2020-03-09", "\"n/a\"")
          + "]";

  private CovidFixture() {}

  static String day(String date, String cases) {
    return "{\"Country\":\"Singapore\",\"CountryCode\":\"SG\",\"Province\":\"\",\"City\":\"\","
        + "\"CityCode\":\"\",\"Lat\":\"1.35\",\"Lon\":\"103.82\",\"Cases\":"
        + cases
        + ",\"Status\":\"confirmed\",\"Date\":\""
        + date
        + "T00:00:00Z\"}";
  }
}
