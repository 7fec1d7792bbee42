package dev.tributary.io.files;

import com.google.auto.value.AutoValue;
import dev.tributary.transforms.SourceRecord;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Watch;
import org.apache.beam.sdk.transforms.display.DisplayData;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;
import org.checkerframework.checker.nullness.qual.Nullable;
import org.joda.time.Duration;

/**
 * Reads the lines of every file matching a path or glob ({@link InputFiles#match}), each with its
 * file and byte offset, in parallel ranges of {@link #DEFAULT_SPLIT_BYTES}. With {@link
 * #withHeader()} the first line of each file is its header: it is not emitted as a record but
 * attached to every line of that file, so a parser can find columns by name even when files order
 * them differently.
 */
@AutoValue
public abstract class ReadLines extends PTransform<PBegin, PCollection<SourceRecord>> {
  /** 64 MiB: about half a million trip rows, big enough that per-range set-up is negligible. */
  public static final long DEFAULT_SPLIT_BYTES = 64L << 20;

  /** Below 1 KiB a range would cost more to set up than to read. */
  private static final long MIN_SPLIT_BYTES = 1024;

  abstract String getFilepattern();

  abstract boolean getHasHeader();

  abstract long getSplitBytes();

  abstract @Nullable Duration getPollInterval();

  abstract @Nullable PTransform<PCollection<Metadata>, PCollection<Metadata>> getSelect();

  abstract Builder toBuilder();

  public static ReadLines from(String filepattern) {
    return new AutoValue_ReadLines.Builder()
        .setFilepattern(filepattern)
        .setHasHeader(false)
        .setSplitBytes(DEFAULT_SPLIT_BYTES)
        .build();
  }

  public ReadLines withHeader() {
    return toBuilder().setHasHeader(true).build();
  }

  public ReadLines withSplitBytes(long bytes) {
    if (bytes < MIN_SPLIT_BYTES) {
      throw new IllegalArgumentException("split size must be at least 1 KiB, was " + bytes);
    }
    return toBuilder().setSplitBytes(bytes).build();
  }

  /**
   * Watches the pattern instead ({@code FileIO.match().continuously}): every {@code pollInterval}
   * the files it names that were not there before are read, each once, until the pipeline is
   * stopped; an empty folder is no mistake. {@code select} sees each new file first and passes on
   * those to read (say, the ones whose content was not read before).
   */
  public ReadLines watching(
      Duration pollInterval, PTransform<PCollection<Metadata>, PCollection<Metadata>> select) {
    return toBuilder().setPollInterval(pollInterval).setSelect(select).build();
  }

  @Override
  public PCollection<SourceRecord> expand(PBegin input) {
    Duration every = getPollInterval();
    PTransform<PCollection<Metadata>, PCollection<Metadata>> select = getSelect();
    PCollection<Metadata> files =
        every == null || select == null
            ? input.apply("Match", new MatchInputFiles(getFilepattern()))
            : input
                .apply(
                    "Watch",
                    FileIO.match()
                        .filepattern(getFilepattern())
                        .withEmptyMatchTreatment(EmptyMatchTreatment.ALLOW)
                        .continuously(every, Watch.Growth.never()))
                .apply("SelectNew", select);
    return files
        .apply("Open", FileIO.readMatches())
        .apply("ReadRanges", ParDo.of(new ReadLinesFn(getHasHeader(), getSplitBytes())));
  }

  @Override
  public void populateDisplayData(DisplayData.Builder builder) {
    super.populateDisplayData(builder);
    builder
        .add(DisplayData.item("filepattern", getFilepattern()))
        .add(DisplayData.item("hasHeader", getHasHeader()))
        .add(DisplayData.item("splitBytes", getSplitBytes()));
  }

  @AutoValue.Builder
  abstract static class Builder {
    abstract Builder setFilepattern(String filepattern);

    abstract Builder setHasHeader(boolean hasHeader);

    abstract Builder setSplitBytes(long splitBytes);

    abstract Builder setPollInterval(Duration every);

    abstract Builder setSelect(PTransform<PCollection<Metadata>, PCollection<Metadata>> select);

    abstract ReadLines build();
  }
}
