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
            case "cdc":
                return cdcSchema();
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

    static SchemaBuilder debeziumEnum(String allowed) {
        return SchemaBuilder.string().name("io.debezium.data.Enum").version(1).parameter("allowed", allowed).optional();
    }

    static Schema cdcSchema() {
        Schema row = SchemaBuilder.struct().name("bench.public.customers.Value").optional()
            .field("id", Schema.INT32_SCHEMA).field("name", Schema.STRING_SCHEMA).field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("score", Schema.OPTIONAL_FLOAT64_SCHEMA).field("balance", Decimal.builder(2).optional().build())
            .field("active", Schema.OPTIONAL_BOOLEAN_SCHEMA).field("visits", Schema.OPTIONAL_INT64_SCHEMA)
            .field("created_at", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").version(1).optional().build())
            .field("status", debeziumEnum("new,active,closed").build())
            .field("note", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source").version(1)
            .field("version", Schema.STRING_SCHEMA).field("connector", Schema.STRING_SCHEMA).field("name", Schema.STRING_SCHEMA)
            .field("ts_ms", Schema.INT64_SCHEMA)
            .field("snapshot", debeziumEnum("true,first,first_in_data_collection,last_in_data_collection,last,false,incremental").defaultValue("false").build())
            .field("db", Schema.STRING_SCHEMA).field("sequence", Schema.OPTIONAL_STRING_SCHEMA).field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA).field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("txId", Schema.OPTIONAL_INT64_SCHEMA).field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("xmin", Schema.OPTIONAL_INT64_SCHEMA)
            .field("origin", Schema.OPTIONAL_STRING_SCHEMA).field("origin_lsn", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
        Schema transaction = SchemaBuilder.struct().optional().name("event.block").version(1)
            .field("id", Schema.STRING_SCHEMA).field("total_order", Schema.INT64_SCHEMA).field("data_collection_order", Schema.INT64_SCHEMA).build();
        return SchemaBuilder.struct().name("bench.public.customers.Envelope").version(2)
            .field("before", row).field("after", row).field("source", source).field("transaction", transaction)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).field("ts_us", Schema.OPTIONAL_INT64_SCHEMA)
            .field("ts_ns", Schema.OPTIONAL_INT64_SCHEMA)
            .build();
    }

    static Struct cdcRow(Schema row, int i, int version) {
        return new Struct(row).put("id", i).put("name", "Customer " + i + " " + version)
            .put("email", i % 5 == 0 ? null : "customer" + i + "@example.com").put("score", i % 3 == 0 ? null : (Double) (i * 0.75 + version))
            .put("balance", new BigDecimal(BigInteger.valueOf(i * 1000L + 99 + version), 2)).put("active", i % 2 == 0)
            .put("visits", (long) (i * 7 + version)).put("created_at", 1700000000000000L + i * 1000003L)
            .put("status", version == 0 ? "new" : "active").put("note", i % 4 == 0 ? "note " + i + " \u2013 caf\u00e9 \u2615" : null);
    }

    /** Same as cdcRecord in ../records.mjs. */
    static Struct cdcRecord(Schema schema, int i) {
        Schema row = schema.field("after").schema();
        Schema source = schema.field("source").schema();
        long ts = 1700000000000L + i;
        long lsn = 23000000L + i * 312L;
        boolean update = i % 3 == 2;
        Struct s = new Struct(schema)
            .put("after", cdcRow(row, i, update ? 1 : 0))
            .put("source", new Struct(source).put("version", "3.0.0.Final").put("connector", "postgresql").put("name", "bench")
                .put("ts_ms", ts).put("db", "shop").put("sequence", "[\"" + (lsn - 312) + "\",\"" + lsn + "\"]")
                .put("ts_us", ts * 1000L).put("ts_ns", ts * 1000000L).put("schema", "public").put("table", "customers")
                .put("txId", (long) (780 + i)).put("lsn", lsn))
            .put("op", update ? "u" : "c").put("ts_ms", ts + 5).put("ts_us", (ts + 5) * 1000L).put("ts_ns", (ts + 5) * 1000000L);
        if (update) s.put("before", cdcRow(row, i, 0));
        return s;
    }

    static Struct record(String size, Schema schema, int i) {
        if (size.equals("cdc")) return cdcRecord(schema, i);
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

    /** The JVM's CPU time (all its threads: JIT and GC included, as Node's process.cpuUsage()). */
    static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /**
     * Runs op over the records until `seconds` pass (after a warm-up of the same length); records/s,
     * bytes/s and records per CPU-second (steadier than wall time when other work shares the machine).
     */
    static double[] measure(int n, double seconds, Op op) {
        long bytes = 0, count = 0;
        for (int phase = 0; phase < 2; phase++) {
            bytes = 0; count = 0;
            long cpu = OS.getProcessCpuTime();
            long start = System.nanoTime(), limit = (long) (seconds * 1e9);
            while (System.nanoTime() - start < limit) {
                for (int i = 0; i < n; i++) { bytes += op.run(i); }
                count += n;
            }
            if (phase == 1) {
                double s = (System.nanoTime() - start) / 1e9;
                double cpuS = (OS.getProcessCpuTime() - cpu) / 1e9;
                return new double[] { count / s, bytes / s, count / cpuS };
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
                out.append('"').append(c).append("\":{\"encode\":[").append(enc[0]).append(',').append(enc[1]).append(',').append(enc[2])
                    .append("],\"decode\":[").append(dec[0]).append(',').append(dec[1]).append(',').append(dec[2]).append("],\"samples\":[");
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
