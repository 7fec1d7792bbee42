package dev.tributary.pipelines.runtime;

import dev.tributary.io.UsageException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * The flags of the small question CLIs ({@code scripts/trips.sh}, {@code scripts/energy.sh}):
 * {@code --name value} and {@code --name=value}, each taken once; what is left over is a mistake,
 * said in one line with the command's usage.
 */
public final class CliArgs {
  private final List<String> rest;
  private final String usage;

  public CliArgs(List<String> args, String usage) {
    this.rest = new ArrayList<>(args);
    this.usage = usage;
  }

  /** Whether {@code args} ask for the usage: {@code help}, {@code --help} or {@code -h} first. */
  public static boolean asksForHelp(String[] args) {
    return args.length > 0 && List.of("help", "--help", "-h").contains(args[0]);
  }

  /** The subcommand {@code args} start with, one of {@code commands}; else one line and usage. */
  public static String command(String[] args, Collection<String> commands, String usage) {
    if (args.length == 0) {
      throw new UsageException("no command; " + usage);
    }
    if (!commands.contains(args[0])) {
      throw new UsageException("unknown command '" + args[0] + "'; " + usage);
    }
    return args[0];
  }

  /** The flags after the subcommand of {@code args}. */
  public static CliArgs afterCommand(String[] args, String usage) {
    return new CliArgs(Arrays.asList(args).subList(1, args.length), usage);
  }

  /** The value of {@code name}, or {@code fallback} when it is not given. */
  public String value(String name, String fallback) {
    for (int i = 0; i < rest.size(); i++) {
      String arg = rest.get(i);
      if (arg.startsWith(name + "=")) {
        rest.remove(i);
        return arg.substring(name.length() + 1);
      }
      if (arg.equals(name)) {
        if (i + 1 >= rest.size()) {
          throw new UsageException(name + " needs a value; " + usage);
        }
        rest.remove(i);
        return rest.remove(i);
      }
    }
    return fallback;
  }

  public String required(String name) {
    String v = value(name, null);
    if (v == null || v.isBlank()) {
      throw new UsageException(name + " is required; " + usage);
    }
    return v;
  }

  /** Whether the flag {@code name} (no value) is given. */
  public boolean flag(String name) {
    return rest.remove(name);
  }

  /** Every argument was taken. */
  public void done() {
    if (!rest.isEmpty()) {
      throw new UsageException("unexpected argument(s) " + rest + "; " + usage);
    }
  }

  /** {@code value} (of {@code option}) as a day YYYY-MM-DD; null for null. */
  public static LocalDate date(String option, String value) {
    if (value == null) {
      return null;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new UsageException(option + " must be a day YYYY-MM-DD, was '" + value + "'");
    }
  }
}
