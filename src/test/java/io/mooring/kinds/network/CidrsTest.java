package io.mooring.kinds.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parsing and canonical form of CIDR blocks. */
class CidrsTest {

  @ParameterizedTest
  @CsvSource({
    "10.0.0.0/16, 10.0.0.0/16",
    "0.0.0.0/0, 0.0.0.0/0",
    "192.168.1.7/32, 192.168.1.7/32",
    "010.000.000.000/8, 10.0.0.0/8",
    "::/0, ::/0",
    "2001:DB8::/32, 2001:db8::/32",
    "2001:0db8:0000:0000:0000:0000:0000:0000/32, 2001:db8::/32",
    "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
    "2001:0:0:1:0:0:0:1/128, 2001:0:0:1::1/128",
    "fe80::1/128, fe80::1/128",
    "fe80::1/64, fe80::/64",
    "2001:db8:1:2:3:4:5:6/128, 2001:db8:1:2:3:4:5:6/128",
    "1::/16, 1::/16"
  })
  void canonicalFormIsWritten(String text, String expected) {
    assertThat(Cidrs.normalize(text)).isEqualTo(expected);
  }

  @Test
  void hostBitsAreFoundAndCleared() {
    Cidrs.Block block = Cidrs.parse("10.0.3.1/16");

    assertThat(block.hasHostBits()).isTrue();
    assertThat(block.network()).hasToString("10.0.0.0/16");
    assertThat(Cidrs.parse("10.0.0.0/16").hasHostBits()).isFalse();
    assertThat(Cidrs.parse("2001:db8::1/64").network()).hasToString("2001:db8::/64");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "10.0.0.0",
        "10.0.0/16",
        "10.0.0.256/16",
        "10.0.0.0/33",
        "10.0.0.-1/8",
        "2001:db8::/129",
        "2001:db8::1::/64",
        "2001:db8:1:2:3:4:5:6:7/128",
        "2001:12345::/32",
        "vpc/16",
        "example.com/24"
      })
  void invalidBlockIsRejected(String text) {
    assertThatThrownBy(() -> Cidrs.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void textThatIsNoBlockStaysAsItIs() {
    assertThat(Cidrs.normalize("pl-0a1b2c3d")).isEqualTo("pl-0a1b2c3d");
  }
}
