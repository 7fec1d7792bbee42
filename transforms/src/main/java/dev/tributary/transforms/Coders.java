package dev.tributary.transforms;

import java.util.List;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.CannotProvideCoderException;
import org.apache.beam.sdk.coders.Coder;
import org.apache.beam.sdk.coders.CoderProviders;
import org.apache.beam.sdk.coders.DefaultCoder;
import org.apache.beam.sdk.schemas.NoSuchSchemaException;
import org.apache.beam.sdk.values.TypeDescriptor;

/** Coders for the record types that generic transforms produce but cannot infer. */
public final class Coders {
  private Coders() {}

  /**
   * The coder of {@code type}: its {@code @DefaultCoder} when it names one (a hand-written coder of
   * a hot record type is several times faster than a schema's), else its schema coder, else what
   * the registry knows.
   */
  public static <T> Coder<T> of(Pipeline pipeline, Class<T> type) {
    TypeDescriptor<T> descriptor = TypeDescriptor.of(type);
    DefaultCoder declared = type.getAnnotation(DefaultCoder.class);
    if (declared != null) {
      // Built from the annotation itself: the registry prefers SerializableCoder for Serializable
      // types.
      try {
        return declaredCoder(declared.value(), descriptor);
      } catch (CannotProvideCoderException | IllegalArgumentException e) {
        throw new IllegalArgumentException(type.getName() + "'s @DefaultCoder cannot be built", e);
      }
    }
    try {
      return pipeline.getSchemaRegistry().getSchemaCoder(descriptor);
    } catch (NoSuchSchemaException noSchema) {
      try {
        return pipeline.getCoderRegistry().getCoder(descriptor);
      } catch (CannotProvideCoderException e) {
        throw new IllegalArgumentException(
            type.getName() + " has neither a schema nor a coder; annotate it with @DefaultSchema",
            e);
      }
    }
  }

  /**
   * Beam's own coders ({@code SerializableCoder}, {@code AvroCoder}) name their provider with a
   * static {@code getCoderProvider()}; a hand-written coder has a static {@code of()} instead.
   */
  @SuppressWarnings("rawtypes")
  private static <T> Coder<T> declaredCoder(
      Class<? extends Coder> coderClass, TypeDescriptor<T> type)
      throws CannotProvideCoderException {
    try {
      coderClass.getMethod("getCoderProvider");
    } catch (NoSuchMethodException staticOf) {
      return CoderProviders.fromStaticMethods(type.getRawType(), coderClass)
          .coderFor(type, List.of());
    }
    return new DefaultCoder.DefaultCoderProviderRegistrar.DefaultCoderProvider()
        .coderFor(type, List.of());
  }
}
