package io.mooring.kinds.sns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.json.JsonComparison;
import io.mooring.engine.json.JsonDocument;
import io.mooring.engine.json.JsonStructures;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TopicPolicyTest {
  private static final String ARN = "arn:aws:sns:eu-west-1:123456789012:oncall";

  @Test
  void policyScopesServicePublishersToAccountAndRegion() {
    Map<String, Object> policy = TopicPolicy.document(ARN);

    assertThat(policy.get("Version")).isEqualTo("2012-10-17");
    assertThat(JsonStructures.write(policy.get("Statement")))
        .isEqualTo(
            "[{\"Sid\":\"AccountAccess\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},"
                + "\"Action\":[\"SNS:GetTopicAttributes\",\"SNS:SetTopicAttributes\",\"SNS:AddPermission\","
                + "\"SNS:RemovePermission\",\"SNS:DeleteTopic\",\"SNS:Subscribe\","
                + "\"SNS:ListSubscriptionsByTopic\",\"SNS:Publish\"],\"Resource\":\""
                + ARN
                + "\"},"
                + "{\"Sid\":\"EventBridgeRulesPublish\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Action\":\"SNS:Publish\","
                + "\"Resource\":\""
                + ARN
                + "\",\"Condition\":{\"ArnLike\":"
                + "{\"aws:SourceArn\":\"arn:aws:events:eu-west-1:123456789012:rule/*\"}}},"
                + "{\"Sid\":\"CloudWatchAlarmsPublish\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"Service\":\"cloudwatch.amazonaws.com\"},\"Action\":\"SNS:Publish\","
                + "\"Resource\":\""
                + ARN
                + "\",\"Condition\":{\"ArnLike\":"
                + "{\"aws:SourceArn\":\"arn:aws:cloudwatch:eu-west-1:123456789012:alarm:*\"}}}]");
  }

  @Test
  void topicNotCreatedYetShowsPlaceholders() {
    String json = JsonStructures.write(TopicPolicy.document("(Topic/oncall)"));

    assertThat(json)
        .contains("\"Resource\":\"(Topic/oncall)\"")
        .contains("arn:aws:iam::(account):root")
        .contains("arn:aws:events:(region):(account):rule/*");
  }

  private static final String SNS_STYLE =
      "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"SNS:Publish\"],"
          + "\"Principal\":{\"Service\":\"events.amazonaws.com\"},\"Resource\":\""
          + ARN
          + "\","
          + "\"Condition\":{\"NumericLessThan\":{\"aws:MultiFactorAuthAge\":3600}}}]}";

  /** Policy text as AWS might return it, and whether it is the same policy as SNS_STYLE. */
  static Stream<Arguments> comparisons() {
    return Stream.of(
        Arguments.of("identical text", SNS_STYLE, true),
        Arguments.of(
            "keys in another order, with whitespace",
            "{ \"Statement\" : [ { \"Resource\" : \""
                + ARN
                + "\", \"Principal\" : {\"Service\": \"events.amazonaws.com\"}, \"Condition\":"
                + " {\"NumericLessThan\": {\"aws:MultiFactorAuthAge\": 3600}}, \"Action\" :"
                + " [\"SNS:Publish\"], \"Effect\" : \"Allow\" } ],\n"
                + " \"Version\" : \"2012-10-17\" }",
            true),
        Arguments.of(
            "one-item list written as its item",
            SNS_STYLE.replace("[\"SNS:Publish\"]", "\"SNS:Publish\""),
            true),
        Arguments.of(
            "single statement not in a list",
            SNS_STYLE.replace("[{", "{").replace("}]}", "}}"),
            true),
        Arguments.of("number written with a fraction", SNS_STYLE.replace("3600", "3600.0"), true),
        Arguments.of("another Version", SNS_STYLE.replace("2012-10-17", "2008-10-17"), false),
        Arguments.of("number that became a string", SNS_STYLE.replace("3600", "\"3600\""), false),
        Arguments.of("another action", SNS_STYLE.replace("SNS:Publish", "SNS:Subscribe"), false),
        Arguments.of(
            "added Sid", SNS_STYLE.replace("{\"Effect\"", "{\"Sid\":\"x\",\"Effect\""), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("comparisons")
  void policyComparesByStructure(String name, String live, boolean same) {
    JsonDocument desired = JsonDocument.parse(SNS_STYLE, JsonComparison.POLICY);

    assertThat(JsonDocument.parse(live, JsonComparison.POLICY).equals(desired)).isEqualTo(same);
  }

  @Test
  void listsKeepTheirOrderInOneTopicPolicy() {
    Map<String, Object> policy = TopicPolicy.document(ARN);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> statements = (List<Map<String, Object>>) policy.get("Statement");

    assertThat(statements)
        .extracting(s -> s.get("Sid"))
        .containsExactly("AccountAccess", "EventBridgeRulesPublish", "CloudWatchAlarmsPublish");
  }
}
