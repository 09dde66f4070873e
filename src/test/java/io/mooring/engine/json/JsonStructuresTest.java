package io.mooring.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing JSON into structures and writing structures back. */
class JsonStructuresTest {

  @Test
  void parseGivesMapsListsDecimalsBooleansAndNull() {
    Object value = JsonStructures.parse("{\"b\":[1,2.5,true,null,\"x\"],\"a\":{}}");

    assertThat(value).isInstanceOf(Map.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) value;
    assertThat(map.keySet()).containsExactly("b", "a");
    assertThat(map.get("b"))
        .isEqualTo(Arrays.asList(new BigDecimal("1"), new BigDecimal("2.5"), true, null, "x"));
    assertThat(map.get("a")).isEqualTo(Map.of());
  }

  @Test
  void parseRejectsDuplicateKeys() {
    assertThatThrownBy(() -> JsonStructures.parse("{\"a\":1,\"a\":2}"))
        .isInstanceOf(InvalidJsonException.class)
        .hasMessageContaining("Duplicate field 'a'");
  }

  @Test
  void parseRejectsTrailingText() {
    assertThatThrownBy(() -> JsonStructures.parse("{\"a\":1} x"))
        .isInstanceOf(InvalidJsonException.class);
  }

  @Test
  void parseRejectsEmptyText() {
    assertThatThrownBy(() -> JsonStructures.parse("  ")).isInstanceOf(InvalidJsonException.class);
  }

  @Test
  void writeKeepsMapOrderAndPlainNumbers() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", new BigDecimal("1E+2"));
    map.put("a", Arrays.asList("x", null, 7L, 0.5));

    assertThat(JsonStructures.write(map)).isEqualTo("{\"z\":100,\"a\":[\"x\",null,7,0.5]}");
  }

  @Test
  void writeRejectsValuesJsonCannotHold() {
    assertThatThrownBy(() -> JsonStructures.write(Map.of("a", List.of(new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("$.a[0]");
  }
}
