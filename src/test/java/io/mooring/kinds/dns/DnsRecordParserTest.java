package io.mooring.kinds.dns;

import static org.assertj.core.api.Assertions.assertThat;

import io.mooring.load.StateDirectory;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Parsing and validation of a DnsRecord's spec through the real loader. */
class DnsRecordParserTest {
  /** The spec starts on line 6; {@code zone} is line 6, {@code name} 7, {@code type} 8. */
  private static final String HEAD =
      """
      apiVersion: mooring/v1
      kind: DnsRecord
      metadata:
        name: www
      spec:
      """;

  @TempDir Path root;

  private StateDirectory dir;

  @BeforeEach
  void createDirectory() {
    dir = new StateDirectory(root);
  }

  private DnsRecordSpec specOf(String spec) {
    return dir.write("dns.yaml", HEAD + spec)
        .load()
        .ofKind("DnsRecord", DnsRecordSpec.class)
        .get(0)
        .spec();
  }

  private java.util.List<String> problemsOf(String spec) {
    return dir.write("dns.yaml", HEAD + spec).problems();
  }

  @Test
  void recordWithValuesGetsDefaultTtl() {
    DnsRecordSpec spec =
        specOf(
            "  zone: Example.com.\n"
                + "  name: WWW.example.com.\n"
                + "  type: A\n"
                + "  values: [192.0.2.10, 192.0.2.11]\n");

    assertThat(spec.zone()).isEqualTo("example.com");
    assertThat(spec.name()).isEqualTo("www.example.com");
    assertThat(spec.ttl()).isEqualTo(300L);
    assertThat(spec.values()).containsExactly("192.0.2.10", "192.0.2.11");
    assertThat(spec.alias()).isNull();
    assertThat(spec.zoneIsId()).isFalse();
  }

  @Test
  void aliasToDnsNameIsRead() {
    DnsRecordSpec spec =
        specOf(
            """
              zone: Z0123456789ABCDEFGHIJ
              name: www.example.com
              type: AAAA
              alias:
                dnsName: d111111abcdef8.cloudfront.net.
                hostedZoneId: Z2FDTNDATAQYW2
                evaluateTargetHealth: true
            """);

    assertThat(spec.zoneIsId()).isTrue();
    assertThat(spec.ttl()).isNull();
    assertThat(spec.alias().dnsName()).isEqualTo("d111111abcdef8.cloudfront.net");
    assertThat(spec.alias().hostedZoneId()).isEqualTo("Z2FDTNDATAQYW2");
    assertThat(spec.alias().evaluateTargetHealth()).isTrue();
  }

  @Test
  void zoneIdPrefixIsDropped() {
    DnsRecordSpec spec =
        specOf(
            "  zone: /hostedzone/Z0123456789ABCDEFGHIJ\n"
                + "  name: www.example.com\n"
                + "  type: A\n"
                + "  values: [192.0.2.10]\n");

    assertThat(spec.zone()).isEqualTo("Z0123456789ABCDEFGHIJ");
  }

