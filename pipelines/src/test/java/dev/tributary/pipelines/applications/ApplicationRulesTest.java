package dev.tributary.pipelines.applications;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.transforms.clean.Clean;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule and every reading of the applications job. */
class ApplicationRulesTest {
  private static final LocalDate TODAY = LocalDate.of(2026, 12, 5);
  private static final Clean.Cleaner<ApplicationForm> RULES = ApplicationRules.clean().cleaner();

  private static Application judge(String name, String email, String born, String mobile) {
    return Application.judge("ab", 2, new ApplicationForm(name, email, born, mobile, TODAY), RULES);
  }

  private static Application valid(String name) {
    return judge(name, "a@b.com", "1980-01-02", "12345678");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "Mr. John Smith|Mr.|John|Smith",
        "Mrs Jane Doe|Mrs|Jane|Doe",
        "Ms. Ann Lee|Ms.|Ann|Lee",
        "Miss Kate Moss|Miss|Kate|Moss",
        "Dr. Amy Wong MD|Dr. MD|Amy|Wong",
        "Paul Allen DDS|DDS|Paul|Allen",
        "Eve Adams DVM|DVM|Eve|Adams",
        "Ray Stone PhD|PhD|Ray|Stone",
        "Tom Hardy Jr.|Jr.|Tom|Hardy",
        "Ben Cole Sr|Sr|Ben|Cole",
        "Henry Ford II|II|Henry|Ford",
        "Louis King III|III|Louis|King",
        "Carl Gustaf IV|IV|Carl|Gustaf",
        "Mary Ann van der Berg||Mary|Ann van der Berg"
      })
  void titlesAndSuffixesAreTakenOffAndKept(String name, String titles, String first, String last) {
    Application a = valid(name);
    assertTrue(a.getSuccessful(), a.getReasons());
    assertEquals(titles == null ? "" : titles, a.getTitle());
    assertEquals(first, a.getFirstName());
    assertEquals(last, a.getLastName());
  }

  @Test
  void aNameWithoutWordsOrWithoutALastNameIsUnsuccessful() {
    assertEquals("name missing", valid("  ").getReasons());
    assertEquals("name missing", valid("Dr. MD").getReasons());
    assertEquals("name 'Dr. Cher' has no last name", valid("Dr. Cher").getReasons());
  }

  @ParameterizedTest
  @CsvSource({
    "1986/01/10, 19860110",
    "1974-09-10, 19740910",
    "02/27/1974, 19740227", // slashes, year last: month first
    "05-02-1968, 19680205", // dashes, year last: day first
    "2000/02/29, 20000229" // a leap day
  })
  void theFourBirthdayFormats(String born, String compact) {
    Application a = judge("Al Bo", "a@b.com", born, "12345678");
    assertTrue(a.getSuccessful(), a.getReasons());
    assertEquals(compact, a.getDateOfBirth());
  }

  @Test
  void impossibleImplausibleAndUnknownBirthdays() {
    assertEquals(
        "date_of_birth '1996/02/31' is no date: Invalid date 'FEBRUARY 31'",
        judge("Al Bo", "a@b.com", "1996/02/31", "12345678").getReasons());
    assertEquals(
        "date_of_birth '2001/02/29' is no date: Invalid date 'February 29' as '2001' is not a leap"
            + " year",
        judge("Al Bo", "a@b.com", "2001/02/29", "12345678").getReasons());
    assertEquals(
        "date_of_birth '03/01/1819' is implausible: before 1900-01-01 or after 2026-12-05",
        judge("Al Bo", "a@b.com", "03/01/1819", "12345678").getReasons());
    assertEquals(
        "date_of_birth '1999.01.01' is none of YYYY/MM/DD, YYYY-MM-DD, MM/DD/YYYY (month first),"
            + " DD-MM-YYYY (day first)",
        judge("Al Bo", "a@b.com", "1999.01.01", "12345678").getReasons());
    assertTrue(
        judge("Al Bo", "a@b.com", "2030-01-01", "12345678").getReasons().contains("implausible"));
  }

  @Test
  void theEighteenthBirthdayMustFallBefore2022() {
    Application lastIn = judge("Al Bo", "a@b.com", "2003-12-31", "12345678");
    assertTrue(lastIn.getSuccessful());
    assertTrue(lastIn.getAbove18());
    Application firstOut = judge("Al Bo", "a@b.com", "2004-01-01", "12345678");
    assertEquals("not above 18 on 2022-01-01: born 2004-01-01", firstOut.getReasons());
    assertFalse(firstOut.getAbove18());
  }

  @ParameterizedTest
  @CsvSource({"1234567, false", "123456789, false", "' 12345678 ', true", "1234 5678, false"})
  void aMobileHasExactlyEightDigits(String mobile, boolean ok) {
    assertEquals(ok, judge("Al Bo", "a@b.com", "1980-01-01", mobile).getSuccessful());
  }

  @ParameterizedTest
  @CsvSource({
    "a@b.com, true",
    "A_B@lin.net, true",
    "a@b.biz, false",
    "a@b.org, false",
    "a@b.info, false",
    "@b.com, false",
    "a@@b.com, false",
    "a@.com, false",
    "ab.com, false"
  })
  void anEmailIsAtADotComOrDotNetDomain(String email, boolean ok) {
    assertEquals(ok, judge("Al Bo", email, "1980-01-01", "12345678").getSuccessful(), email);
  }

  @Test
  void anUnsuccessfulApplicationListsEveryRuleItBreaks() {
    Application a = judge("Kristen Horn", "Kristen_Horn@lin.org", "2005-09-10", "737931");
    assertFalse(a.getSuccessful());
    assertEquals(
        List.of(
            "not above 18 on 2022-01-01: born 2005-09-10",
            "mobile_no '737931' is not 8 digits",
            "email 'Kristen_Horn@lin.org' is not at a .com or .net domain"),
        List.of(a.getReasons().split("; ")));
    assertNull(a.getMembershipId());
    assertEquals("20050910", a.getDateOfBirth(), "the fields that could be read are kept");
  }

  @Test
  void theMembershipIdIsTheLastNameAndFiveHexOfTheBirthdaysHash() {
    // echo -n 19860110 | sha256sum: 3864b579..., computed outside the code under test.
    Application a =
        judge("William Dixon", "William_Dixon@woodward-fuller.com", "1986/01/10", "40601711");
    assertEquals("Dixon_3864b", a.getMembershipId());
  }
}
