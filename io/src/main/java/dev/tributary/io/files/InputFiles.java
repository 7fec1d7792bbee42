package dev.tributary.io.files;

import dev.tributary.io.UsageException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/**
 * The files an {@code --input} path or glob names, or one line saying why there are none.
 *
 * <p>Local paths (no scheme, or {@code file:}) are resolved here, not by Beam's local file system,
 * whose match walks the whole tree under a missing file's parent (all of {@code /} for {@code
 * /nope.csv}). A path without glob characters is looked up directly; a glob is expanded one path
 * segment at a time, listing only the directories it names. Only a {@code **} segment walks a tree
 * (following links, not loops): it stands for any number of directories, none included, so {@code
 * data/**}{@code /*.csv} also matches {@code data/a.csv}. Other schemes ({@code gs://}, {@code
 * s3://}) list by prefix and go through {@link FileSystems#match}.
 */
public final class InputFiles {
  /** What Beam's {@code FileSystems} takes for a scheme; without one a path is local. */
  private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][-a-zA-Z0-9+.]*):/.*");

  private static final String LOCAL_SCHEME = "file";
  private static final Pattern GLOB = Pattern.compile("[*?\\[{]");
  private static final String ANY_DIRECTORIES = "**";

  /** What starts a {@link #listed} pattern. */
  private static final String LISTED = "listed:\n";

  private InputFiles() {}

  /**
   * A pattern naming exactly {@code paths}, each a file or pattern of its own; none names no file,
   * which is no mistake: for a job that picks its files itself (say, those it has not seen).
   */
  public static String listed(List<String> paths) {
    return LISTED + String.join("\n", paths);
  }

  /**
   * What watching {@code filepattern} for new files means: a folder's files, or the glob's; the
   * local folder it is in must exist (one line if not), it may be empty.
   */
  public static String watchable(String filepattern) {
    if (filepattern == null || filepattern.isBlank()) {
      throw new UsageException(
          "no folder to watch: pass --input=DIR or a glob such as 'drop/*.csv'");
    }
    if (SCHEME.matcher(filepattern).matches()) {
      return filepattern;
    }
    Path path = Path.of(filepattern);
    if (Files.isDirectory(path)) {
      return path.resolve("*").toString();
    }
    Path folder = path.toAbsolutePath().getParent();
    for (Path part = path; part != null; part = part.getParent()) {
      if (GLOB.matcher(part.getFileName() == null ? "" : part.getFileName().toString()).find()) {
        folder = part.toAbsolutePath().getParent();
      }
    }
    if (folder == null || !Files.isDirectory(folder)) {
      throw new UsageException(
          "cannot watch '" + filepattern + "': the folder " + folder + " does not exist");
    }
    return filepattern;
  }

  /**
   * The regular files {@code filepattern} names, sorted by path for a local pattern (call
   * FileSystems.setDefaultPipelineOptions first for other schemes).
   */
  public static List<Metadata> match(String filepattern) {
    return match(filepattern, "--input");
  }

  /** As {@link #match(String)}, a mistake naming {@code option}, which gave the pattern. */
  public static List<Metadata> match(String filepattern, String option) {
    if (filepattern != null && filepattern.startsWith(LISTED)) {
      List<Metadata> files = new ArrayList<>();
      for (String path : filepattern.substring(LISTED.length()).split("\n")) {
        if (!path.isEmpty()) {
          files.addAll(match(path, option));
        }
      }
      return files;
    }
    if (filepattern == null || filepattern.isBlank()) {
      throw new UsageException(
          "no input given: pass " + option + "=FILE or a glob such as " + option + "='data/*'");
    }
    List<Metadata> files;
    try {
      Matcher scheme = SCHEME.matcher(filepattern);
      if (!scheme.matches()) {
        files = matchLocal(filepattern);
      } else if (scheme.group(1).toLowerCase(Locale.ROOT).equals(LOCAL_SCHEME)) {
        files = matchLocal(filepattern.substring(LOCAL_SCHEME.length() + 1));
      } else {
        files = FileSystems.match(filepattern, EmptyMatchTreatment.ALLOW).metadata();
      }
    } catch (IOException e) {
      throw new UsageException("cannot list '" + filepattern + "': " + reason(e), e);
    } catch (PatternSyntaxException e) {
      throw new UsageException("'" + filepattern + "' is not a valid glob: " + e.getDescription());
    }
    if (files.isEmpty()) {
      throw new UsageException(
          "no input file matches '" + filepattern + "': check the path given to " + option);
    }
    return files;
  }

  private static List<Metadata> matchLocal(String spec) throws IOException {
    Path pattern = Path.of(spec).toAbsolutePath().normalize();
    // A name that exists is taken literally, even with glob characters in it, as Beam does.
    if (!GLOB.matcher(spec).find() || Files.exists(pattern)) {
      return matchPath(pattern);
    }
    List<Metadata> files = new ArrayList<>();
    for (Path path : new TreeSet<>(expand(pattern))) {
      BasicFileAttributes attributes = attributesOrNull(path);
      if (attributes != null && attributes.isRegularFile()) {
        files.add(metadata(path, attributes));
      }
    }
    return files;
  }

  /** The file at a path without glob, or nothing; anything else there is a usage error. */
  private static List<Metadata> matchPath(Path path) throws IOException {
    BasicFileAttributes attributes = attributesOrNull(path);
    if (attributes == null) {
      return List.of();
    }
    if (attributes.isDirectory()) {
      throw new UsageException(
          "input "
              + path
              + " is a directory: give a glob such as --input='"
              + path.resolve("*.csv")
              + "'");
    }
    if (!attributes.isRegularFile()) {
      throw new UsageException("input " + path + " is not a regular file");
    }
    return List.of(metadata(path, attributes));
  }

  /**
   * The paths an absolute glob may name, one segment at a time: a literal segment is resolved, a
   * glob segment lists its one directory and {@code **} walks its tree. Every path but those of the
   * last segment is a directory; the last may be missing or anything.
   */
  private static List<Path> expand(Path pattern) throws IOException {
    List<Path> paths = List.of(pattern.getRoot());
    for (int i = 0; i < pattern.getNameCount(); i++) {
      String segment = pattern.getName(i).toString();
      boolean last = i == pattern.getNameCount() - 1;
      List<Path> next = new ArrayList<>();
      for (Path dir : paths) {
        if (!GLOB.matcher(segment).find()) {
          Path child = dir.resolve(segment);
          if (last || Files.isDirectory(child)) {
            next.add(child);
          }
        } else if (segment.equals(ANY_DIRECTORIES)) {
          walk(dir, last, next);
        } else {
          list(dir, segment, last, next);
        }
      }
      paths = next;
    }
    return paths;
  }

  /** Adds the entries of {@code dir} matching {@code glob}: all if last, else directories. */
  private static void list(Path dir, String glob, boolean last, List<Path> out) throws IOException {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
      for (Path entry : entries) {
        if (last || Files.isDirectory(entry)) {
          out.add(entry);
        }
      }
    } catch (DirectoryIteratorException e) {
      throw e.getCause();
    }
  }

  /** Adds {@code dir} and every directory under it, and with {@code files} every file too. */
  private static void walk(Path dir, boolean files, List<Path> out) throws IOException {
    Files.walkFileTree(
        dir,
        EnumSet.of(FileVisitOption.FOLLOW_LINKS), // a linked data directory counts; loops do not
        Integer.MAX_VALUE,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFileFailed(Path path, IOException e) throws IOException {
            if (e instanceof FileSystemLoopException) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            throw e;
          }

          @Override
          public FileVisitResult preVisitDirectory(Path path, BasicFileAttributes attributes) {
            out.add(path);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path path, BasicFileAttributes attributes) {
            if (files) {
              out.add(path);
            }
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static BasicFileAttributes attributesOrNull(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  /** Checked here so an unreadable input is one line before the run, not a failure inside it. */
  private static Metadata metadata(Path file, BasicFileAttributes attributes) {
    if (!Files.isReadable(file)) {
      throw new UsageException("cannot read input file " + file + ": permission denied");
    }
    return Metadata.builder()
        .setResourceId(FileSystems.matchNewResource(file.toString(), false))
        .setSizeBytes(attributes.size())
        .setLastModifiedMillis(attributes.lastModifiedTime().toMillis())
        .setIsReadSeekEfficient(true)
        .build();
  }

  /** Java's message for a denied access is the bare path; say what happened. */
  private static String reason(IOException e) {
    return e instanceof AccessDeniedException denied
        ? denied.getFile() + ": permission denied"
        : e.getMessage();
  }
}
