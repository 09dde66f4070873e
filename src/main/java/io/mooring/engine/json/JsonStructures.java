package io.mooring.engine.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Converts between JSON text and plain Java structures, the form in which kinds hold policy
 * documents, event patterns and rule parameters.
 *
 * <p>A structure is built from {@code Map<String, Object>} (keys in document order), {@code
 * List<Object>}, {@code String}, {@code BigDecimal} for every number, {@code Boolean} and {@code
 * null}. Keeping every number as a {@code BigDecimal} means that {@code 1} and {@code 1.0} compare
 * by value, while a number never equals a string.
 */
public final class JsonStructures {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private JsonStructures() {}

  /**
   * Parses JSON text into a structure.
   *
   * @throws InvalidJsonException if the text is not one valid JSON value or repeats a key
   */
  public static Object parse(String text) {
    try {
      JsonNode node = MAPPER.readTree(text);
      if (node == null || node.isMissingNode()) {
        throw new InvalidJsonException("invalid JSON: the text is empty");
      }
      return fromNode(node);
    } catch (JsonProcessingException e) {
      throw new InvalidJsonException("invalid JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static Object fromNode(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(entry -> map.put(entry.getKey(), fromNode(entry.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(fromNode(item)));
      return list;
    }
    if (node.isNumber()) {
      return node.decimalValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNull()) {
      return null;
    }
    return node.textValue();
  }

  /**
   * Writes a structure as compact JSON, keeping the order of its maps. Numbers of any {@link
   * Number} type are written by value.
   *
   * @throws IllegalArgumentException if the structure contains a value that JSON cannot represent
   */
  public static String write(Object structure) {
    checkWritable(structure, "$");
    try {
      return MAPPER.writeValueAsString(structure);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write structure as JSON: " + e.getMessage(), e);
    }
  }

  private static void checkWritable(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      map.forEach(
          (key, item) -> {
            if (!(key instanceof String)) {
              throw new IllegalArgumentException(
                  "JSON keys must be strings, found " + key + " at " + path);
            }
            checkWritable(item, path + "." + key);
          });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        checkWritable(list.get(i), path + "[" + i + "]");
      }
    } else if (!(value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number)) {
      throw new IllegalArgumentException(
          "JSON cannot represent " + value.getClass().getSimpleName() + " at " + path);
    }
  }

  /** Returns a number of any {@link Number} type as a {@code BigDecimal} of the same value. */
  static BigDecimal decimal(Number number) {
    return number instanceof BigDecimal decimal ? decimal : new BigDecimal(number.toString());
  }
}
