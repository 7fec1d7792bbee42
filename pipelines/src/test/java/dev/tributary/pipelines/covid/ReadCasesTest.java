package dev.tributary.pipelines.covid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tributary.transforms.RecordException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadCasesTest {
  private static final String REQUEST = "http://127.0.0.1:8089/country/singapore/status/confirmed";

  @Test
  void stringsBecomeNumbersAndARepeatedDayIsKeptOnce() throws Exception {
    ReadCases.Result result = ReadCases.read(REQUEST, CovidFixture.ANSWER);
    assertEquals(8, result.days().size());
    ConfirmedDay second = result.days().get(1);
    assertEquals("2020-03-02", second.getDay());
    assertEquals(110, second.getCases());
    assertEquals(1.35, second.getLat());
    assertEquals(103.82, second.getLon());
    assertEquals("SG", second.getCountryCode());
    assertEquals(
        List.of("2020-03-01", "2020-03-02", "2020-03-03", "2020-03-04"),
        result.days().stream().map(ConfirmedDay::getDay).limit(4).toList());
    assertEquals(115, result.days().get(3).getCases(), "a decrease is kept as received");
  }

  @Test
  void aBadDayIsRejectedWithItsReasonAndPath() throws Exception {
    ReadCases.Result result = ReadCases.read(REQUEST, CovidFixture.ANSWER);
    assertEquals(1, result.rejections().size());
    ReadCases.Rejection rejection = result.rejections().get(0);
    assertEquals("$[9]", rejection.path());
    assertEquals("Cases is not a whole number: \"n/a\"", rejection.reason());
  }

  @Test
  void everyRuleHasItsReason() throws Exception {
    String answer =
        "["
            + CovidFixture.day("2020-03-01", "-1")
            + ","
            + CovidFixture.day("2020-03-01", "1.5")
            + ","
            + CovidFixture.day("yesterday", "1")
            + ","
            + CovidFixture.day("2020-03-01", "1").replace("\"Lat\":\"1.35\"", "\"Lat\":\"north\"")
            + ","
            + CovidFixture.day("2020-03-01", "1").replace("\"SG\"", "\"\"")
            + ","
            + CovidFixture.day("2020-03-01", "1").replace("\"Province\":\"\"", "\"Province\":\"X\"")
            + ",7]";
    assertEquals(
        List.of(
            "Cases is negative: -1",
            "Cases is not a whole number: 1.5",
            "Date is not an ISO instant: 'yesterdayT00:00:00Z'",
            "Lat is not a number within ±90: \"north\"",
            "CountryCode is not two capital letters: ''",
            "a province's row (X)",
            "a day is not a JSON object"),
        ReadCases.read(REQUEST, answer).rejections().stream()
            .map(ReadCases.Rejection::reason)
            .toList());
  }

  @Test
  void anErrorAnswerFailsWhole() {
    assertEquals(
        "the answer is an error: Not Found",
        assertThrows(
                RecordException.class, () -> ReadCases.read(REQUEST, "{\"message\":\"Not Found\"}"))
            .getMessage());
    assertThrows(RecordException.class, () -> ReadCases.read(REQUEST, "<html>"));
  }
}
