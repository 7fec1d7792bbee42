package dev.tributary.pipelines.runtime;

import dev.tributary.io.UsageException;
import java.util.Arrays;
import org.apache.beam.sdk.options.PipelineOptions;
import org.apache.beam.sdk.options.PipelineOptionsFactory;

/** Options from a command line, as every main of Tributary reads them. */
public final class CommandLine {
  private CommandLine() {}

  /**
   * Parses and validates {@code args} as {@code type}. {@code --help} prints the options of {@code
   * type} (and what it extends), with their defaults, and exits; a bad option is one {@link
   * UsageException} line.
   */
  public static <O extends PipelineOptions> O parse(Class<O> type, String... args) {
    String[] withHelp =
        Arrays.stream(args)
            .map(a -> a.equals("--help") ? "--help=" + type.getName() : a)
            .toArray(String[]::new);
    try {
      return PipelineOptionsFactory.fromArgs(withHelp).withValidation().as(type);
    } catch (IllegalArgumentException e) {
      throw new UsageException(UsageException.firstLine(e.getMessage()), e);
    }
  }
}
