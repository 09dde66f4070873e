package io.mooring.kinds.network;

import io.mooring.api.Reference;
import io.mooring.api.SourcePosition;
import java.util.List;
import java.util.Map;

/**
 * The spec of a {@code SecurityGroup} document: an EC2 security group whose group name is the
 * document's name.
 *
 * @param description the group's description, which AWS cannot change after creation
 * @param vpc the VPC id, or null for the Environment's VPC
 * @param ingress the inbound rules
 * @param egress the outbound rules, or null for the rule AWS creates: all traffic to 0.0.0.0/0
 * @param tags the document's own tags
 * @param groupReferences the SecurityGroup documents that rules name, checked by validate
 * @param vpcPosition where an error about the VPC points
 */
public record SecurityGroupSpec(
    String description,
    String vpc,
    List<Rule> ingress,
    List<Rule> egress,
    Map<String, String> tags,
    List<Reference> groupReferences,
    SourcePosition vpcPosition) {

  /** Returns the outbound rules, with AWS's default when the document leaves them out. */
  List<Rule> egressOrDefault() {
    return egress == null ? List.of(Rule.ALL_OUTBOUND) : egress;
  }
}
