package dev.tributary.pipelines.energy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SeriesKeysTest {
  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "Fossil brown coal / lignite|fossil_brown_coal_lignite",
        "Fossil brown coal/lignite|fossil_brown_coal_lignite",
        "Hydro Run-of-River|hydro_run_of_river",
        "Wind onshore|wind_onshore",
        "Battery Storage (Power)|battery_storage_power",
        "Battery storage (power)|battery_storage_power",
        "Other, non-renewable|other_non_renewable",
        "  Solar DC |solar_dc",
        "Kernenergie ä|kernenergie_ä",
        "---|''"
      })
  void namesThatDriftInCaseAndPunctuationShareAKey(String name, String key) {
    assertEquals(key, SeriesKeys.of(name));
  }
}
