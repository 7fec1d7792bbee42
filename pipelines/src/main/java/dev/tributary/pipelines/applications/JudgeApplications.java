package dev.tributary.pipelines.applications;

import dev.tributary.io.files.LineIndex;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.parse.CsvHeader;
import dev.tributary.transforms.parse.CsvParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * Judges every line of the dropped files ({@link ApplicationRules}) into an {@link Application}
 * with the file's content hash and the line's number, and names the files it saw ({@link #FILES}:
 * hash and path). A parallel reader knows only byte offsets: each worker indexes the lines of the
 * files it meets ({@link LineIndex}; dropped files are small), so a line needs no others to learn
 * its number, in a batch or a stream. A line that is no CSV record of the header's columns is an
 * unsuccessful application too, with why.
 */
final class JudgeApplications extends PTransform<PCollection<SourceRecord>, PCollectionTuple> {
  static final List<String> COLUMNS = List.of("name", "email", "date_of_birth", "mobile_no");
  static final TupleTag<Application> APPLICATIONS = new TupleTag<>() {};

  /** Each file judged, as its content hash and path, at least once. */
  static final TupleTag<KV<String, String>> FILES = new TupleTag<>() {};

  private final LocalDate today;

  JudgeApplications(LocalDate today) {
    this.today = today;
  }

  @Override
  public PCollectionTuple expand(PCollection<SourceRecord> lines) {
    PCollectionTuple judged =
        lines.apply(
            "Judge",
            ParDo.of(new JudgeFn(today, ApplicationRules.clean()))
                .withOutputTags(APPLICATIONS, TupleTagList.of(FILES)));
    judged.get(APPLICATIONS).setCoder(Coders.of(lines.getPipeline(), Application.class));
    judged.get(FILES).setCoder(KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of()));
    return judged;
  }

  /** A file's content hash and line index, as one worker learnt them. */
  private record FileFacts(String sha256, LineIndex lines) {}

  private static final class JudgeFn extends DoFn<SourceRecord, Application> {
    private static final int FILES_KEPT = 16;

    private final LocalDate today;
    private final Clean.Cleaner<ApplicationForm> rules;
    private final CsvParser parser = CsvParser.comma();
    private transient Map<String, FileFacts> facts;

    JudgeFn(LocalDate today, Clean<ApplicationForm> clean) {
      this.today = today;
      this.rules = clean.cleaner();
    }

    @Setup
    public void setup() {
      facts =
          new LinkedHashMap<>(FILES_KEPT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FileFacts> eldest) {
              return size() > FILES_KEPT;
            }
          };
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
      String path = record.getLocation().getSource();
      FileFacts file = facts.get(path);
      if (file == null) {
        try {
          file = new FileFacts(DroppedFiles.sha256(path), LineIndex.of(path));
        } catch (IOException e) {
          throw new UncheckedIOException("cannot index the lines of " + path, e);
        }
        facts.put(path, file);
        out.get(FILES).output(KV.of(file.sha256(), path));
      }
      long line = file.lines().lineOf(record.getLocation().getOffset());
      out.get(APPLICATIONS).output(judge(file.sha256(), line, record));
    }

    private Application judge(String sha256, long line, SourceRecord record) {
      try {
        CsvHeader header = CsvHeader.resolve(parser, record.getHeader(), COLUMNS);
        List<String> fields = parser.split(record.getText());
        if (fields.size() < header.minFields()) {
          throw new RecordException(
              "the line has " + fields.size() + " fields, the header " + header.minFields());
        }
        return Application.judge(
            sha256,
            line,
            new ApplicationForm(
                fields.get(header.position(0)),
                fields.get(header.position(1)),
                fields.get(header.position(2)),
                fields.get(header.position(3)),
                today),
            rules);
      } catch (RecordException e) {
        return Application.unreadable(sha256, line, "not a CSV record: " + e.getMessage());
      }
    }
  }
}
