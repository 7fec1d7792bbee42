package dev.tributary.pipelines.car;

import dev.tributary.pipelines.runtime.JobOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of the car job: the data set, where the model goes, how it is cross-validated. */
public interface CarOptions extends JobOptions {
  @Description(
      "The UCI car evaluation rows: a file or glob, CSV without a header"
          + " (buying,maint,doors,persons,lug_boot,safety,class).")
  @Default.String("data/sample/car/car.data")
  String getInput();

  void setInput(String value);

  @Description("Where each run writes its model file, car_<run>.ser.")
  @Default.String("output/car/")
  String getOutputDir();

  void setOutputDir(String value);

  @Description("The cross-validation's folds.")
  @Default.Integer(5)
  int getFolds();

  void setFolds(int value);

  @Description("The seed of the folds and the tree: the same seed gives the same figures.")
  @Default.Long(17)
  long getSeed();

  void setSeed(long value);
}
