package dev.tributary.transforms.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DoubleCoder;
import org.apache.beam.sdk.coders.VarLongCoder;
import org.apache.beam.sdk.testing.CoderProperties;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.joda.time.Instant;
import org.junit.jupiter.api.Test;

class WindowPaneTest {
  private static final WindowPane<Double> PANE =
      WindowPane.of(
          Instant.parse("2025-06-14T09:00:00Z"),
          Instant.parse("2025-06-14T10:00:00Z"),
          21.5,
          12,
          "LATE",
          3);

  @Test
  void theCoderRoundTrips() throws Exception {
    CoderProperties.coderDecodeEncodeEqual(WindowPane.coder(DoubleCoder.of()), PANE);
  }

  @Test
  void theCoderIsDeterministicIffTheValueCoderIs() throws Exception {
    WindowPane.coder(VarLongCoder.of()).verifyDeterministic();
    assertThrows(
        Coder.NonDeterministicException.class,
        () -> WindowPane.coder(DoubleCoder.of()).verifyDeterministic());
  }

  @Test
  void codersAreEqualByTheirValueCoder() {
    assertEquals(WindowPane.coder(DoubleCoder.of()), WindowPane.coder(DoubleCoder.of()));
    assertNotEquals(WindowPane.coder(DoubleCoder.of()), WindowPane.coder(VarLongCoder.of()));
  }

  @Test
  void theCoderNamesTheType() {
    assertEquals(
        new TypeDescriptor<WindowPane<Double>>() {},
        WindowPane.coder(DoubleCoder.of()).getEncodedTypeDescriptor());
    assertNotEquals(
        TypeDescriptors.strings(), WindowPane.coder(DoubleCoder.of()).getEncodedTypeDescriptor());
  }
}
