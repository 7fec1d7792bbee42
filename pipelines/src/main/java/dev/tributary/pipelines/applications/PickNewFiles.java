package dev.tributary.pipelines.applications;

import dev.tributary.pipelines.applications.DroppedFiles.Dropped;
import java.util.List;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.state.StateSpec;
import org.apache.beam.sdk.state.StateSpecs;
import org.apache.beam.sdk.state.ValueState;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptor;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * Of the files a watched folder shows, those whose content was never judged: not by an earlier run
 * ({@code applications.files}), nor earlier in this one under another name (state per content
 * hash). What it skips it says, as a batch does before it starts.
 */
final class PickNewFiles extends PTransform<PCollection<Metadata>, PCollection<Metadata>> {
  private final String jdbcUrl;

  PickNewFiles(String jdbcUrl) {
    this.jdbcUrl = jdbcUrl;
  }

  @Override
  public PCollection<Metadata> expand(PCollection<Metadata> files) {
    return files
        .apply(
            "HashContent",
            MapElements.into(
                    TypeDescriptors.kvs(
                        TypeDescriptors.strings(), TypeDescriptor.of(Metadata.class)))
                .via(file -> KV.of(DroppedFiles.sha256(file), file)))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), MetadataCoderV2.of()))
        .apply("FirstOfContent", ParDo.of(new FirstOfContentFn(jdbcUrl)))
        .setCoder(MetadataCoderV2.of());
  }

  private static final class FirstOfContentFn extends DoFn<KV<String, Metadata>, Metadata> {
    private final String jdbcUrl;

    @StateId("seenAs")
    private final StateSpec<ValueState<String>> seenAs = StateSpecs.value(StringUtf8Coder.of());

    FirstOfContentFn(String jdbcUrl) {
      this.jdbcUrl = jdbcUrl;
    }

    @ProcessElement
    public void process(
        @Element KV<String, Metadata> file,
        @StateId("seenAs") ValueState<String> seenAs,
        OutputReceiver<Metadata> out) {
      Dropped dropped = new Dropped(file.getKey(), file.getValue().resourceId().toString());
      String earlier = seenAs.read();
      if (earlier != null) {
        System.out.println(DroppedFiles.sameBytes(dropped, earlier));
        return;
      }
      seenAs.write(dropped.path());
      String processed = DroppedFiles.processed(jdbcUrl, List.of(dropped)).get(dropped.sha256());
      if (processed != null) {
        System.out.println(DroppedFiles.processedBefore(dropped, processed));
      } else {
        System.out.printf("applications: %s picked up%n", dropped.path());
        out.output(file.getValue());
      }
    }
  }
}
