package io.mooring.kinds.iam;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.engine.json.JsonStructures;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How IAM's policy documents are read, compared and checked. */
class PolicyDocumentsTest {

  /** Returns text as IAM returns it, with the JSON it encodes. */
  static Stream<Arguments> returnedDocuments() {
    return Stream.of(
        Arguments.of(
            "URL-encoded",
            "%7B%22Version%22%3A%222012-10-17%22%2C%22Statement%22%3A%5B%5D%7D",
            "{\"Version\":\"2012-10-17\",\"Statement\":[]}"),
        Arguments.of(
            "encoded plus and space", "%7B%22a%22%3A%22b%2Bc%20d%22%7D", "{\"a\":\"b+c d\"}"),
        Arguments.of("plain JSON keeps its plus", "{\"a\":\"b+c\"}", "{\"a\":\"b+c\"}"),
        Arguments.of(
            "plain JSON with leading whitespace", "\n {\"a\":\"50%\"}", "\n {\"a\":\"50%\"}"),
        Arguments.of("nothing", null, ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("returnedDocuments")
  void decodeGivesPlainJson(String name, String returned, String json) {
    assertThat(PolicyDocuments.decode(returned)).isEqualTo(json);
  }

  @Test
  void encodedDocumentEqualsDesiredDocument() {
    String encoded =
        "%7B%22Statement%22%3A%7B%22Resource%22%3A%22*%22%2C%22Action%22%3A%22s3%3AGetObject%22%2C"
            + "%22Effect%22%3A%22Allow%22%7D%2C%22Version%22%3A%222012-10-17%22%7D";
    Object desired =
        JsonStructures.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\"],\"Resource\":[\"*\"]}]}");

    assertThat(PolicyDocuments.fromIam(encoded)).isEqualTo(PolicyDocuments.of(desired));
  }

  @Test
  void invalidJsonFromIamDiffersFromEveryDocument() {
    assertThat(PolicyDocuments.fromIam("{not json")).hasToString("\"{not json\"");
    assertThat(PolicyDocuments.fromIam("{not json"))
        .isNotEqualTo(PolicyDocuments.of(JsonStructures.parse("{}")));
  }

  @Test
  void oneServiceTrustPolicyNamesItAsString() {
    assertThat(
            JsonStructures.write(
                PolicyDocuments.trustPolicyFor(List.of("ecs-tasks.amazonaws.com"))))
        .isEqualTo(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                + "{\"Service\":\"ecs-tasks.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}");
  }

  /** Returns statements as JSON, each with whether it allows every action on every resource. */
  static Stream<Arguments> statements() {
    return Stream.of(
        Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}", true),
        Arguments.of("{\"Effect\":\"Allow\",\"Action\":[\"*\"],\"Resource\":[\"*\"]}", true),
        Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"*:*\",\"Resource\":\"*\"}", true),
        Arguments.of(
            "{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"*\"],\"Resource\":[\"arn:aws:s3:::b\",\"*\"]}",
            true),
        Arguments.of("{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}", false),
        Arguments.of("{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}", false),
        Arguments.of(
            "{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:s3:::b\"}", false),
        Arguments.of("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}", false),
        Arguments.of("\"*\"", false));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("statements")
  void grantsEverythingOnlyForAllowStarOnStar(String statement, boolean expected) {
    assertThat(PolicyDocuments.grantsEverything(JsonStructures.parse(statement)))
        .isEqualTo(expected);
  }

  @Test
  void statementObjectCountsAsOneStatement() {
    assertThat(
            PolicyDocuments.statements(
                JsonStructures.parse("{\"Statement\":{\"Effect\":\"Deny\"}}")))
        .hasSize(1);
    assertThat(PolicyDocuments.statements(JsonStructures.parse("{\"Statement\":[{},{}]}")))
        .hasSize(2);
    assertThat(PolicyDocuments.statements(JsonStructures.parse("{}"))).isEmpty();
  }

  @Test
  void characterCountLeavesOutWhitespaceInsideStrings() {
    assertThat(PolicyDocuments.characterCount(JsonStructures.parse("{\"a\": \"b c\"}")))
        .isEqualTo(10);
  }
}
