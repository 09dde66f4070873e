package io.mooring.daemon.webhook;

import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Hub-Signature-256} scheme of GitHub webhooks: {@code sha256=} followed by the
 * lowercase hex HMAC-SHA256 of the raw request body, keyed with the shared secret.
 */
public final class HmacSignature {
  /** The request header that carries the signature. */
  public static final String HEADER = "X-Hub-Signature-256";

  private static final String PREFIX = "sha256=";
  private static final String ALGORITHM = "HmacSHA256";
  private static final int DIGEST_HEX_LENGTH = 64;

  private HmacSignature() {}

  /** Returns the header value that signs {@code body} with {@code secret}. */
  public static String sign(byte[] secret, byte[] body) {
    return PREFIX + HexFormat.of().formatHex(digest(secret, body));
  }

  /**
   * Returns whether {@code header} is the signature of {@code body} with {@code secret}. The
   * digests are compared in constant time, so the time taken does not reveal how many leading bytes
   * match.
   *
   * @param header the header value, or null when the request had none
   */
  public static boolean matches(byte[] secret, byte[] body, String header) {
    if (header == null || !header.startsWith(PREFIX)) {
      return false;
    }
    String hex = header.substring(PREFIX.length()).strip();
    if (hex.length() != DIGEST_HEX_LENGTH) {
      return false;
    }
    byte[] presented;
    try {
      presented = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(digest(secret, body), presented);
  }

  private static byte[] digest(byte[] secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(secret, ALGORITHM));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every Java SE runtime must provide HmacSHA256, and any non-empty key is valid for it.
      throw new IllegalStateException("computing HmacSHA256 failed", e);
    }
  }
}
