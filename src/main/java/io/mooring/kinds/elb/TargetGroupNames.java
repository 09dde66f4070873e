package io.mooring.kinds.elb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Derives the AWS name of a target group from its load balancer and its settings.
 *
 * <p>Target group names must be unique in an account and region, at most 32 characters long, and
 * made of letters, digits and single hyphens, neither first nor last. A name is {@code <load
 * balancer>-<target group>-<hash>}, with the first part cut to fit. The six hex digits hash the
 * load balancer and target group names with the protocol, port and target type, which AWS cannot
 * change in place. A change to one of them thus gives the replacement target group a new name, so
 * it can exist next to the old one while the listeners move over.
 */
public final class TargetGroupNames {
  /** The maximum length of a target group name in AWS. */
  public static final int MAX_LENGTH = 32;

  private static final int HASH_DIGITS = 6;

  private TargetGroupNames() {}

  /** Returns the AWS name of a target group of the named load balancer. */
  public static String of(String loadBalancer, LoadBalancerSpec.TargetGroup group) {
    String settings =
        String.join(
            "/",
            loadBalancer,
            group.name(),
            group.protocol(),
            Integer.toString(group.port()),
            group.targetType());
    String readable = (loadBalancer + "-" + group.name()).replaceAll("-{2,}", "-");
    int maxReadable = MAX_LENGTH - HASH_DIGITS - 1;
    if (readable.length() > maxReadable) {
      readable = readable.substring(0, maxReadable);
    }
    while (readable.endsWith("-")) {
      readable = readable.substring(0, readable.length() - 1);
    }
    return readable + "-" + hash(settings);
  }

  private static String hash(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, HASH_DIGITS);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
