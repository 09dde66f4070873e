package io.mooring.daemon.signing;

import io.mooring.daemon.Revision;
import io.mooring.daemon.RevisionCheck;
import io.mooring.daemon.UntrustedRevisionException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.api.OpenPGPDetachedSignatureProcessor;
import org.bouncycastle.openpgp.api.OpenPGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPSignature.OpenPGPDocumentSignature;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts only revisions whose commit carries a valid OpenPGP signature by one of the trusted keys.
 *
 * <p>The signature must verify over the commit object without its signature header, and the key
 * that made it must have been valid when it signed, as BouncyCastle's OpenPGP API judges it: bound
 * to a trusted primary key, not expired and not revoked. Only the fetched head commit is checked,
 * because its signature covers its whole tree.
 *
 * <p>NOTE: SSH and X.509 commit signatures are rejected, because {@code --trusted-keys} takes
 * OpenPGP keys only.
 */
public final class SignedCommitCheck implements RevisionCheck {
  private static final Logger log = LoggerFactory.getLogger(SignedCommitCheck.class);
  private static final String OPENPGP_ARMOR = "-----BEGIN PGP SIGNATURE-----";
  private static final String SSH_ARMOR = "-----BEGIN SSH SIGNATURE-----";

  /** Reads the raw object of a commit from the clone. */
  @FunctionalInterface
  public interface CommitReader {
    /**
     * Returns the commit object's bytes, as {@code git cat-file commit} prints them.
     *
     * @throws io.mooring.daemon.GitSourceException if the commit cannot be read
     */
    byte[] rawCommit(String commit);
  }

  private final TrustedKeys keys;
  private final CommitReader reader;

  public SignedCommitCheck(TrustedKeys keys, CommitReader reader) {
    this.keys = keys;
    this.reader = reader;
  }

  @Override
  public void check(Revision revision) {
    String commit = revision.commit();
    SignedCommit signed = SignedCommit.parse(reader.rawCommit(commit));
    String signature = signed.signature();
    if (signature == null) {
      throw untrusted(commit, "it is not signed");
    }
    if (signature.startsWith(SSH_ARMOR)) {
      throw untrusted(
          commit, "it has an SSH signature, and --trusted-keys contains only OpenPGP keys");
    }
    if (!signature.startsWith(OPENPGP_ARMOR)) {
      throw untrusted(commit, "its signature is not an OpenPGP signature");
    }
    List<OpenPGPDocumentSignature> results = verify(commit, signed);
    for (OpenPGPDocumentSignature result : results) {
      if (isValid(result)) {
        log.info(
            "Commit {} is signed by trusted key {}",
            commit,
            TrustedKeys.describe(result.getIssuerCertificate()));
        return;
      }
    }
    if (results.isEmpty()) {
      throw untrusted(
          commit, "it is signed by key " + issuers(signature) + ", which is not a trusted key");
    }
    throw untrusted(
        commit,
        "its signature by trusted key "
            + TrustedKeys.describe(results.get(0).getIssuerCertificate())
            + " is invalid: the commit differs from what was signed, or the key had expired or"
            + " was revoked when it signed");
  }

  private List<OpenPGPDocumentSignature> verify(String commit, SignedCommit signed) {
    OpenPGPDetachedSignatureProcessor processor = keys.api().verifyDetachedSignature();
    keys.certificates().forEach(processor::addVerificationCertificate);
    try {
      processor.addSignatures(stream(signed.signature()));
      return processor.process(new ByteArrayInputStream(signed.payload()));
    } catch (IOException | RuntimeException e) {
      throw untrusted(commit, "its signature cannot be read: " + e.getMessage());
    }
  }

  private static boolean isValid(OpenPGPDocumentSignature result) {
    try {
      return result.isValid();
    } catch (PGPException e) {
      log.debug("Signature check failed", e);
      return false;
    }
  }

  /** Returns the fingerprint or key id of each signer of a signature, for the error message. */
  private static String issuers(String signature) {
    List<String> ids = new ArrayList<>();
    try (InputStream in = PGPUtil.getDecoderStream(stream(signature))) {
      Object object = new BcPGPObjectFactory(in).nextObject();
      if (object instanceof PGPSignatureList list) {
        for (PGPSignature each : list) {
          ids.add(format(OpenPGPSignature.getMostExpressiveIdentifier(each.getKeyIdentifiers())));
        }
      }
    } catch (IOException | RuntimeException e) {
      return "(unknown)";
    }
    return ids.isEmpty() ? "(unknown)" : String.join(" or ", ids.stream().distinct().toList());
  }

  /** Formats a fingerprint, or a 64-bit key id, in upper-case hex as {@code gpg} prints it. */
  private static String format(KeyIdentifier id) {
    if (id == null) {
      return "(unknown)";
    }
    byte[] fingerprint = id.getFingerprint();
    if (fingerprint != null) {
      return HexFormat.of().withUpperCase().formatHex(fingerprint);
    }
    return String.format("%016X", id.getKeyId());
  }

  private static InputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII));
  }

  private UntrustedRevisionException untrusted(String commit, String reason) {
    return new UntrustedRevisionException(
        "commit "
            + commit
            + " is held back because "
            + reason
            + "; only commits signed by one of the "
            + keys.size()
            + " key(s) of --trusted-keys are applied");
  }
}
