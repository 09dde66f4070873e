package io.mooring.kinds.dns;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The normal form of names and values that Route 53 rewrites. */
class DnsNamesTest {

  @ParameterizedTest
  @CsvSource({
    "api.example.com., api.example.com",
    "API.Example.COM, api.example.com",
    "api.example.com, api.example.com",
    "\\052.example.com., *.example.com",
    "_mooring.a.\\052.example.com., _mooring.a.*.example.com"
  })
  void nameDropsTrailingDotCaseAndEscapes(String route53, String normal) {
    assertThat(DnsNames.name(route53)).isEqualTo(normal);
  }

  @ParameterizedTest
  @CsvSource({
    "dualstack.internal-edge-1234567890.us-east-1.elb.amazonaws.com.,"
        + " internal-edge-1234567890.us-east-1.elb.amazonaws.com",
    "DUALSTACK.Edge-1234567890.US-EAST-1.elb.amazonaws.com,"
        + " edge-1234567890.us-east-1.elb.amazonaws.com",
    "d-abc123xyz.execute-api.us-east-1.amazonaws.com.,"
        + " d-abc123xyz.execute-api.us-east-1.amazonaws.com",
    "D-ABC123XYZ.execute-api.us-east-1.amazonaws.com,"
        + " d-abc123xyz.execute-api.us-east-1.amazonaws.com"
  })
  void aliasTargetAlsoDropsDualstackPrefix(String route53, String normal) {
    assertThat(DnsNames.aliasTarget(route53)).isEqualTo(normal);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "CNAME | WWW.Example.com. | www.example.com",
        "NS | ns-1.awsdns-01.org. | ns-1.awsdns-01.org",
        "PTR | host.example.com. | host.example.com",
        "MX | 10  Mail.Example.com. | 10 mail.example.com",
        "SRV | 10 5 5060 SIP.example.com. | 10 5 5060 sip.example.com",
        "AAAA | 2001:DB8::10 | 2001:db8::10",
        "A | 192.0.2.10 | 192.0.2.10",
        "TXT | \"v=spf1 -all\" | v=spf1 -all",
        "CAA | 0 issue \"amazon.com\" | 0 issue \"amazon.com\""
      })
  void valueNormalizesHostNamesAndText(String type, String route53, String normal) {
    assertThat(DnsNames.value(type, route53)).isEqualTo(normal);
  }

  @Test
  void shortTextIsOneQuotedString() {
    assertThat(DnsNames.encodeTxt("v=spf1 include:amazonses.com ~all"))
        .isEqualTo("\"v=spf1 include:amazonses.com ~all\"");
  }

  @Test
  void quotesAndBackslashesAreEscaped() {
    assertThat(DnsNames.encodeTxt("say \"hi\" \\o/")).isEqualTo("\"say \\\"hi\\\" \\\\o/\"");
    assertThat(DnsNames.decodeTxt("\"say \\\"hi\\\" \\\\o/\"")).isEqualTo("say \"hi\" \\o/");
  }

  @Test
  void longTextIsSplitIntoStringsOf255() {
    String text = "k".repeat(300);

    String encoded = DnsNames.encodeTxt(text);

    assertThat(encoded).isEqualTo("\"" + "k".repeat(255) + "\" \"" + "k".repeat(45) + "\"");
    assertThat(DnsNames.decodeTxt(encoded)).isEqualTo(text);
  }

  @Test
  void emptyTextIsOneEmptyString() {
    assertThat(DnsNames.encodeTxt("")).isEqualTo("\"\"");
    assertThat(DnsNames.decodeTxt("\"\"")).isEmpty();
  }

  @Test
  void bytesOutsidePrintableAsciiAreOctal() {
    String encoded = DnsNames.encodeTxt("ex\u00e4mple\tcom");

    assertThat(encoded).isEqualTo("\"ex\\303\\244mple\\011com\"");
    assertThat(DnsNames.decodeTxt(encoded)).isEqualTo("ex\u00e4mple\tcom");
  }

  @Test
  void octalEscapeInTextIsDecoded() {
    assertThat(DnsNames.decodeTxt("\"a\\073b\"")).isEqualTo("a;b");
  }

  @Test
  void unquotedTextIsKept() {
    assertThat(DnsNames.decodeTxt("plain")).isEqualTo("plain");
  }
}
