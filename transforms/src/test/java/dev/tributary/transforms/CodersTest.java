package dev.tributary.transforms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.Objects;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.AtomicCoder;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.schemas.JavaFieldSchema;
import org.apache.beam.sdk.schemas.SchemaCoder;
import org.apache.beam.sdk.schemas.annotations.DefaultSchema;
import org.apache.beam.sdk.util.CoderUtils;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.junit.jupiter.api.Test;

class CodersTest {
  private final Pipeline pipeline = Pipeline.create();

  static final class NoCoder {}

  /** A record type with both a schema and a hand-picked coder: the coder must win. */
  @DefaultCoder(SerializableCoder.class)
  @DefaultSchema(JavaFieldSchema.class)
  public static class Hot implements Serializable {
    public @Nullable String name;
    public long count;

    public Hot() {}

    Hot(String name, long count) {
      this.name = name;
      this.count = count;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Hot h && Objects.equals(h.name, name) && h.count == count;
    }

    @Override
    public int hashCode() {
      return Objects.hash(name, count);
    }
  }

  @Test
  void schemaCoderForATypeWithASchema() throws Exception {
    Coder<SourceRecord> coder = Coders.of(pipeline, SourceRecord.class);
    SourceRecord line = SourceRecord.of(Location.of("rides.csv", 40), "a,b", null);

    assertInstanceOf(SchemaCoder.class, coder);
    assertEquals(line, CoderUtils.clone(coder, line));
  }

  @Test
  void defaultCoderWinsOverASchema() throws Exception {
    // Hot does have a schema: without the annotation it would get a SchemaCoder.
    assertNotNull(pipeline.getSchemaRegistry().getSchema(Hot.class));

    Coder<Hot> coder = Coders.of(pipeline, Hot.class);
    Hot hot = new Hot("cheap_mobile", 3);

    assertInstanceOf(SerializableCoder.class, coder);
    assertEquals(SerializableCoder.of(Hot.class), coder);
    assertEquals(hot, CoderUtils.clone(coder, hot));
  }

  /** A hand-written coder in the style of a hot record's coder: a static {@code of()}. */
  public static final class TickCoder extends AtomicCoder<Tick> {
    private static final TickCoder INSTANCE = new TickCoder();

    public static TickCoder of() {
      return INSTANCE;
    }

    @Override
    public void encode(Tick tick, OutputStream out) throws IOException {
      new DataOutputStream(out).writeLong(tick.at);
    }

    @Override
    public Tick decode(InputStream in) throws IOException {
      return new Tick(new DataInputStream(in).readLong());
    }
  }

  /** Serializable and with a schema, yet its hand-written coder must win. */
  @DefaultCoder(TickCoder.class)
  @DefaultSchema(JavaFieldSchema.class)
  public static class Tick implements Serializable {
    public long at;

    public Tick() {}

    Tick(long at) {
      this.at = at;
    }

    @Override
    public boolean equals(@Nullable Object o) {
      return o instanceof Tick t && t.at == at;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(at);
    }
  }

  /** A coder with neither a static {@code of()} nor {@code getCoderProvider()}. */
  public static final class NoFactoryCoder extends AtomicCoder<Misdeclared> {
    @Override
    public void encode(Misdeclared value, OutputStream out) {}

    @Override
    public Misdeclared decode(InputStream in) {
      return new Misdeclared();
    }
  }

  /** Names a coder that cannot be built. */
  @DefaultCoder(NoFactoryCoder.class)
  static final class Misdeclared {}

  @Test
  void handWrittenDefaultCoderWinsOverASchemaAndSerializable() throws Exception {
    assertNotNull(pipeline.getSchemaRegistry().getSchema(Tick.class));

    Coder<Tick> coder = Coders.of(pipeline, Tick.class);

    assertSame(TickCoder.of(), coder);
    assertEquals(new Tick(1527498220000L), CoderUtils.clone(coder, new Tick(1527498220000L)));
  }

  @Test
  void namesTheTypeWhoseDefaultCoderCannotBeBuilt() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Coders.of(pipeline, Misdeclared.class));
    assertTrue(e.getMessage().contains(Misdeclared.class.getName()), e.getMessage());
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
