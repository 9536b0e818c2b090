// Runs the real Kafka JsonConverter over corpus.json for src/java-compat.it.test.ts.
// Usage: java -cp '.cache/lib/*:.cache/classes' Compat corpus.json ts-output.json > java-output.json
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.connect.data.*;
import org.apache.kafka.connect.json.JsonConverter;

import java.io.File;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.*;

public class Compat {
    static final ObjectMapper M = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        JsonNode corpus = M.readTree(new File(args[0]));
        JsonNode tsOut = M.readTree(new File(args[1]));
        ArrayNode results = M.createArrayNode();
        for (JsonNode c : corpus.get("cases")) {
            String id = c.get("id").asText();
            ObjectNode r = results.addObject();
            r.put("id", id);
            JsonConverter conv = converter(c);
            try {
                Schema schema = c.hasNonNull("schema") ? schema(c.get("schema")) : null;
                Object value = schema == null ? plain(c.get("value")) : value(schema, c.get("value"));
                byte[] bytes = conv.fromConnectData("t", schema, value);
                r.put("bytes", bytes == null ? null : Base64.getEncoder().encodeToString(bytes));
            } catch (Exception e) {
                r.put("error", String.valueOf(e.getMessage()));
            }
            JsonNode ts = tsOut.get(id);
            if (ts != null && ts.hasNonNull("bytes")) {
                try {
                    SchemaAndValue sv = conv.toConnectData("t", Base64.getDecoder().decode(ts.get("bytes").asText()));
                    byte[] again = conv.fromConnectData("t", sv.schema(), sv.value());
                    r.put("reread", again == null ? null : Base64.getEncoder().encodeToString(again));
                } catch (Exception e) {
                    r.put("rereadError", String.valueOf(e.getMessage()));
                }
            }
            // Raw JSON documents the test wants Java to read (e.g. hand-written input).
            if (c.has("read")) {
                try {
                    SchemaAndValue sv = conv.toConnectData("t", c.get("read").asText().getBytes(StandardCharsets.UTF_8));
                    JsonConverter plainOut = new JsonConverter();
                    Map<String, Object> cfg = new HashMap<>();
                    cfg.put("schemas.enable", "true");
                    cfg.put("decimal.format", "NUMERIC");
                    plainOut.configure(cfg, false);
                    byte[] shown = plainOut.fromConnectData("t", sv.schema(), sv.value());
                    r.put("readAs", shown == null ? null : new String(shown, StandardCharsets.UTF_8));
                } catch (Exception e) {
                    r.put("readError", String.valueOf(e.getMessage()));
                }
            }
        }
        System.out.println(M.writeValueAsString(results));
    }

    static JsonConverter converter(JsonNode c) {
        Map<String, Object> cfg = new HashMap<>();
        if (c.has("config")) c.get("config").properties().forEach(e -> cfg.put(e.getKey(), e.getValue().asText()));
        JsonConverter conv = new JsonConverter();
        conv.configure(cfg, c.path("isKey").asBoolean(false));
        return conv;
    }

    static Schema schema(JsonNode s) {
        String type = s.get("type").asText();
        SchemaBuilder b;
        switch (type) {
            case "array": b = SchemaBuilder.array(schema(s.get("items"))); break;
            case "map": b = SchemaBuilder.map(schema(s.get("keys")), schema(s.get("values"))); break;
            case "struct":
                b = SchemaBuilder.struct();
                for (JsonNode f : s.get("fields")) b.field(f.get("name").asText(), schema(f.get("schema")));
                break;
            default: b = SchemaBuilder.type(Schema.Type.valueOf(type.toUpperCase(Locale.ROOT)));
        }
        if (s.path("optional").asBoolean(false)) b.optional();
        if (s.has("name")) b.name(s.get("name").asText());
        if (s.has("version")) b.version(s.get("version").asInt());
        if (s.has("doc")) b.doc(s.get("doc").asText());
        if (s.has("parameters")) s.get("parameters").properties().forEach(e -> b.parameter(e.getKey(), e.getValue().asText()));
        if (s.has("default")) b.defaultValue(value(b.build(), s.get("default")));
        return b.build();
    }

    /** The corpus value encoding: int64 as digit strings, floats may be "NaN"/"Infinity"/"-0.0", bytes base64, decimals text, dates epoch millis. */
    static Object value(Schema s, JsonNode v) {
        if (v == null || v.isNull()) return null;
        String name = s.name();
        if (Decimal.LOGICAL_NAME.equals(name)) return new BigDecimal(v.asText());
        if (org.apache.kafka.connect.data.Date.LOGICAL_NAME.equals(name) || Time.LOGICAL_NAME.equals(name) || Timestamp.LOGICAL_NAME.equals(name))
            return new java.util.Date(v.asLong());
        switch (s.type()) {
            case INT8: return (byte) v.asInt();
            case INT16: return (short) v.asInt();
            case INT32: return v.asInt();
            case INT64: return Long.parseLong(v.asText());
            case FLOAT32: return v.isTextual() ? Float.parseFloat(v.asText()) : v.floatValue();
            case FLOAT64: return v.isTextual() ? Double.parseDouble(v.asText()) : v.doubleValue();
            case BOOLEAN: return v.asBoolean();
            case STRING: return v.asText();
            case BYTES: return Base64.getDecoder().decode(v.asText());
            case ARRAY: {
                List<Object> out = new ArrayList<>();
                for (JsonNode e : v) out.add(value(s.valueSchema(), e));
                return out;
            }
            case MAP: {
                Map<Object, Object> out = new LinkedHashMap<>();
                for (JsonNode e : v) out.put(value(s.keySchema(), e.get(0)), value(s.valueSchema(), e.get(1)));
                return out;
            }
            case STRUCT: {
                Struct st = new Struct(s);
                for (Field f : s.fields()) if (v.has(f.name())) st.put(f, value(f.schema(), v.get(f.name())));
                return st;
            }
        }
        throw new IllegalArgumentException("type " + s.type());
    }

    /** Schemaless values: JSON as Java would hand them to the converter (integers Long, fractions Double, objects Map). */
    static Object plain(JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isTextual()) return v.asText();
        if (v.isBoolean()) return v.asBoolean();
        if (v.isIntegralNumber()) return v.asLong();
        if (v.isNumber()) return v.asDouble();
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            for (JsonNode e : v) out.add(plain(e));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        v.properties().forEach(e -> out.put(e.getKey(), plain(e.getValue())));
        return out;
    }
}
