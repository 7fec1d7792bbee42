package dev.tributary.pipelines.car;

import dev.tributary.pipelines.runtime.GraphContext;
import dev.tributary.transforms.DeadLetter;
import dev.tributary.transforms.Location;
import dev.tributary.transforms.SourceRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.MapElements;
import org.apache.beam.sdk.values.TypeDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The car graph without a database: header-less lines to stored rows or dead letters. */
@ExtendWith(TestPipelineExtension.class)
class CarPipelineTest {
  private static SourceRecord line(long offset, String text) {
    return SourceRecord.of(Location.file("car.data", offset), text, null);
  }

  @Test
  void everyLineIsARowOrADeadLetterWithItsReasons(TestPipeline pipeline) {
    GraphContext context =
        GraphContext.of(
            pipeline,
            "cars",
            List.of(
                line(0, "vhigh,vhigh,2,2,small,low,unacc"),
                line(32, "low,low,5more,more,big,high,vgood"),
                line(66, "v-high,low,5more,more,huge,high,vgood"),
                line(104, "low,low,4,4,big")));
    new CarPipeline()
        .build(pipeline, PipelineOptionsFactory.create().as(CarOptions.class), context);

    PAssert.that(context.<Car>written("WriteCars", c -> String.join(",", c.values())))
        .containsInAnyOrder("vhigh,vhigh,2,2,small,low,unacc", "low,low,5more,more,big,high,vgood");
    PAssert.that(
            context
                .deadLetters()
                .apply(
                    "Reasons",
                    MapElements.into(TypeDescriptors.strings()).via(DeadLetter::getReason)))
        .satisfies(
            reasons -> {
              List<String> all = new ArrayList<>();
              reasons.forEach(all::add);
              if (all.size() != 2
                  || all.stream().noneMatch(r -> r.contains("buying 'v-high' is not one of"))
                  || all.stream().noneMatch(r -> r.contains("lug_boot 'huge' is not one of"))) {
                throw new AssertionError(all.toString());
              }
              return null;
            });
    pipeline.run().waitUntilFinish();
  }
}
