package dev.tributary.pipelines.applications;

import dev.tributary.io.files.ResolveLineNumbers;
import dev.tributary.transforms.Coders;
import dev.tributary.transforms.RecordException;
import dev.tributary.transforms.SourceRecord;
import dev.tributary.transforms.clean.Clean;
import dev.tributary.transforms.parse.CsvHeader;
import dev.tributary.transforms.parse.CsvParser;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Judges every line of the dropped files ({@link ApplicationRules}) into an {@link Application}
 * with the file's hash and the line's number. A file's lines are judged together: a parallel reader
 * knows only byte offsets, and one pass over the file turns them into the line numbers an
 * applicant's answer can quote. A line that is no CSV record of the header's columns is an
 * unsuccessful application too, with why.
 */
final class JudgeApplications
    extends PTransform<PCollection<SourceRecord>, PCollection<Application>> {
  static final List<String> COLUMNS = List.of("name", "email", "date_of_birth", "mobile_no");

  private final Map<String, String> sha256ByPath;
  private final LocalDate today;

  JudgeApplications(Map<String, String> sha256ByPath, LocalDate today) {
    this.sha256ByPath = Map.copyOf(sha256ByPath);
    this.today = today;
  }

  @Override
  public PCollection<Application> expand(PCollection<SourceRecord> lines) {
    return lines
        .apply(
            "ByFile",
            WithKeys.of((SourceRecord r) -> r.getLocation().getSource())
                .withKeyType(TypeDescriptors.strings()))
        .apply("GroupByFile", GroupByKey.create())
        .apply("Judge", ParDo.of(new JudgeFn(sha256ByPath, today, ApplicationRules.clean())))
        .setCoder(Coders.of(lines.getPipeline(), Application.class));
  }

  private static final class JudgeFn extends DoFn<KV<String, Iterable<SourceRecord>>, Application> {
    private final Map<String, String> sha256ByPath;
    private final LocalDate today;
    private final Clean.Cleaner<ApplicationForm> rules;
    private final CsvParser parser = CsvParser.comma();

    JudgeFn(Map<String, String> sha256ByPath, LocalDate today, Clean<ApplicationForm> clean) {
      this.sha256ByPath = sha256ByPath;
      this.today = today;
      this.rules = clean.cleaner();
    }

    @ProcessElement
    public void process(
        @Element KV<String, Iterable<SourceRecord>> file, OutputReceiver<Application> out)
        throws IOException {
      String sha256 = sha256ByPath.get(file.getKey());
      if (sha256 == null) {
        throw new IllegalStateException("a line of " + file.getKey() + ", a file not picked");
      }
      List<SourceRecord> records = new ArrayList<>();
      file.getValue().forEach(records::add);
      records.sort(Comparator.comparingLong(r -> r.getLocation().getOffset()));
      long[] lines =
          ResolveLineNumbers.lineNumbers(
              file.getKey(),
              records.stream().mapToLong(r -> r.getLocation().getOffset()).toArray());
      for (int i = 0; i < records.size(); i++) {
        out.output(judge(sha256, lines[i], records.get(i)));
      }
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
