package dev.tributary.transforms;

import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.testing.TestPipeline;
import org.apache.beam.sdk.testing.TestPipelineExtension;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(TestPipelineExtension.class)
class SmokeTest {
  @Test
  void runs(TestPipeline pipeline) {
    PCollection<Integer> p = pipeline.apply(Create.of(1, 2));
    PAssert.that(p).containsInAnyOrder(1, 2);
    pipeline.run().waitUntilFinish();
  }
}
