package dev.tributary.transforms.window;

import org.apache.beam.sdk.transforms.windowing.DefaultTrigger;
import org.apache.beam.sdk.transforms.windowing.GlobalWindows;
import org.apache.beam.sdk.transforms.windowing.Window;
import org.joda.time.Duration;

/**
 * Puts rows that carry their window in a field back into the global window with the default
 * trigger, so that what their sink rejects meets the run's other dead letters (Beam flattens only
 * collections of one windowing).
 */
public final class Unwindowed {
  private Unwindowed() {}

  /** The global window, the default trigger, each element passed on once. */
  public static <T> Window<T> of() {
    return Window.<T>into(new GlobalWindows())
        .triggering(DefaultTrigger.of())
        .withAllowedLateness(Duration.ZERO)
        .discardingFiredPanes();
  }
}
