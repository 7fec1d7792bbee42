package dev.tributary.pipelines.dataflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.io.UsageException;
import dev.tributary.pipelines.Pipelines;
import dev.tributary.pipelines.runtime.Job;
import dev.tributary.pipelines.runtime.Launcher;
import java.beans.Introspector;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.Validation;

/**
 * The Flex Template metadata of a pipeline (the parameters the Dataflow console and {@code gcloud
 * dataflow flex-template run} accept), generated from its job and options so that every
 * {@code @Description} is written once. Tributary's own options become parameters (Beam's and
 * Dataflow's are the launcher's), each with a label, its help text and default, and a regex where
 * the type allows one.
 *
 * <pre>{@code
 * java -cp pipelines.jar dev.tributary.pipelines.dataflow.TemplateMetadata trips > infra/dataflow/trips/metadata.json
 * }</pre>
 */
public final class TemplateMetadata {
  private TemplateMetadata() {}

  public static void main(String[] args) {
    Launcher.exit(
        () -> {
          if (args.length != 1) {
            throw new UsageException(
                "usage: TemplateMetadata PIPELINE; pipelines: " + Pipelines.names());
          }
          System.out.print(of(Pipelines.named(args[0])));
          return 0;
        });
  }

  /**
   * The metadata JSON of {@code job}, pretty-printed, parameters in name order, ending with a
   * newline.
   */
  public static String of(Job<?> job) throws JsonProcessingException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode metadata = mapper.createObjectNode();
    metadata.put("name", "Tributary " + job.name());
    metadata.put("description", job.description());
    ArrayNode parameters = metadata.putArray("parameters");
    for (Map.Entry<String, Method> option : ownOptions(job.optionsClass()).entrySet()) {
      Method getter = option.getValue();
      ObjectNode parameter = parameters.addObject();
      parameter.put("name", option.getKey());
      parameter.put("label", label(option.getKey()));
      String help = getter.getAnnotation(Description.class).value();
      String defaultValue = defaultValue(getter);
      parameter.put(
          "helpText", defaultValue == null ? help : help + " Default: " + defaultValue + ".");
      parameter.put("isOptional", getter.getAnnotation(Validation.Required.class) == null);
      String regex = regex(getter.getReturnType());
      if (regex != null) {
        parameter.putArray("regexes").add(regex);
      }
    }
    return mapper.writeValueAsString(metadata) + "\n";
  }

  /** Getters with a description declared by Tributary's interfaces (dev.tributary), by name. */
  private static Map<String, Method> ownOptions(Class<?> options) {
    return Arrays.stream(options.getMethods())
        .filter(m -> m.getDeclaringClass().getName().startsWith("dev.tributary."))
        .filter(m -> m.getName().startsWith("get") && m.getParameterCount() == 0)
        .filter(m -> m.isAnnotationPresent(Description.class))
        .filter(m -> !m.isAnnotationPresent(Hidden.class))
        .sorted(Comparator.comparing(Method::getName))
        .collect(
            Collectors.toMap(
                m -> Introspector.decapitalize(m.getName().substring(3)),
                m -> m,
                (a, b) -> a,
                LinkedHashMap::new));
  }

  /** bigQueryWriteMethod → "BigQuery write method"; jdbcUrl → "JDBC URL". */
  static String label(String name) {
    String words =
        name.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
            .toLowerCase()
            .replace("big query", "BigQuery")
            .replace("jdbc url", "JDBC URL")
            .replace("kafka", "Kafka");
    return Character.toUpperCase(words.charAt(0)) + words.substring(1);
  }

  private static String defaultValue(Method getter) {
    for (var annotation : getter.getAnnotations()) {
      Class<?> type = annotation.annotationType();
      if (type.getEnclosingClass() == Default.class && type != Default.InstanceFactory.class) {
        try {
          String value = String.valueOf(type.getMethod("value").invoke(annotation));
          return value.isEmpty() ? "none" : value;
        } catch (ReflectiveOperationException e) {
          throw new IllegalStateException(e);
        }
      }
    }
    return null;
  }

  private static String regex(Class<?> type) {
    if (type.isEnum()) {
      return "^("
          + Arrays.stream(type.getEnumConstants())
              .map(Object::toString)
              .collect(Collectors.joining("|"))
          + ")$";
    }
    if (type == int.class || type == long.class) {
      return "^[0-9]+$";
    }
    if (type == double.class) {
      return "^[0-9]+(\\.[0-9]+)?$";
    }
    if (type == boolean.class) {
      return "^(true|false)$";
    }
    return null;
  }
}
