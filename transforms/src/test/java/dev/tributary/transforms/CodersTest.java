package dev.tributary.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

class CodersTest {
  private final Pipeline pipeline = Pipeline.create();

  static final class NoCoder {}

  @Test
  void schemaCoderForATypeWithASchema() throws Exception {
    Coder<SourceLine> coder = Coders.of(pipeline, SourceLine.class);
    SourceLine line = SourceLine.of("rides.csv", 40, "a,b", null);

    assertInstanceOf(SchemaCoder.class, coder);
    assertEquals(line, CoderUtils.clone(coder, line));
  }

  @Test
  void registeredCoderForATypeWithoutASchema() {
    assertEquals(StringUtf8Coder.of(), Coders.of(pipeline, String.class));
  }

  @Test
  void namesTheTypeThatHasNeitherSchemaNorCoder() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Coders.of(pipeline, NoCoder.class));
    assertTrue(e.getMessage().contains(NoCoder.class.getName()), e.getMessage());
  }
}
