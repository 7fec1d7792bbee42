package dev.tributary.transforms;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Coders for the record types that generic transforms produce but cannot infer. */
public final class Coders {
  private Coders() {}

  /** The schema coder of {@code type} when it has a schema, else its registered coder. */
  public static <T> Coder<T> of(Pipeline pipeline, Class<T> type) {
    TypeDescriptor<T> descriptor = TypeDescriptor.of(type);
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(descriptor);
    } catch (NoSuchSchemaException noSchema) {
      try {
        return pipeline.getCoderRegistry().getCoder(descriptor);
      } catch (CannotProvideCoderException e) {
        throw new IllegalArgumentException(
            type.getName() + " has neither a schema nor a coder; annotate it with @DefaultSchema", e);
      }
    }
  }
}
