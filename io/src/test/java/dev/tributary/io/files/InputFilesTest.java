package dev.tributary.io.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.tributary.io.UsageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beam's local match walks the whole tree under a missing file's parent: minutes for {@code
 * /nope.csv} or a big data directory. Every answer here, found or not, must come in seconds.
 */
class InputFilesTest {
  private static final int DIRECTORIES = 100;
  private static final int FILES_PER_DIRECTORY = 1_000;
  private static final Duration QUICK = Duration.ofSeconds(10);

  /**
   * 100 directories of 1,000 empty files each, built once ({@code d042/0007.csv}), and a link back
   * up as {@code /proc} has them ({@code /proc/self/root}): Beam's walk follows it round and round.
   */
  @TempDir static Path tree;

  @TempDir Path dir;

  @BeforeAll
  static void createTree() throws IOException {
    for (int d = 0; d < DIRECTORIES; d++) {
      Path sub = Files.createDirectory(tree.resolve(String.format("d%03d", d)));
      for (int f = 0; f < FILES_PER_DIRECTORY; f++) {
        Files.createFile(sub.resolve(String.format("%04d.csv", f)));
      }
    }
    Files.createSymbolicLink(tree.resolve("d099/up"), tree);
  }

  @Test
  void missingFileUnderTheRootDirectory() {
    String name = "/nope-" + UUID.randomUUID();
    assertNoMatch(name + ".csv");
    assertNoMatch(name + "-*.csv");
  }

  @Test
  void missingFileInABigTree() {
    assertNoMatch(tree.resolve("nope.csv").toString());
    assertNoMatch(tree.resolve("d042/nope.csv").toString());
  }

  @Test
  void missingGlobInABigTree() {
    assertNoMatch(tree.resolve("missing-*.csv").toString());
    assertNoMatch(tree.resolve("*/missing-*.csv").toString());
  }

  @Test
  void missingGlobInASubdirectoryOfABigTree() {
    assertNoMatch(tree.resolve("d042/missing-*.csv").toString());
  }

  @Test
  void globInASubdirectoryOfABigTree() {
    List<Metadata> files = quickly(tree.resolve("d042/000*.csv").toString());
    List<String> expected = new ArrayList<>();
    for (int f = 0; f < 10; f++) {
      expected.add(tree.resolve(String.format("d042/%04d.csv", f)).toString());
    }
    assertEquals(expected, names(files));
  }

  @Test
  void recursiveGlobOverABigTree() {
    List<Metadata> files = quickly(tree.resolve("**/0007.csv").toString());
    assertEquals(DIRECTORIES, files.size());
    assertEquals(tree.resolve("d000/0007.csv").toString(), names(files).get(0));
    assertEquals(tree.resolve("d099/0007.csv").toString(), names(files).get(DIRECTORIES - 1));
  }

  @Test
  void exactFile() throws IOException {
    Path file = write("a.csv", "x,y\n");
    Metadata metadata = single(InputFiles.match(file.toString()));
    assertEquals(file.toString(), metadata.resourceId().toString());
    assertEquals(4, metadata.sizeBytes());
    assertEquals(Files.getLastModifiedTime(file).toMillis(), metadata.lastModifiedMillis());
    assertTrue(metadata.isReadSeekEfficient());
  }

  @Test
  void globInOneDirectoryIsSortedAndHoldsOnlyItsFiles() throws IOException {
    write("b.csv", "b");
    write("a.csv", "a");
    write("c.csv", "c");
    write("notes.txt", "not matched");
    Files.createDirectory(dir.resolve("folder.csv"));
    write("sub/d.csv", "not in this directory");
    assertEquals(
        List.of(path("a.csv"), path("b.csv"), path("c.csv")),
        names(InputFiles.match(path("*.csv"))));
  }

  @Test
  void doubleStarMatchesAnyDepthIncludingNone() throws IOException {
    write("a.csv", "a");
    write("x/b.csv", "b");
    write("x/y/c.csv", "c");
    write("x/y/c.txt", "not matched");
    assertEquals(
        List.of(path("a.csv"), path("x/b.csv"), path("x/y/c.csv")),
        names(InputFiles.match(path("**/*.csv"))));
    assertEquals(
        List.of(path("x/y/c.csv"), path("x/y/c.txt")), names(InputFiles.match(path("x/y/**"))));
  }

  /** A linked data directory is walked like any other; a link back up is not walked round. */
  @Test
  void doubleStarFollowsLinkedDirectoriesButNotLoops() throws IOException {
    Path data = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(data.resolve("a.csv"), "a");
    Path walked = Files.createDirectories(dir.resolve("walked"));
    Files.createSymbolicLink(walked.resolve("linked"), data);
    Files.createSymbolicLink(walked.resolve("again"), walked);
    assertEquals(
        List.of(path("walked/linked/a.csv")),
        names(
            assertTimeoutPreemptively(
                Duration.ofSeconds(10), () -> InputFiles.match(path("walked/**/*.csv")))));
  }

