// The Java side of the converters bench: Kafka's JsonConverter (connect-json 4.3.1) over the same
// records as ../records.mjs, with warm-up. Usage:
//   java -cp '.cache/lib/*:.cache/classes' ConvBench <sizes comma-separated> <seconds per figure> <sample count>
// Prints one JSON document: per size and case, encode/decode records/s and bytes/s, plus Base64 samples.
import org.apache.kafka.connect.data.*;
import org.apache.kafka.connect.json.JsonConverter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.*;

public class ConvBench {
    static final Schema ADDRESS = SchemaBuilder.struct().name("bench.Address")
        .field("street", Schema.STRING_SCHEMA).field("city", Schema.STRING_SCHEMA).field("zip", Schema.INT32_SCHEMA).build();

    static Schema schema(String size) {
        switch (size) {
            case "small":
                return SchemaBuilder.struct().name("bench.Small").field("id", Schema.INT64_SCHEMA).field("name", Schema.STRING_SCHEMA)
                    .field("qty", Schema.INT32_SCHEMA).field("price", Schema.FLOAT64_SCHEMA).field("active", Schema.BOOLEAN_SCHEMA).build();
            case "medium": {
                SchemaBuilder b = SchemaBuilder.struct().name("bench.Medium").field("id", Schema.INT64_SCHEMA);
                for (int k = 0; k < 6; k++) b.field("s" + k, Schema.STRING_SCHEMA);
                for (int k = 0; k < 3; k++) b.field("n" + k, Schema.INT32_SCHEMA);
                b.field("d0", Schema.FLOAT64_SCHEMA).field("d1", Schema.FLOAT64_SCHEMA)
                    .field("amount", Decimal.builder(2).build()).field("tax", Decimal.builder(4).optional().build())
                    .field("created", Timestamp.builder().build()).field("updated", Timestamp.builder().optional().build())
                    .field("day", org.apache.kafka.connect.data.Date.builder().build()).field("flag", Schema.BOOLEAN_SCHEMA)
                    .field("address", ADDRESS).field("note", Schema.OPTIONAL_STRING_SCHEMA);
                return b.build();
            }
            default: {
                SchemaBuilder b = SchemaBuilder.struct().name("bench.Large");
                for (int k = 0; k < 100; k++) {
                    int t = k % 4;
                    b.field("f" + k, t == 0 ? Schema.INT64_SCHEMA : t == 1 ? Schema.STRING_SCHEMA : t == 2 ? Schema.FLOAT64_SCHEMA : Schema.OPTIONAL_INT32_SCHEMA);
                }
                return b.build();
            }
        }
    }

    static Struct record(String size, Schema schema, int i) {
        Struct s = new Struct(schema);
        if (size.equals("small")) {
            return s.put("id", (long) i).put("name", "name-" + i).put("qty", i % 1000).put("price", i * 1.25).put("active", i % 2 == 0);
        }
        if (size.equals("medium")) {
            s.put("id", (long) i);
            for (int k = 0; k < 6; k++) s.put("s" + k, "value " + k + " of row " + i + " \u00fc");
            for (int k = 0; k < 3; k++) s.put("n" + k, i * (k + 1) % 100000);
            s.put("d0", i + 0.5).put("d1", (i + 1) * -0.25)
                .put("amount", new BigDecimal(BigInteger.valueOf(i * 100L + 37), 2))
                .put("tax", i % 3 == 0 ? null : new BigDecimal(BigInteger.valueOf(i * 7L), 4))
                .put("created", new java.util.Date(1700000000000L + i * 1000L))
                .put("updated", i % 2 == 0 ? null : new java.util.Date(1700000500000L + i))
                .put("day", new java.util.Date((19000L + (i % 1000)) * 86400000L)).put("flag", i % 5 == 0)
                .put("address", new Struct(ADDRESS).put("street", i + " Main St").put("city", "Springfield").put("zip", 10000 + (i % 90000)))
                .put("note", i % 4 == 0 ? "note " + i : null);
            return s;
        }
        for (int k = 0; k < 100; k++) {
            int t = k % 4;
            Object v = t == 0 ? (Object) (long) (i * 100 + k) : t == 1 ? "v" + k + "-" + i : t == 2 ? (Object) (k + i * 0.5) : k % 8 == 3 ? null : (Object) (i + k);
            s.put("f" + k, v);
        }
        return s;
    }

    interface Op { long run(int idx); }

    /** Runs op over the records until `seconds` pass (after a warm-up of the same length); records/s and bytes/s. */
    static double[] measure(int n, double seconds, Op op) {
        long bytes = 0, count = 0;
        for (int phase = 0; phase < 2; phase++) {
            bytes = 0; count = 0;
            long start = System.nanoTime(), limit = (long) (seconds * 1e9);
            while (System.nanoTime() - start < limit) {
                for (int i = 0; i < n; i++) { bytes += op.run(i); }
                count += n;
            }
            if (phase == 1) {
                double s = (System.nanoTime() - start) / 1e9;
                return new double[] { count / s, bytes / s };
            }
        }
        throw new IllegalStateException();
    }

    public static void main(String[] args) {
        String[] sizes = args[0].split(",");
        double seconds = Double.parseDouble(args[1]);
        int samples = Integer.parseInt(args[2]);
        int n = 1000;
        StringBuilder out = new StringBuilder("{");
        boolean firstSize = true;
        for (String size : sizes) {
            Schema schema = schema(size);
            Struct[] recs = new Struct[n];
            for (int i = 0; i < n; i++) recs[i] = record(size, schema, i);
            if (!firstSize) out.append(',');
            firstSize = false;
            out.append('"').append(size).append("\":{");
            boolean firstCase = true;
            for (String c : new String[] { "json-schemas", "json-noschemas" }) {
                JsonConverter conv = new JsonConverter();
                Map<String, Object> cfg = new HashMap<>();
                cfg.put("schemas.enable", c.equals("json-schemas") ? "true" : "false");
                conv.configure(cfg, false);
                byte[][] encoded = new byte[n][];
                for (int i = 0; i < n; i++) encoded[i] = conv.fromConnectData("bench", schema, recs[i]);
                double[] enc = measure(n, seconds, i -> conv.fromConnectData("bench", schema, recs[i]).length);
                double[] dec = measure(n, seconds, i -> { conv.toConnectData("bench", encoded[i]); return encoded[i].length; });
                if (!firstCase) out.append(',');
                firstCase = false;
                out.append('"').append(c).append("\":{\"encode\":[").append(enc[0]).append(',').append(enc[1])
                    .append("],\"decode\":[").append(dec[0]).append(',').append(dec[1]).append("],\"samples\":[");
                for (int i = 0; i < samples; i++) {
                    if (i > 0) out.append(',');
                    out.append('"').append(Base64.getEncoder().encodeToString(encoded[i])).append('"');
                }
                out.append("]}");
            }
            out.append('}');
        }
        out.append('}');
        System.out.println(out);
    }
}
