package dev.tributary.pipelines.sales;

import dev.tributary.pipelines.runtime.JobOptions;
import java.util.List;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.DefaultValueFactory;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.Hidden;
import org.apache.beam.sdk.options.PipelineOptions;

/** Options of the sales generator: how many transactions, from which seed, for whom, of what. */
public interface SalesOptions extends JobOptions {
  @Description(
      "How many transactions to generate (0 to 999999999); the same --seed and count give the"
          + " same rows.")
  @Default.Long(1000)
  long getTransactions();

  void setTransactions(long value);

  @Description(
      "The generator's seed: transaction n of seed S has id S*10^9+n+1, so seeds add"
          + " transactions beside each other.")
  @Default.Long(1)
  long getSeed();

  void setSeed(long value);

  @Description(
      "The applications file whose first 50 successful rows (by line) are the members; its rows"
          + " are found in applications.applications by the file's SHA-256.")
  @Default.String("data/sample/applications/applications_dataset_1.csv")
  String getApplications();

  void setApplications(String value);

  @Description(
      "The catalogue: a CSV file with header"
          + " item_id,item,category,manufacturer_id,manufacturer,country,cost,weight_kg.")
  @Default.String("data/sample/sales/catalogue.csv")
  String getCatalogue();

  void setCatalogue(String value);

  @Hidden
  @Description("The members' ids in application order, set by the job before it runs.")
  @Default.InstanceFactory(NoMembers.class)
  List<String> getMemberIds();

  void setMemberIds(List<String> value);

  /** Not looked up yet. */
  class NoMembers implements DefaultValueFactory<List<String>> {
    @Override
    public List<String> create(PipelineOptions options) {
      return List.of();
    }
  }
}
