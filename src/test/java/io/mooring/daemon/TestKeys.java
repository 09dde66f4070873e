package io.mooring.daemon;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.bouncycastle.bcpg.PublicKeyPacket;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.api.OpenPGPApi;
import org.bouncycastle.openpgp.api.OpenPGPKey;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPApi;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.GpgSignature;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.transport.CredentialsProvider;

/**
 * An OpenPGP key pair that a test generates, with a JGit {@link Signer} that signs commits with it.
 * The keys are version 4 Ed25519 keys, the kind that {@code gpg --quick-generate-key} makes.
 */
final class TestKeys {
  private static final OpenPGPApi API = new BcOpenPGPApi();

  private final OpenPGPKey key;

  private TestKeys(OpenPGPKey key) {
    this.key = key;
  }

  /** Generates a key pair for {@code userId}, created a minute ago so that it is valid now. */
  static TestKeys generate(String userId) {
    try {
      Date created = Date.from(Instant.now().minus(Duration.ofMinutes(1)));
      return new TestKeys(
          API.generateKey(PublicKeyPacket.VERSION_4, created).ed25519x25519Key(userId).build());
    } catch (PGPException e) {
      throw new IllegalStateException("generating a test key failed", e);
    }
  }

  /** Returns the public key, ASCII-armored as {@code gpg --armor --export} writes it. */
  String armoredPublicKey() {
    try {
      return key.toCertificate().toAsciiArmoredString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String fingerprint() {
    return key.getKeyIdentifier().toString();
  }

  /** Returns a signer that makes a detached armored signature over the commit bytes. */
  Signer signer() {
    return signer(UnaryOperator.identity());
  }

  /**
   * Returns a signer that signs {@code change} applied to the commit bytes instead of the bytes
   * themselves, which stands for a commit changed after it was signed.
   */
  Signer signer(UnaryOperator<byte[]> change) {
    return new FixedSigner(
        data -> {
          try {
            return API.createDetachedSignature()
                .addSigningKey(key)
                .sign(new ByteArrayInputStream(change.apply(data)))
                .get(0)
                .toAsciiArmoredString();
          } catch (IOException | PGPException e) {
            throw new IllegalStateException("signing a test commit failed", e);
          }
        });
  }

  /** Returns a signer that writes {@code signature} whatever the commit, such as an SSH one. */
  static Signer fixedSignature(String signature) {
    return new FixedSigner(data -> signature);
  }

  /** A JGit signer whose signature text comes from a function of the signed bytes. */
  private record FixedSigner(Function<byte[], String> signature) implements Signer {
    @Override
    public GpgSignature sign(
        Repository repository,
        GpgConfig config,
        byte[] data,
        PersonIdent committer,
        String signingKey,
        CredentialsProvider credentials) {
      return new GpgSignature(signature.apply(data).getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public boolean canLocateSigningKey(
        Repository repository,
        GpgConfig config,
        PersonIdent committer,
        String signingKey,
        CredentialsProvider credentials) {
      return true;
    }
  }
}
