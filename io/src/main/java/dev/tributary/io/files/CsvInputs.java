package dev.tributary.io.files;

import dev.tributary.io.UsageException;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.parse.CsvHeader;
import dev.tributary.transforms.parse.CsvParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;

/**
 * Checks CSV inputs before a pipeline writes anything: the path or glob matches files, none is
 * empty, and every header has the expected columns. Each problem is one {@link UsageException}
 * line, so a bad input fails the run before a single row is written.
 */
public final class CsvInputs {
  private static final int SAMPLE_LINES = 1000;

  private final List<Metadata> files;
  private final long totalBytes;
  private final long estimatedRows;

  private CsvInputs(List<Metadata> files, long totalBytes, long estimatedRows) {
    this.files = files;
    this.totalBytes = totalBytes;
    this.estimatedRows = estimatedRows;
  }

  /** Matches {@code filepattern} and checks every file's header for {@code columns}. */
  public static CsvInputs check(String filepattern, List<String> columns) {
    return check(filepattern, "--input", columns, true);
  }

  /**
   * As {@link #check(String, List)}, a mistake in the pattern naming {@code option}, the option
   * that gave it; without {@code header} the files have none, every line is a row: only that there
   * are rows is checked.
   */
  public static CsvInputs check(
      String filepattern, String option, List<String> columns, boolean header) {
    List<Metadata> files = InputFiles.match(filepattern, option);
    long bytes = 0;
    double bytesPerRow = 0;
    for (Metadata file : files) {
      bytes += file.sizeBytes();
      bytesPerRow = Math.max(bytesPerRow, checkHeader(file, columns, header));
    }
    return new CsvInputs(files, bytes, bytesPerRow == 0 ? 0 : Math.round(bytes / bytesPerRow));
  }

  public int fileCount() {
    return files.size();
  }

  public long totalBytes() {
    return totalBytes;
  }

  /** Data rows estimated from the size of the first lines; for progress bars, not for counts. */
  public long estimatedRows() {
    return estimatedRows;
  }

  /** Checks one file's header; returns its mean bytes per data row over the first lines. */
  private static double checkHeader(Metadata file, List<String> columns, boolean header) {
    String name = file.resourceId().toString();
    if (file.sizeBytes() == 0) {
      throw new UsageException("input file " + name + " is empty: it needs a header line and rows");
    }
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                Channels.newInputStream(FileSystems.open(file.resourceId())),
                StandardCharsets.UTF_8))) {
      if (header) {
        String line = reader.readLine();
        CsvHeader.resolve(CsvParser.comma(), line == null ? "" : line, columns);
      }
      long rows = 0;
      long rowBytes = 0;
      for (String line; rows < SAMPLE_LINES && (line = reader.readLine()) != null; rows++) {
        rowBytes += line.getBytes(StandardCharsets.UTF_8).length + 1;
      }
      if (rows == 0) {
        throw new UsageException("input file " + name + " has a header but no rows");
      }
      return (double) rowBytes / rows;
    } catch (RecordException e) {
      throw new UsageException(
          "input file "
              + name
              + ": "
              + e.getMessage()
              + " (expected columns "
              + String.join(",", columns)
              + ")");
    } catch (IOException e) {
      throw new UsageException("cannot read input file " + name + ": " + e.getMessage(), e);
    }
  }
}
