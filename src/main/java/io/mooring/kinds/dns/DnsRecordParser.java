package io.mooring.kinds.dns;

import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the spec of a {@code DnsRecord} document. */
final class DnsRecordParser {
  /** The record types that Route 53 accepts in a change batch, except SOA. */
  static final List<String> TYPES =
      List.of(
          "A", "AAAA", "CAA", "CNAME", "DS", "HTTPS", "MX", "NAPTR", "NS", "PTR", "SPF", "SRV",
          "SSHFP", "SVCB", "TLSA", "TXT");

  /** A hosted zone id, with or without the {@code /hostedzone/} prefix that some APIs return. */
  static final Pattern ZONE_ID = Pattern.compile("(/hostedzone/)?Z[A-Z0-9]{1,32}");

  private static final String LABEL = "[a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?";

  /** A domain name with at least two labels; the first may be the wildcard {@code *}. */
  static final Pattern DOMAIN_NAME = Pattern.compile("(\\*\\.)?(" + LABEL + "\\.)+" + LABEL);

  private static final Pattern IPV4 =
      Pattern.compile(
          "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  private static final Pattern HOST =
      Pattern.compile("(" + LABEL + "\\.)*" + LABEL + "\\.?", Pattern.CASE_INSENSITIVE);
  private static final Pattern MX =
      Pattern.compile("\\d{1,5} +" + HOST.pattern(), Pattern.CASE_INSENSITIVE);
  private static final Pattern SRV =
      Pattern.compile("\\d{1,5} +\\d{1,5} +\\d{1,5} +" + HOST.pattern(), Pattern.CASE_INSENSITIVE);
  private static final Pattern CAA =
      Pattern.compile("\\d{1,3} +(issue|issuewild|iodef|contactemail|contactphone) +\"[^\"]*\"");

  /** The maximum length of one record value in Route 53, in characters once encoded. */
  private static final int MAX_VALUE_LENGTH = 4000;

  private static final long DEFAULT_TTL = 300;

  private DnsRecordParser() {}

  static DnsRecordSpec parse(SpecReader spec) {
    String zone = zone(spec);
    String name = name(spec, zone);
    String type = spec.oneOf("type", TYPES).orElse("");
    if (!spec.has("type")) {
      spec.error("type", "required field is missing; for example A, AAAA, CNAME or TXT");
    }
    boolean hasAlias = spec.has("alias");
    boolean hasValues = spec.has("values");
    DnsRecordSpec.Alias alias = spec.object("alias").map(DnsRecordParser::alias).orElse(null);
    List<String> values = spec.stringList("values");
    // Route 53 accepts TTLs up to 2147483647 seconds, which is Integer.MAX_VALUE.
    Optional<Integer> ttl = spec.integer("ttl", 0, Integer.MAX_VALUE);
    if (hasAlias == hasValues) {
      spec.error(
          hasAlias ? "values" : "alias",
          hasAlias
              ? "set either alias or values, not both"
              : "required field is missing; set values (with an optional ttl) or alias");
    }
    if (hasAlias) {
      checkAlias(spec, type);
      return new DnsRecordSpec(zone, name, type, null, List.of(), alias, spec.position("name"));
    }
    if (hasValues) {
      checkValues(spec, type, name, zone, values);
    }
    long seconds = ttl.map(Integer::longValue).orElse(DEFAULT_TTL);
    return new DnsRecordSpec(zone, name, type, seconds, values, null, spec.position("name"));
  }

  private static String zone(SpecReader spec) {
    String zone = spec.requiredString("zone");
    if (ZONE_ID.matcher(zone).matches()) {
      return zone.replace("/hostedzone/", "");
    }
    String normal = DnsNames.name(zone);
    if (!zone.isEmpty() && !DOMAIN_NAME.matcher(normal).matches()) {
      spec.error(
          "zone",
          "invalid value \""
              + zone
              + "\": expected a hosted zone name such as example.com or an id such as"
              + " Z0123456789ABCDEFGHIJ");
    }
    return normal;
  }

  private static String name(SpecReader spec, String zone) {
    String raw = spec.requiredString("name");
    String name = DnsNames.name(raw);
    if (raw.isEmpty()) {
      return name;
    }
    if (!DOMAIN_NAME.matcher(name).matches() || name.length() > 253) {
      spec.error(
          "name",
          "invalid value \"" + raw + "\": expected a fully qualified name such as api.example.com");
      return name;
    }
    if (name.startsWith(OwnerRecord.PREFIX)) {
      spec.error(
          "name",
          "names starting with "
              + OwnerRecord.PREFIX
              + " are reserved for mooring's owner records");
    }
    boolean inZone = name.equals(zone) || name.endsWith("." + zone);
    if (!ZONE_ID.matcher(zone).matches() && !zone.isEmpty() && !inZone) {
      spec.error(
          "name",
          "\""
              + name
              + "\" is not in the hosted zone "
              + zone
              + "; write the fully qualified name, such as api."
              + zone);
    }
    return name;
  }

  private static DnsRecordSpec.Alias alias(SpecReader reader) {
    int targets = 0;
    Reference api = null;
    Reference loadBalancer = null;
    String dnsName = null;
    if (reader.has("api")) {
      targets++;
      api =
          new Reference(
              "Api", reader.requiredString("api"), reader.child("api"), reader.position("api"));
    }
    if (reader.has("loadBalancer")) {
      targets++;
      loadBalancer =
          new Reference(
              "LoadBalancer",
              reader.requiredString("loadBalancer"),
              reader.child("loadBalancer"),
              reader.position("loadBalancer"));
    }
    if (reader.has("dnsName")) {
      targets++;
      dnsName = DnsNames.name(reader.requiredString("dnsName"));
      if (!reader.has("hostedZoneId")) {
        reader.error(
            "hostedZoneId",
            "required field is missing; an alias to a DNS name needs the hosted zone of that name");
      }
    }
    String zone =
        reader
            .string("hostedZoneId", ZONE_ID, "a hosted zone id such as Z35SXDOTRQ7X7K")
            .orElse(null);
    if (zone != null && dnsName == null) {
      reader.error("hostedZoneId", "only an alias to a dnsName takes a hostedZoneId");
    }
    if (targets != 1) {
      reader.error(
          targets == 0 ? "api" : "dnsName",
          targets == 0
              ? "required field is missing; set one of api, loadBalancer or dnsName"
              : "set only one of api, loadBalancer and dnsName");
    }
    boolean health = reader.bool("evaluateTargetHealth").orElse(false);
    return new DnsRecordSpec.Alias(
        api, loadBalancer, dnsName, zone == null ? null : zone.replace("/hostedzone/", ""), health);
  }

  private static void checkAlias(SpecReader spec, String type) {
    if (!type.isEmpty() && !type.equals("A") && !type.equals("AAAA")) {
      spec.error("alias", "mooring supports alias records of type A and AAAA only, not " + type);
    }
    if (spec.has("ttl")) {
      spec.error("ttl", "an alias record has no TTL of its own; Route 53 uses the target's");
    }
  }

  private static void checkValues(
      SpecReader spec, String type, String name, String zone, List<String> values) {
    if (values.isEmpty()) {
      spec.error("values", "a record needs at least one value");
      return;
    }
    Set<String> seen = new HashSet<>();
    for (String value : values) {
      Optional<String> problem = valueProblem(type, value);
      if (problem.isPresent()) {
        spec.error("values", "invalid " + type + " value \"" + value + "\": " + problem.get());
      } else if (!seen.add(DnsNames.value(type, value))) {
        spec.error("values", "duplicate value \"" + value + "\"");
      }
    }
    if (type.equals("CNAME") && values.size() > 1) {
      spec.error("values", "a CNAME record has exactly one value");
    }
    if ((type.equals("CNAME") || type.equals("NS")) && name.equals(zone)) {
      spec.error("name", "a " + type + " record cannot be at the zone apex " + zone);
    }
  }

  /** Returns what is wrong with a value of a type, or empty when it is valid. */
  static Optional<String> valueProblem(String type, String value) {
    return switch (type) {
      case "A" ->
          check(IPV4.matcher(value).matches(), "expected an IPv4 address such as 192.0.2.10");
      case "AAAA" ->
          check(IPV6.matcher(value).matches(), "expected an IPv6 address such as 2001:db8::10");
      case "CNAME", "NS", "PTR" ->
          check(HOST.matcher(value).matches(), "expected a host name such as www.example.com");
      case "MX" ->
          check(
              MX.matcher(value).matches(),
              "expected a priority and a mail server, such as \"10 mail.example.com\"");
      case "SRV" ->
          check(
              SRV.matcher(value).matches(),
              "expected priority, weight, port and target, such as \"10 5 5060 sip.example.com\"");
      case "CAA" ->
          check(
              CAA.matcher(value).matches(),
              "expected flags, tag and quoted value, such as 0 issue \"amazon.com\"");
      case "TXT", "SPF" -> txtProblem(value);
      default -> check(!value.isBlank(), "the value is empty");
    };
  }

  private static Optional<String> txtProblem(String value) {
    if (value.length() > 1 && value.startsWith("\"") && value.endsWith("\"")) {
      return Optional.of("write the text without the surrounding quotes; mooring adds them");
    }
    int length = DnsNames.encodeTxt(value).length();
    return check(
        length <= MAX_VALUE_LENGTH,
        "longer than Route 53's maximum of "
            + MAX_VALUE_LENGTH
            + " characters once quoted and split into strings of 255 bytes ("
            + length
            + ")");
  }

  private static Optional<String> check(boolean valid, String problem) {
    return valid ? Optional.empty() : Optional.of(problem);
  }
}