  @Test
  void aliasAndValuesTogetherAreReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n  name: www.example.com\n  type: A\n  values: [192.0.2.10]\n"
                    + "  alias: {dnsName: a.example.net, hostedZoneId: Z2FDTNDATAQYW2}\n"))
        .containsExactly("dns.yaml:9:11: spec.values: set either alias or values, not both");
  }

  @Test
  void missingValuesAndAliasAreReported() {
    assertThat(problemsOf("  zone: example.com\n  name: www.example.com\n  type: A\n"))
        .containsExactly(
            "dns.yaml:6:3: spec.alias: required field is missing; set values (with an optional ttl)"
                + " or alias");
  }

  @Test
  void nameOutsideZoneIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: www.example.org\n"
                    + "  type: A\n"
                    + "  values: [192.0.2.10]\n"))
        .containsExactly(
            "dns.yaml:7:9: spec.name: \"www.example.org\" is not in the hosted zone example.com;"
                + " write the fully qualified name, such as api.example.com");
  }

  @Test
  void invalidAddressIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: www.example.com\n"
                    + "  type: A\n"
                    + "  values: [192.0.2.300]\n"))
        .containsExactly(
            "dns.yaml:9:11: spec.values: invalid A value \"192.0.2.300\": expected an IPv4 address"
                + " such as 192.0.2.10");
  }

  @Test
  void quotedTxtValueIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: example.com\n"
                    + "  type: TXT\n"
                    + "  values: ['\"v=spf1 -all\"']\n"))
        .containsExactly(
            "dns.yaml:9:11: spec.values: invalid TXT value \"\"v=spf1 -all\"\": write the text"
                + " without the surrounding quotes; mooring adds them");
  }

  @Test
  void secondCnameValueIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: www.example.com\n"
                    + "  type: CNAME\n"
                    + "  values: [a.example.net, b.example.net]\n"))
        .containsExactly("dns.yaml:9:11: spec.values: a CNAME record has exactly one value");
  }

  @Test
  void cnameAtApexIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: example.com\n"
                    + "  type: CNAME\n"
                    + "  values: [a.example.net]\n"))
        .containsExactly(
            "dns.yaml:7:9: spec.name: a CNAME record cannot be at the zone apex example.com");
  }

  @Test
  void duplicateValueIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: example.com\n"
                    + "  type: MX\n"
                    + "  values: [10 mail.example.com, 10 MAIL.example.com.]\n"))
        .containsExactly("dns.yaml:9:11: spec.values: duplicate value \"10 MAIL.example.com.\"");
  }

  @Test
  void aliasOfTxtIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n  name: www.example.com\n  type: TXT\n"
                    + "  alias: {dnsName: a.example.net, hostedZoneId: Z2FDTNDATAQYW2}\n"))
        .containsExactly(
            "dns.yaml:9:10: spec.alias: mooring supports alias records of type A and AAAA only, not"
                + " TXT");
  }

  @Test
  void aliasWithTtlIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n  name: www.example.com\n  type: A\n  ttl: 60\n"
                    + "  alias: {dnsName: a.example.net, hostedZoneId: Z2FDTNDATAQYW2}\n"))
        .containsExactly(
            "dns.yaml:9:8: spec.ttl: an alias record has no TTL of its own; Route 53 uses the"
                + " target's");
  }

  @Test
  void aliasWithTwoTargetsIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: www.example.com\n"
                    + "  type: A\n"
                    + "  alias: {api: orders, dnsName: a.example.net, hostedZoneId:"
                    + " Z2FDTNDATAQYW2}\n"))
        .contains(
            "dns.yaml:9:33: spec.alias.dnsName: set only one of api, loadBalancer and dnsName");
  }

  @Test
  void reservedOwnerNameIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: _mooring.a.www.example.com\n"
                    + "  type: TXT\n"
                    + "  values: [x]\n"))
        .containsExactly(
            "dns.yaml:7:9: spec.name: names starting with _mooring. are reserved for mooring's"
                + " owner records");
  }

  @Test
  void aliasToApiWithoutDomainIsReported() {
    dir.write("api.yaml", io.mooring.kinds.apigateway.ApiDocuments.API);

    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: api.example.com\n"
                    + "  type: A\n"
                    + "  alias: {api: orders}\n"))
        .containsExactly(
            "dns.yaml:9:16: spec.alias.api: Api orders has no domain; an alias to an API needs its"
                + " custom domain name");
  }

  @Test
  void aliasToApiUnderOtherNameIsReported() {
    dir.write(
        "api.yaml",
        io.mooring.kinds.apigateway.ApiDocuments.API
            + "  domain: {name: api.example.com, certificateArn:"
            + " arn:aws:acm:us-east-1:123456789012:certificate/abc}\n");

    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: www.example.com\n"
                    + "  type: A\n"
                    + "  alias: {api: orders}\n"))
        .containsExactly(
            "dns.yaml:7:9: spec.name: an alias to Api orders must be named after its custom domain"
                + " api.example.com, because API Gateway answers only requests for that name");
  }

  @Test
  void aliasToMissingApiIsReported() {
    assertThat(
            problemsOf(
                "  zone: example.com\n"
                    + "  name: api.example.com\n"
                    + "  type: A\n"
                    + "  alias: {api: orders}\n"))
        .containsExactly("dns.yaml:9:16: spec.alias.api: no Api document is named \"orders\"");
  }
}
