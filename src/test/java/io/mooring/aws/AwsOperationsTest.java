package io.mooring.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which AWS operations count as writes, and which writes the lease guard lets through. */
class AwsOperationsTest {

  /** Operations that the kinds and the engine call to read. */
  private static final List<String> READS =
      List.of(
          "DescribeServices",
          "DescribeTaskDefinition",
          "ListTagsForResource",
          "GetResources",
          "GetCallerIdentity",
          "GetItem",
          "BatchGetItem",
          "HeadObject",
          "Query",
          "Scan",
          "LookupEvents",
          "SearchResources");

  /** Operations that the kinds call to write, one per verb, and verbs no kind uses yet. */
  private static final List<String> WRITES =
      List.of(
          "CreateService",
          "PutRetentionPolicy",
          "UpdateService",
          "DeleteCluster",
          "ModifyDBInstance",
          "RegisterTaskDefinition",
          "DeregisterScalableTarget",
          "TagResource",
          "UntagResource",
          "AttachRolePolicy",
          "DetachRolePolicy",
          "AuthorizeSecurityGroupIngress",
          "RevokeSecurityGroupEgress",
          "SetTopicAttributes",
          "AddTags",
          "RemoveTargets",
          "StartConfigurationRecorder",
          "StopConfigurationRecorder",
          "ChangeResourceRecordSets",
          "Subscribe",
          "Unsubscribe",
          "RotateSecret",
          "RunTask",
          "UpdateItem",
          "FrobnicateWidget");

  @Test
  void readVerbsAreNotWrites() {
    for (String operation : READS) {
      assertThat(AwsOperations.isWrite(operation)).as(operation).isFalse();
      assertThat(AwsOperations.isGuarded("Ecs", operation)).as(operation).isFalse();
    }
  }

  @Test
  void everyOtherVerbIsGuardedWrite() {
    for (String operation : WRITES) {
      assertThat(AwsOperations.isWrite(operation)).as(operation).isTrue();
      assertThat(AwsOperations.isGuarded("Ecs", operation)).as(operation).isTrue();
    }
  }

  @Test
  void metricDataIsUnguardedWrite() {
    assertThat(AwsOperations.isWrite("PutMetricData")).isTrue();
    assertThat(AwsOperations.isGuarded("CloudWatch", "PutMetricData")).isFalse();
    assertThat(AwsOperations.isGuarded("CloudWatch", "PutMetricAlarm")).isTrue();
  }
}
