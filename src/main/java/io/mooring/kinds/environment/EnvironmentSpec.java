package io.mooring.kinds.environment;

import io.mooring.api.StackSettings;
import java.util.List;
import java.util.Map;

/**
 * The spec of the {@code Environment} document: settings and defaults for every other document
 * of the directory.
 *
 * @param name the document's name, which is also the stack name on every resource
 * @param region the AWS region the stack lives in, or null to accept the SDK's region
 * @param vpc the VPC id, or null
 * @param subnets named sets of subnet ids, such as {@code private} and {@code public}
 * @param allowedAccountIds the accounts mooring may write to; empty allows any
 * @param permissionsBoundary the policy ARN that every Role of the stack carries as its
 *     permissions boundary, or null
 * @param configRecorder the AWS Config recorder that mooring keeps for the stack, or null for none
 */
public record EnvironmentSpec(
    String name,
    String region,
    String vpc,
    Map<String, List<String>> subnets,
    Map<String, String> tags,
    boolean prune,
    int maxDeletePercent,
    List<String> allowedAccountIds,
    String permissionsBoundary,
    ConfigRecorderSettings configRecorder)
    implements StackSettings {

  /** An Environment without a configuration recorder. */
  public EnvironmentSpec(
      String name,
      String region,
      String vpc,
      Map<String, List<String>> subnets,
      Map<String, String> tags,
      boolean prune,
      int maxDeletePercent,
      List<String> allowedAccountIds,
      String permissionsBoundary) {
    this(
        name,
        region,
        vpc,
        subnets,
        tags,
        prune,
        maxDeletePercent,
        allowedAccountIds,
        permissionsBoundary,
        null);
  }

  @Override
  public String stackName() {
    return name;
  }
}
