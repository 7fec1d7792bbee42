package dev.tributary.transforms.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NamesTest {
  @Test
  void collapseSpacesTrimsAndCollapsesRuns() {
    assertEquals("New York", Names.collapseSpaces("  New    York  "));
  }

  @Test
  void collapseSpacesTreatsTabsNewlinesAndNoBreakSpacesAsSpace() {
    assertEquals("a b c d", Names.collapseSpaces("\ta\u00A0\u00A0b\nc \u2007 d\u00A0"));
  }

  @Test
  void collapseSpacesOfBlankIsEmpty() {
    assertEquals("", Names.collapseSpaces(" \t\u00A0 "));
    assertEquals("", Names.collapseSpaces(""));
  }

  @Test
  void placeNameTitleCasesEachWord() {
    assertEquals("New York", Names.placeName("  nEW   york"));
    assertEquals("New York", Names.placeName("NEW YORK"));
  }

  @Test
  void placeNameCapitalisesAfterHyphenAndApostrophe() {
    assertEquals("Baden-Baden", Names.placeName("baden-baden"));
    assertEquals("Val-D'Isère", Names.placeName("VAL-D'ISÈRE"));
  }

  @Test
  void placeNameMakesSpellingVariantsEqual() {
    assertEquals(Names.placeName("praha  CENTRUM"), Names.placeName("Praha\tCentrum "));
  }

  @Test
  void identifierLowersAndJoinsWithUnderscores() {
    assertEquals("cheap_mobile", Names.identifier(" Cheap Mobile"));
    assertEquals("cheap_mobile", Names.identifier("cheap-mobile"));
    assertEquals("cheap_mobile", Names.identifier("CHEAP   MOBILE\t"));
  }

  @Test
  void identifierJoinsARunOfSpacesHyphensAndUnderscoresWithOneUnderscore() {
    assertEquals("cheap_mobile", Names.identifier("cheap - mobile"));
    assertEquals("cheap_mobile", Names.identifier("Cheap__Mobile"));
    assertEquals("cheap_mobile", Names.identifier("cheap_-_ mobile"));
    assertEquals("cheap_mobile", Names.identifier("cheap\u00A0-\tmobile"));
  }
}
