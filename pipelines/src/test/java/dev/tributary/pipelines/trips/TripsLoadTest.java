package dev.tributary.pipelines.trips;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tributary.io.UsageException;
import dev.tributary.io.sources.Sources;
import dev.tributary.pipelines.trips.TripsOptions.LoadMode;
import org.junit.jupiter.api.Test;

class TripsLoadTest {
  private static final Sources.Checked STREAM = new Sources.Checked("topic trips", 0, true);

  private static Sources.Checked files(long trips) {
    return new Sources.Checked("trips.csv", trips, false);
  }

  @Test
  void aStreamCannotBeLoadedInBulk() {
    UsageException e =
        assertThrows(UsageException.class, () -> TripsLoad.check(LoadMode.bulk, STREAM));
    assertEquals(
        "--loadMode=bulk loads files or a bounded read; a stream merges incrementally"
            + " (--loadMode=auto or incremental)",
        e.getMessage());
    assertDoesNotThrow(() -> TripsLoad.check(LoadMode.auto, STREAM));
    assertDoesNotThrow(() -> TripsLoad.check(LoadMode.bulk, files(10)));
  }

  @Test
  void autoLoadsInBulkWhatIsLargeAgainstTheTable() {
    assertTrue(TripsLoad.bulk(LoadMode.auto, files(10_000_000), 0));
    assertTrue(TripsLoad.bulk(LoadMode.auto, files(1_250_000), 10_000_000));
    assertFalse(TripsLoad.bulk(LoadMode.auto, files(1_000_000), 10_000_000));
    assertFalse(TripsLoad.bulk(LoadMode.auto, files(TripsLoad.MIN_BULK_ROWS - 1), 0));
    assertFalse(TripsLoad.bulk(LoadMode.auto, STREAM, 0));
    assertTrue(TripsLoad.bulk(LoadMode.bulk, files(1), 10_000_000));
    assertFalse(TripsLoad.bulk(LoadMode.incremental, files(10_000_000), 0));
  }
}
