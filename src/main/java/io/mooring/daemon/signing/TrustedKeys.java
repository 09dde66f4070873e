package io.mooring.daemon.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.bouncycastle.openpgp.api.OpenPGPApi;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;

/**
 * The OpenPGP public keys whose signatures make a commit trusted, read from one file of one or more
 * ASCII-armored keys, as {@code gpg --armor --export} writes them.
 */
public final class TrustedKeys {
  private final OpenPGPApi api;
  private final List<OpenPGPCertificate> certificates;

  private TrustedKeys(OpenPGPApi api, List<OpenPGPCertificate> certificates) {
    this.api = api;
    this.certificates = List.copyOf(certificates);
  }

  /**
   * Reads the keys of a file.
   *
   * @throws IllegalArgumentException if the file is missing, unreadable, or contains no public key
   */
  public static TrustedKeys read(Path file) {
    String armored;
    try {
      armored = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (NoSuchFileException e) {
      throw invalid(file, "file not found");
    } catch (IOException e) {
      throw invalid(file, "reading it failed: " + e.getMessage());
    }
    return parse(armored, file.toString());
  }

  /** Parses armored public keys, naming {@code source} in errors. */
  static TrustedKeys parse(String armored, String source) {
    OpenPGPApi api = new BcOpenPGPApi();
    List<OpenPGPCertificate> certificates;
    try {
      certificates = api.readKeyOrCertificate().parseCertificates(armored);
    } catch (IOException | RuntimeException e) {
      throw invalid(source, "it is not a list of armored OpenPGP public keys: " + e.getMessage());
    }
    if (certificates.isEmpty()) {
      throw invalid(source, "it contains no OpenPGP public key");
    }
    return new TrustedKeys(api, certificates);
  }

  OpenPGPApi api() {
    return api;
  }

  List<OpenPGPCertificate> certificates() {
    return certificates;
  }

  public int size() {
    return certificates.size();
  }

  /** Returns each key's fingerprint and primary user id, for logs. */
  public String describe() {
    return certificates.stream().map(TrustedKeys::describe).collect(Collectors.joining(", "));
  }

  static String describe(OpenPGPCertificate certificate) {
    String fingerprint = certificate.getKeyIdentifier().toString();
    OpenPGPCertificate.OpenPGPUserId user = certificate.getPrimaryUserId();
    return user == null ? fingerprint : fingerprint + " (" + user.getUserId() + ")";
  }

  private static IllegalArgumentException invalid(Object file, String problem) {
    return new IllegalArgumentException(
        "Invalid value for option '--trusted-keys': \"" + file + "\": " + problem);
  }
}
