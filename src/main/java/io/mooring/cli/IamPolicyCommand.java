package io.mooring.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mooring.api.DesiredState;
import io.mooring.iam.IamPolicy;
import io.mooring.iam.ManagedPolicyDocuments;
import io.mooring.iam.PolicyGenerator;
import io.mooring.iam.PolicyOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    mixinStandardHelpOptions = true,
    name = "iam-policy",
    description = {
      "Prints the IAM policy that mooring's task role needs for the kinds in DIR, as JSON or as"
          + " ManagedPolicy documents. Exits 0 with the policy, 1 when DIR is invalid.",
      "The policy always allows pruning, because plan --prune and apply --prune turn it on for"
          + " any DIR: the reads that list the owned resources of every kind, and for kinds that"
          + " DIR does not use, deleting or releasing resources that carry mooring's ownership"
          + " tag."
    })
final class IamPolicyCommand implements Callable<Integer> {
  /** A prefix that leaves room for {@code -N} within the 63 characters of a document name. */
  private static final Pattern DOCUMENT_PREFIX =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,58}[a-z0-9])?");

  /** The width that the generated file's header wraps the command at. */
  private static final int HEADER_WIDTH = 100;

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
      names = "--ssh-key",
      paramLabel = "SOURCE",
      description =
          "Also allow reading the private key that run --ssh-key names; only a Secrets Manager"
              + " ARN needs a permission, a file or env:NAME none.")
  String sshKey;

  @Option(
      names = "--known-hosts",
      paramLabel = "SOURCE",
      description =
          "Also allow reading the known_hosts lines that run --known-hosts names; only a Secrets"
              + " Manager ARN needs a permission.")
  String knownHosts;

  @Option(
      names = "--split",
      description =
          "Print a JSON object of policies named mooring-1, mooring-2 and so on, each within IAM's"
              + " limit of "
              + IamPolicy.MANAGED_POLICY_MAX_CHARS
              + " characters for a managed policy.")
  boolean split;

  @Option(
      names = "--managed-policies",
      paramLabel = "NAME",
      description =
          "Print the policy as YAML ManagedPolicy documents named NAME-1, NAME-2 and so on, each"
              + " within IAM's limit for a managed policy, to keep in DIR. Documents of DIR with"
              + " these names are left out of the policy and replaced, so that the output for a"
              + " DIR that contains it does not change.")
  String managedPolicies;

  @Override
  public Integer call() {
    PolicyOptions options =
        new PolicyOptions(
            partition,
            region,
            account,
            metricsNamespace,
            leaseTable,
            webhookSecret,
            sshKey,
            knownHosts);
    if (managedPolicies != null && !DOCUMENT_PREFIX.matcher(managedPolicies).matches()) {
      throw new IllegalArgumentException(
          "invalid value \""
              + managedPolicies
              + "\" for --managed-policies: expected at most 60 lowercase letters, digits and"
              + " hyphens, starting and ending with a letter or digit");
    }
    if (managedPolicies != null && split) {
      throw new IllegalArgumentException("use either --split or --managed-policies, not both");
    }
    DesiredState state = new Workspace().load(directory, spec.commandLine().getErr());
    if (state == null) {
      return ExitCodes.ERROR;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (managedPolicies != null) {
      List<IamPolicy> parts = ManagedPolicyDocuments.parts(state, options, managedPolicies);
      warnAboutLargeParts(parts, managedPolicies);
      out.print(ManagedPolicyDocuments.yaml(parts, managedPolicies, header()));
      out.flush();
      return ExitCodes.OK;
    }
    IamPolicy policy = PolicyGenerator.generate(state, options);
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
      documents.set(ManagedPolicyDocuments.partName("mooring", i), parts.get(i).toJson());
    }
    warnAboutLargeParts(parts, "mooring");
    return IamPolicy.prettyString(documents);
  }

  private void warnAboutLargeParts(List<IamPolicy> parts, String name) {
    for (int i = 0; i < parts.size(); i++) {
      IamPolicy part = parts.get(i);
      if (part.size() > IamPolicy.MANAGED_POLICY_MAX_CHARS) {
        spec.commandLine()
            .getErr()
            .println(
                "warning: policy "
                    + ManagedPolicyDocuments.partName(name, i)
                    + " holds one statement of "
                    + part.size()
                    + " characters, over IAM's limit of "
                    + IamPolicy.MANAGED_POLICY_MAX_CHARS);
      }
    }
  }

  /** Returns the comment lines that name the command that printed the documents. */
  private List<String> header() {
    List<String> arguments = new ArrayList<>(List.of("mooring", "iam-policy"));
    arguments.add(directory.toString());
    arguments.addAll(List.of("--managed-policies", managedPolicies));
    addUnlessDefault(arguments, "--partition", partition, "aws");
    addUnlessDefault(arguments, "--region", region, PolicyOptions.ANY);
    addUnlessDefault(arguments, "--account", account, PolicyOptions.ANY);
    addUnlessDefault(
        arguments,
        "--metrics-namespace",
        metricsNamespace,
        PolicyOptions.DEFAULT_METRICS_NAMESPACE);
    addUnlessDefault(arguments, "--lease-table", leaseTable, null);
    addUnlessDefault(arguments, "--webhook-secret", webhookSecret, null);
    addUnlessDefault(arguments, "--ssh-key", sshKey, null);
    addUnlessDefault(arguments, "--known-hosts", knownHosts, null);

    List<String> lines = new ArrayList<>();
    lines.add("Generated by the command below; do not edit. After changing the documents of the");
    lines.add("directory, run it again, write what it prints to a new file and move that over");
    lines.add("this one:");
    lines.addAll(wrapCommand(arguments));
    return lines;
  }

  private static void addUnlessDefault(
      List<String> arguments, String option, String value, String defaultValue) {
    if (value != null && !value.equals(defaultValue)) {
      arguments.add(option);
      arguments.add(value);
    }
  }

  /**
   * Returns the command as shell lines within {@link #HEADER_WIDTH} columns, ending each but the
   * last with a backslash and keeping an option with its value.
   */
  private static List<String> wrapCommand(List<String> arguments) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      boolean option = argument.startsWith("--") && i + 1 < arguments.size();
      words.add(option ? argument + " " + arguments.get(++i) : argument);
    }
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder("  ");
    for (String word : words) {
      boolean empty = line.toString().isBlank();
      if (!empty && line.length() + 1 + word.length() + 2 > HEADER_WIDTH) {
        lines.add(line.append(" \\").toString());
        line = new StringBuilder("    ");
        empty = true;
      }
      line.append(empty ? "" : " ").append(word);
    }
    lines.add(line.toString());
    return lines;
  }
}
