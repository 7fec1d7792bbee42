package dev.tributary.io.files;

import static java.util.Objects.requireNonNull;

import dev.tributary.transforms.SourceRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * Reads the lines of every file matching a path or glob ({@link InputFiles#match}), each with its
 * file and byte offset, in parallel ranges of {@link #DEFAULT_SPLIT_BYTES}. With {@link
 * #withHeader()} the first line of each file is its header: it is not emitted as a record but
 * attached to every line of that file, so a parser can find columns by name even when files order
 * them differently.
 */
public final class ReadLines extends PTransform<PBegin, PCollection<SourceRecord>> {
  /** 64 MiB: about half a million trip rows, big enough that per-range set-up is negligible. */
  public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  private final String filepattern;
  private final boolean hasHeader;
  private final long splitBytes;

  private ReadLines(String filepattern, boolean hasHeader, long splitBytes) {
    this.filepattern = filepattern;
    this.hasHeader = hasHeader;
    this.splitBytes = splitBytes;
  }

  public static ReadLines from(String filepattern) {
    return new ReadLines(requireNonNull(filepattern, "filepattern"), false, DEFAULT_SPLIT_BYTES);
  }

  public ReadLines withHeader() {
    return new ReadLines(filepattern, true, splitBytes);
  }

  public ReadLines withSplitBytes(long bytes) {
    if (bytes < 1024) {
      throw new IllegalArgumentException("split size must be at least 1 KiB, was " + bytes);
    }
    return new ReadLines(filepattern, hasHeader, bytes);
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    return input
        .apply("Match", new MatchInputFiles(filepattern))
        .apply("Open", FileIO.readMatches())
        .apply("ReadRanges", ParDo.of(new ReadLinesFn(hasHeader, splitBytes)));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("filepattern", filepattern))
        .add(DisplayData.item("hasHeader", hasHeader))
        .add(DisplayData.item("splitBytes", splitBytes));
  }
}