  @Test
  void globOverDirectories() throws IOException {
    write("2024/trips.csv", "a");
    write("2025/trips.csv", "b");
    write("2025/other.csv", "not matched");
    write("2026/trips.csv/x.csv", "a directory named trips.csv is not matched");
    write("2027", "a file where the glob wants a directory");
    assertEquals(
        List.of(path("2024/trips.csv"), path("2025/trips.csv")),
        names(InputFiles.match(path("20*/trips.csv"))));
  }

  @Test
  void directoryIsOneLineAskingForAGlob() {
    for (String pattern : List.of(dir.toString(), dir + "/")) {
      UsageException e = assertThrows(UsageException.class, () -> InputFiles.match(pattern));
      assertEquals(
          "input " + dir + " is a directory: give a glob such as --input='" + dir + "/*.csv'",
          e.getMessage());
    }
  }

  @Test
  void fileUriPrefix() throws IOException {
    Path file = write("a.csv", "a");
    assertEquals(List.of(file.toString()), names(InputFiles.match("file://" + file)));
    assertEquals(List.of(file.toString()), names(InputFiles.match("file://" + path("*.csv"))));
    assertNoMatch("file://" + path("nope.csv"));
  }

  @Test
  void relativePatternIsResolvedFromTheWorkingDirectory() throws IOException {
    Path file = write("a.csv", "a");
    Path relative = Path.of("").toAbsolutePath().relativize(dir);
    assertEquals(List.of(file.toString()), names(InputFiles.match(relative + "/*.csv")));
    assertEquals(List.of(file.toString()), names(InputFiles.match(relative + "/a.csv")));
  }

  @Test
  void existingNameWithGlobCharactersIsTakenLiterally() throws IOException {
    Path file = write("trips[1].csv", "a");
    write("trips1.csv", "what the glob would match");
    assertEquals(List.of(file.toString()), names(InputFiles.match(file.toString())));
  }

  @Test
  void invalidGlobIsOneLine() {
    String pattern = path("[a.csv");
    UsageException e = assertThrows(UsageException.class, () -> InputFiles.match(pattern));
    // Java's own description, with its unbalanced quote: "Missing ']".
    assertEquals("'" + pattern + "' is not a valid glob: Missing ']", e.getMessage());
  }

  @Test
  void blankPatternAsksForAnInput() {
    for (String pattern : new String[] {null, "", "  "}) {
      UsageException e = assertThrows(UsageException.class, () -> InputFiles.match(pattern));
      assertEquals(
          "no input given: pass --input=FILE or a glob such as --input='data/*'", e.getMessage());
    }
  }

  @Test
  void unreadableFileIsOneLine() throws IOException {
    Path file = write("secret.csv", "a");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
    assumeFalse(Files.isReadable(file), "root reads every file");
    UsageException e = assertThrows(UsageException.class, () -> InputFiles.match(file.toString()));
    assertEquals("cannot read input file " + file + ": permission denied", e.getMessage());
  }

  // --- helpers ---

  @Test
  void aWatchedFolderMayBeEmptyButMustExist() {
    assertEquals(dir.resolve("*").toString(), InputFiles.watchable(dir.toString()));
    assertEquals(dir + "/*.csv", InputFiles.watchable(dir + "/*.csv"));
    UsageException missing =
        assertThrows(UsageException.class, () -> InputFiles.watchable(dir + "/drop/*/x*.csv"));
    assertEquals(
        "cannot watch '" + dir + "/drop/*/x*.csv': the folder " + dir + "/drop does not exist",
        missing.getMessage());
  }

  @Test
  void aMistakeNamesTheOptionThatGaveThePattern() {
    String pattern = dir + "/nothing.csv";
    assertEquals(
        "no input file matches '" + pattern + "': check the path given to --catalogue",
        assertThrows(UsageException.class, () -> InputFiles.match(pattern, "--catalogue"))
            .getMessage());
    assertEquals(
        "no input given: pass --catalogue=FILE or a glob such as --catalogue='data/*'",
        assertThrows(UsageException.class, () -> InputFiles.match(" ", "--catalogue"))
            .getMessage());
  }

  private static void assertNoMatch(String pattern) {
    UsageException e =
        assertTimeoutPreemptively(
            QUICK, () -> assertThrows(UsageException.class, () -> InputFiles.match(pattern)));
    assertEquals(
        "no input file matches '" + pattern + "': check the path given to --input", e.getMessage());
  }

  private static List<Metadata> quickly(String pattern) {
    return assertTimeoutPreemptively(QUICK, () -> InputFiles.match(pattern));
  }

  private static List<String> names(List<Metadata> files) {
    return files.stream().map(file -> file.resourceId().toString()).toList();
  }

  private static Metadata single(List<Metadata> files) {
    assertEquals(1, files.size(), "files: " + files);
    return files.get(0);
  }

  private String path(String name) {
    return dir.resolve(name).toString();
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }
}
