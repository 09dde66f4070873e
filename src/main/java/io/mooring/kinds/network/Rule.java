package io.mooring.kinds.network;

import io.mooring.api.ResourceId;
import io.mooring.engine.ReconcileContext;
import java.util.Locale;
import java.util.function.Function;

/**
 * One security group rule in normal form: the protocol by name, the port range only where the
 * protocol has ports, and one peer (the source of an inbound rule, the destination of an outbound
 * rule).
 *
 * <p>Two rules with the same {@link #key()} allow the same traffic. AWS treats them as one rule and
 * keeps one description for it.
 *
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code all} or an IP
 *     protocol number such as {@code 50}
 * @param fromPort the first port for tcp and udp, the ICMP type for icmp and icmpv6 (null for every
 *     type), and null for every other protocol
 * @param toPort the last port for tcp and udp, the ICMP code for icmp and icmpv6 (null for every
 *     code), and null for every other protocol
 * @param description the rule's description, or null
 */
record Rule(String protocol, Integer fromPort, Integer toPort, Peer peer, String description) {

  /** The kinds of peer that a rule can name. */
  enum PeerType {
    CIDR,
    GROUP_ID,
    /** A SecurityGroup document's name, which {@link #resolve} replaces with the group's id. */
    GROUP_NAME,
    PREFIX_LIST
  }

  /**
   * @param value a canonical CIDR block, an {@code sg-} id, a document name, a {@code pl-} id, or
   *     for an unresolved group the placeholder {@code (SecurityGroup/NAME)}
   */
  record Peer(PeerType type, String value) {}

  /** The outbound rule that AWS gives every new security group: all traffic to any IPv4 address. */
  static final Rule ALL_OUTBOUND =
      new Rule("all", null, null, new Peer(PeerType.CIDR, "0.0.0.0/0"), null);

  Rule {
    description = description == null || description.isEmpty() ? null : description;
  }

  /** Returns whether the protocol is tcp or udp, the protocols whose rules have a port range. */
  static boolean hasPorts(String protocol) {
    return protocol.equals("tcp") || protocol.equals("udp");
  }

  /** Returns whether the protocol is icmp or icmpv6, whose rules may name an ICMP type and code. */
  static boolean isIcmp(String protocol) {
    return protocol.equals("icmp") || protocol.equals("icmpv6");
  }

  /**
   * Returns the canonical name of a protocol as AWS reports it or a document writes it: {@code -1}
   * and {@code all} are all traffic, 6 is tcp, 17 udp, 1 icmp and 58 icmpv6. Other numbers stay
   * numbers; null when the text is no protocol.
   */
  static String normalizeProtocol(String text) {
    String lower = text.trim().toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "-1", "all" -> "all";
      case "6", "tcp" -> "tcp";
      case "17", "udp" -> "udp";
      case "1", "icmp" -> "icmp";
      case "58", "icmpv6" -> "icmpv6";
      default -> {
        try {
          int number = Integer.parseInt(lower);
          yield number >= 0 && number <= 255 ? Integer.toString(number) : null;
        } catch (NumberFormatException e) {
          yield null;
        }
      }
    };
  }

  /** Returns the protocol as the EC2 API takes it: {@code -1} for all traffic. */
  String awsProtocol() {
    return protocol.equals("all") ? "-1" : protocol;
  }

  /** Returns the rule with a document name replaced by the group id that {@code groupIds} gives. */
  Rule resolve(Function<ResourceId, String> groupIds) {
    if (peer.type() != PeerType.GROUP_NAME) {
      return this;
    }
    String id = groupIds.apply(new ResourceId(SecurityGroupKind.KIND, peer.value()));
    return new Rule(protocol, fromPort, toPort, new Peer(PeerType.GROUP_ID, id), description);
  }

  /** Returns whether the peer is known to AWS, that is not a group that does not exist yet. */
  boolean isResolved() {
    return peer.type() != PeerType.GROUP_NAME
        && !(peer.type() == PeerType.GROUP_ID && ReconcileContext.isPlaceholder(peer.value()));
  }

  /** Returns the traffic the rule allows, without its description, as in {@code tcp 5432 sg-1}. */
  String key() {
    StringBuilder text = new StringBuilder(protocol);
    String ports = portText();
    if (!ports.isEmpty()) {
      text.append(' ').append(ports);
    }
    return text.append(' ').append(peer.value()).toString();
  }

  /**
   * Returns the rule as the plan shows it, such as {@code tcp 5432 from sg-0a1b "Postgres"}, with
   * {@code direction} {@code from} for inbound and {@code to} for outbound rules.
   */
  String text(String direction) {
    StringBuilder text = new StringBuilder(protocol);
    String ports = portText();
    if (!ports.isEmpty()) {
      text.append(' ').append(ports);
    }
    text.append(' ').append(direction).append(' ').append(peer.value());
    if (description != null) {
      text.append(" \"").append(description).append('"');
    }
    return text.toString();
  }

  private String portText() {
    if (hasPorts(protocol) && fromPort != null && toPort != null) {
      return fromPort.equals(toPort) ? fromPort.toString() : fromPort + "-" + toPort;
    }
    if (isIcmp(protocol) && fromPort != null) {
      return "type " + fromPort + (toPort == null ? "" : " code " + toPort);
    }
    return "";
  }
}
