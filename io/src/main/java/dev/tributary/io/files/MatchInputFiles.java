package dev.tributary.io.files;

import org.apache.beam.sdk.io.fs.MatchResult.Metadata;
import org.apache.beam.sdk.io.fs.MetadataCoderV2;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollection;

/**
 * {@code FileIO.match()} for an {@code --input} pattern: the files {@link InputFiles#match} names
 * when the pipeline runs, spread over the workers as FileIO spreads them. Matching at run time
 * keeps a long file list out of the pipeline graph and a missing input a failure of the run.
 */
final class MatchInputFiles extends PTransform<PBegin, PCollection<Metadata>> {
  private final String filepattern;

  MatchInputFiles(String filepattern) {
    this.filepattern = filepattern;
  }

  @Override
  public PCollection<Metadata> expand(PBegin input) {
    return input
        .apply("Filepattern", Create.of(filepattern))
        .apply("MatchFiles", ParDo.of(new MatchFn()))
        .setCoder(MetadataCoderV2.of())
        .apply("Spread", Reshuffle.viaRandomKey());
  }

  static final class MatchFn extends DoFn<String, Metadata> {
    @ProcessElement
    public void process(@Element String filepattern, OutputReceiver<Metadata> out) {
      InputFiles.match(filepattern).forEach(out::output);
    }
  }
}
