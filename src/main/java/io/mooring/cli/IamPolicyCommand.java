package io.mooring.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.api.DesiredState;
import io.mooring.iam.IamPolicy;
import io.mooring.iam.PolicyGenerator;
import io.mooring.iam.PolicyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "iam-policy",
    description =
        "Prints the IAM policy that mooring's task role needs for the kinds in DIR, as JSON."
            + " Exits 0 with the policy, 1 when DIR is invalid.")
final class IamPolicyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "DIR", description = "Directory of YAML documents.")
  Path directory;

  @Option(
      names = "--region",
      defaultValue = PolicyOptions.ANY,
      paramLabel = "REGION",
      description = "Region in the policy's ARNs (default: ${DEFAULT-VALUE}, every region).")
  String region;

  @Option(
      names = "--account",
      defaultValue = PolicyOptions.ANY,
      paramLabel = "ACCOUNT",
      description = "Account id in the policy's ARNs (default: ${DEFAULT-VALUE}, every account).")
  String account;

  @Option(
      names = "--partition",
      defaultValue = "aws",
      paramLabel = "PARTITION",
      description = "ARN partition: aws, aws-cn or aws-us-gov (default: ${DEFAULT-VALUE}).")
  String partition;

  @Option(
      names = "--metrics-namespace",
      defaultValue = PolicyOptions.DEFAULT_METRICS_NAMESPACE,
      paramLabel = "NAMESPACE",
      description =
          "CloudWatch namespace that run publishes its metrics to; PutMetricData is allowed only"
              + " there (default: ${DEFAULT-VALUE}).")
  String metricsNamespace;

  @Option(
      names = "--lease-table",
      paramLabel = "TABLE",
      description = "Also allow the DynamoDB lease table that run --lease-table names.")
  String leaseTable;

  @Option(
      names = "--webhook-secret",
      paramLabel = "SOURCE",
      description =
          "Also allow reading the webhook secret that run --webhook-secret names; only a Secrets"
              + " Manager ARN needs a permission.")
  String webhookSecret;

  @Option(
      names = "--split",
      description =
          "Print a JSON object of policies named mooring-1, mooring-2 and so on, each within IAM's"
              + " limit of "
              + IamPolicy.MANAGED_POLICY_MAX_CHARS
              + " characters for a managed policy.")
  boolean split;

  @Override
  public Integer call() {
    PolicyOptions options =
        new PolicyOptions(partition, region, account, metricsNamespace, leaseTable, webhookSecret);
    DesiredState state = new Workspace().load(directory, spec.commandLine().getErr());
    if (state == null) {
      return ExitCodes.ERROR;
    }
    IamPolicy policy = PolicyGenerator.generate(state, options);
    PrintWriter out = spec.commandLine().getOut();
    if (split) {
      out.println(splitDocuments(policy.split(IamPolicy.MANAGED_POLICY_MAX_CHARS)));
      return ExitCodes.OK;
    }
    out.println(policy.toPrettyString());
    warnWhenTooLarge(policy);
    return ExitCodes.OK;
  }

  private void warnWhenTooLarge(IamPolicy policy) {
    int size = policy.size();
    if (size > IamPolicy.MANAGED_POLICY_MAX_CHARS) {
      spec.commandLine()
          .getErr()
          .println(
              "warning: the policy has "
                  + size
                  + " characters without white space, over IAM's limit of "
                  + IamPolicy.MANAGED_POLICY_MAX_CHARS
                  + " for a managed policy; run again with --split to print it as several"
                  + " policies");
    }
  }

  private String splitDocuments(List<IamPolicy> parts) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode documents = json.createObjectNode();
    for (int i = 0; i < parts.size(); i++) {
      IamPolicy part = parts.get(i);
      documents.set("mooring-" + (i + 1), part.toJson());
      if (part.size() > IamPolicy.MANAGED_POLICY_MAX_CHARS) {
        spec.commandLine()
            .getErr()
            .println(
                "warning: policy mooring-"
                    + (i + 1)
                    + " holds one statement of "
                    + part.size()
                    + " characters, over IAM's limit of "
                    + IamPolicy.MANAGED_POLICY_MAX_CHARS);
      }
    }
    return IamPolicy.prettyString(documents);
  }
}
