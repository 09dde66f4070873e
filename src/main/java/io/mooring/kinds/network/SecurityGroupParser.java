package io.mooring.kinds.network;

import io.mooring.api.Reference;
import io.mooring.api.SpecReader;
import io.mooring.kinds.environment.ResourceTags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Reads and validates the spec of a {@code SecurityGroup} document. */
final class SecurityGroupParser {
  private static final Pattern VPC = Pattern.compile("vpc-[0-9a-f]{8}([0-9a-f]{9})?");
  static final Pattern GROUP_ID = Pattern.compile("sg-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern PREFIX_LIST = Pattern.compile("pl-[0-9a-f]{8}([0-9a-f]{9})?");
  private static final Pattern DOCUMENT_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Pattern PORT_RANGE = Pattern.compile("(\\d{1,5})\\s*-\\s*(\\d{1,5})");

  /** The characters and length that EC2 accepts in group and rule descriptions in a VPC. */
  static final Pattern DESCRIPTION =
      Pattern.compile("[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]{1,255}");

  private static final String DESCRIPTION_RULE =
      "use at most 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*";

  private SecurityGroupParser() {}

  static SecurityGroupSpec parse(SpecReader spec) {
    String description =
        spec.string(
                "description",
                DESCRIPTION,
                "a description of 1 to 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*")
            .orElse("");
    if (!spec.has("description")) {
      spec.error(
          "description",
          "required field is missing; AWS needs a description and cannot change it later");
    }
    String vpc = spec.string("vpc", VPC, "a VPC id such as vpc-0a1b2c3d").orElse(null);
    List<Reference> references = new ArrayList<>();
    List<Rule> ingress = rules(spec, "ingress", "from", references);
    List<Rule> egress = spec.has("egress") ? rules(spec, "egress", "to", references) : null;
    return new SecurityGroupSpec(
        description,
        vpc,
        ingress,
        egress,
        ResourceTags.read(spec),
        references,
        spec.position("vpc"));
  }

  private static List<Rule> rules(
      SpecReader spec, String key, String peerKey, List<Reference> references) {
    List<Rule> rules = new ArrayList<>();
    Map<String, String> seen = new HashMap<>();
    for (SpecReader item : spec.objectList(key)) {
      Optional<Rule> rule = rule(item, peerKey, references);
      if (rule.isEmpty()) {
        continue;
      }
      String first = seen.putIfAbsent(rule.get().key(), item.path());
      if (first != null) {
        item.problems()
            .add(
                item.position(),
                item.path(),
                "duplicate rule: " + first + " allows the same traffic");
        continue;
      }
      rules.add(rule.get());
    }
    return rules;
  }

  private static Optional<Rule> rule(SpecReader item, String peerKey, List<Reference> references) {
    String protocol = protocol(item);
    Ports ports = ports(item, protocol);
    Optional<Rule.Peer> peer = peer(item, peerKey, references);
    String description = item.string("description").orElse(null);
    if (description != null && !DESCRIPTION.matcher(description).matches()) {
      item.error("description", "invalid description: " + DESCRIPTION_RULE);
    }
    if (protocol == null || ports == null || peer.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Rule(protocol, ports.from(), ports.to(), peer.get(), description));
  }

  /** Reads the protocol, which is tcp when left out. Returns null after an error. */
  private static String protocol(SpecReader item) {
    Optional<Node> raw = item.raw("protocol");
    if (raw.isEmpty()) {
      return "tcp";
    }
    Node node = raw.get();
    boolean scalar =
        node instanceof ScalarNode
            && (node.getTag().equals(Tag.STR) || node.getTag().equals(Tag.INT));
    String protocol = scalar ? Rule.normalizeProtocol(((ScalarNode) node).getValue()) : null;
    if (protocol == null) {
      String found =
          node instanceof ScalarNode s ? "\"" + s.getValue() + "\"" : SpecReader.describe(node);
      item.error(
          "protocol",
          "invalid protocol "
              + found
              + ": use tcp, udp, icmp, icmpv6, all or an IP protocol number from 0 to 255");
    }
    return protocol;
  }

  /** A rule's first and last port, both null for protocols without ports. */
  private record Ports(Integer from, Integer to) {
    static final Ports NONE = new Ports(null, null);

    static Ports single(int port) {
      return new Ports(port, port);
    }
  }

  /**
   * Reads {@code port} or {@code ports}. Protocols other than tcp and udp take no ports and give
   * {@link Ports#NONE}. Returns null after an error.
   */
  private static Ports ports(SpecReader item, String protocol) {
    boolean hasPort = item.has("port");
    boolean hasPorts = item.has("ports");
    if (protocol != null && !Rule.hasPorts(protocol)) {
      if (hasPort || hasPorts) {
        item.error(
            hasPort ? "port" : "ports",
            "ports apply only to tcp and udp; protocol " + protocol + " allows every port");
        return null;
      }
      return Ports.NONE;
    }
    if (hasPort && hasPorts) {
      item.error("ports", "set port or ports, not both");
      return null;
    }
    if (hasPort) {
      return item.integer("port", 0, 65535).map(Ports::single).orElse(null);
    }
    if (!hasPorts) {
      item.error(
          "port",
          "required field is missing; set port, or ports such as 8000-8010 (0-65535 for every"
              + " port)");
      return null;
    }
    return portRange(item);
  }

  private static Ports portRange(SpecReader item) {
    Node node = item.raw("ports").orElseThrow();
    if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)) {
      return item.integer("ports", 0, 65535).map(Ports::single).orElse(null);
    }
    String text = node instanceof ScalarNode scalar ? scalar.getValue() : "";
    Matcher range = PORT_RANGE.matcher(text);
    if (!(node instanceof ScalarNode) || !range.matches()) {
      item.error(
          "ports", "invalid port range \"" + text + "\": expected FIRST-LAST such as 8000-8010");
      return null;
    }
    int from = Integer.parseInt(range.group(1));
    int to = Integer.parseInt(range.group(2));
    if (to > 65535 || from > to) {
      item.error(
          "ports",
          "invalid port range \""
              + text
              + "\": ports run from 0 to 65535 and the first must not exceed the last");
      return null;
    }
    return new Ports(from, to);
  }

  /** Reads the peer mapping, which names exactly one CIDR block, security group or prefix list. */
  private static Optional<Rule.Peer> peer(
      SpecReader item, String peerKey, List<Reference> references) {
    if (!item.has(peerKey)) {
      item.error(peerKey, "required field is missing; set cidr, securityGroup or prefixList");
      return Optional.empty();
    }
    Optional<SpecReader> peerReader = item.object(peerKey);
    if (peerReader.isEmpty()) {
      return Optional.empty();
    }
    SpecReader peer = peerReader.get();
    Optional<String> cidr = peer.string("cidr");
    Optional<String> group = peer.string("securityGroup");
    Optional<String> prefixList =
        peer.string("prefixList", PREFIX_LIST, "a prefix list id such as pl-0a1b2c3d");
    int set =
        (peer.has("cidr") ? 1 : 0)
            + (peer.has("securityGroup") ? 1 : 0)
            + (peer.has("prefixList") ? 1 : 0);
    if (set != 1) {
      item.error(
          peerKey,
          "set exactly one of cidr, securityGroup and prefixList; write one rule for each peer");
      return Optional.empty();
    }
    if (cidr.isPresent()) {
      return cidr(peer, cidr.get());
    }
    if (group.isPresent()) {
      return group(peer, group.get(), references);
    }
    return prefixList.map(id -> new Rule.Peer(Rule.PeerType.PREFIX_LIST, id));
  }

  private static Optional<Rule.Peer> cidr(SpecReader peer, String text) {
    Cidrs.Block block;
    try {
      block = Cidrs.parse(text);
    } catch (IllegalArgumentException e) {
      peer.error("cidr", "invalid CIDR block \"" + text + "\": " + e.getMessage());
      return Optional.empty();
    }
    if (block.hasHostBits()) {
      peer.error(
          "cidr", "invalid CIDR block \"" + text + "\": host bits are set; use " + block.network());
      return Optional.empty();
    }
    return Optional.of(new Rule.Peer(Rule.PeerType.CIDR, block.toString()));
  }

  /** Reads a group as an {@code sg-} id or as the name of a SecurityGroup document. */
  private static Optional<Rule.Peer> group(
      SpecReader peer, String group, List<Reference> references) {
    if (group.startsWith("sg-")) {
      if (!GROUP_ID.matcher(group).matches()) {
        peer.error(
            "securityGroup", "invalid security group id \"" + group + "\": expected sg-0a1b2c3d");
        return Optional.empty();
      }
      return Optional.of(new Rule.Peer(Rule.PeerType.GROUP_ID, group));
    }
    if (!DOCUMENT_NAME.matcher(group).matches()) {
      peer.error(
          "securityGroup",
          "invalid value \""
              + group
              + "\": expected the name of a SecurityGroup document or a security group id such as"
              + " sg-0a1b2c3d");
      return Optional.empty();
    }
    references.add(
        new Reference(
            SecurityGroupKind.KIND,
            group,
            peer.child("securityGroup"),
            peer.position("securityGroup")));
    return Optional.of(new Rule.Peer(Rule.PeerType.GROUP_NAME, group));
  }
}
